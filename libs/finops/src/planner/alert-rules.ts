// The alert kinds and their defaults. A rule row replaces the default of its kind: a team's own
// row for that team, else the organization's row (team '*'), else the default below.

export type AlertKind =
  | 'run-rate-review'
  | 'run-rate-self-host'
  | 'break-even-short'
  | 'low-utilization'
  | 'dlq-growth'
  | 'job-failed'
  | 'saturation'
  | 'budget-threshold'
  | 'spend-anomaly';

export type AlertDirection = 'above' | 'below';

/** The team of organization-wide rules and alerts. */
export const ORG_TEAM = '*';

export interface AlertRuleSetting {
  kind: AlertKind;
  direction: AlertDirection;
  threshold: number;
  /** Share of the threshold the value must move back past before the alert resolves. */
  hysteresis: number;
  enabled: boolean;
  /** Days after a resolution before the same alert may fire again (no flapping week to week). */
  cooldownDays: number;
  /** Until then transitions are recorded but not delivered. */
  mutedUntil: string | null;
  /** What the threshold measures, for the API, CLI and page. */
  unit: string;
}

type Defaults = Omit<AlertRuleSetting, 'kind' | 'enabled' | 'mutedUntil'>;
const rule = (kind: AlertKind, d: Defaults): AlertRuleSetting => ({ kind, enabled: true, mutedUntil: null, ...d });

export const DEFAULT_ALERT_RULES: Readonly<Record<AlertKind, AlertRuleSetting>> = {
  /** Monthly token run-rate (28 days) at which a rigorous TCO review is due (DESIGN §6: ~20–30M). */
  'run-rate-review': rule('run-rate-review', {
    direction: 'above',
    threshold: 20e6,
    hysteresis: 0.1,
    cooldownDays: 14,
    unit: 'tokens/month',
  }),
  /** A workload's run-rate at which self-hosting likely pays: 50M, or its computed threshold when lower. */
  'run-rate-self-host': rule('run-rate-self-host', {
    direction: 'above',
    threshold: 50e6,
    hysteresis: 0.1,
    cooldownDays: 14,
    unit: 'tokens/month',
  }),
  /** A workload the night recommends migrating, breaking even in under this many months. */
  'break-even-short': rule('break-even-short', {
    direction: 'below',
    threshold: 6,
    hysteresis: 0.1,
    cooldownDays: 0,
    unit: 'months',
  }),
  /** A deployment whose utilization stayed under this share on each of the last 7 days. */
  'low-utilization': rule('low-utilization', {
    direction: 'below',
    threshold: 0.3,
    hysteresis: 0.1,
    cooldownDays: 0,
    unit: 'share',
  }),
  /** Dead-lettered records added since the previous night. */
  'dlq-growth': rule('dlq-growth', {
    direction: 'above',
    threshold: 100,
    hysteresis: 0,
    cooldownDays: 0,
    unit: 'records',
  }),
  /** A nightly step that exhausted its retries. */
  'job-failed': rule('job-failed', {
    direction: 'above',
    threshold: 1,
    hysteresis: 0,
    cooldownDays: 0,
    unit: 'failures',
  }),
  /** A deployment whose busiest hour is forecast to exceed its capacity within this many weeks. */
  saturation: rule('saturation', { direction: 'below', threshold: 8, hysteresis: 0, cooldownDays: 0, unit: 'weeks' }),
  /**
   * A budget's spend crossing 50, 80 or 100 % of it (events recorded by the spend governance): the threshold is
   * the lowest share that alerts (0.5: all three; 0.99: only 100 %).
   */
  'budget-threshold': rule('budget-threshold', {
    direction: 'above',
    threshold: 0.5,
    hysteresis: 0,
    cooldownDays: 0,
    unit: 'lowest share of the budget alerted',
  }),
  /** A day's spend outside its forecast band, this many robust standard deviations wide (the spend governance). */
  'spend-anomaly': rule('spend-anomaly', {
    direction: 'above',
    threshold: 3,
    hysteresis: 0,
    cooldownDays: 0,
    unit: 'robust standard deviations',
  }),
};

export const ALERT_KINDS = Object.keys(DEFAULT_ALERT_RULES) as AlertKind[];

export function isAlertKind(value: string): value is AlertKind {
  return (ALERT_KINDS as string[]).includes(value);
}

export interface AlertRuleOverride {
  team: string;
  kind: string;
  threshold: number;
  hysteresis: number;
  enabled: boolean;
  cooldownDays?: number;
  mutedUntil?: string | null;
}

/**
 * The rule that applies to a team: its own row, else the organization's ('*'), else the default.
 * Rows given without a team (older callers) count as the team's own.
 */
export function resolveAlertRule(
  kind: AlertKind,
  overrides: readonly (Omit<AlertRuleOverride, 'team'> & { team?: string })[],
  team?: string,
): AlertRuleSetting {
  const own =
    overrides.find((r) => r.kind === kind && (r.team === undefined || r.team === team) && r.team !== ORG_TEAM) ??
    overrides.find((r) => r.kind === kind && r.team === ORG_TEAM);
  const base = DEFAULT_ALERT_RULES[kind];
  if (!own) return base;
  return {
    ...base,
    threshold: own.threshold,
    hysteresis: own.hysteresis,
    enabled: own.enabled,
    cooldownDays: own.cooldownDays ?? base.cooldownDays,
    mutedUntil: own.mutedUntil ?? null,
  };
}

/** Kinds the spend governance records out of band: each fires once (a month's threshold, a day), so neither
 * hysteresis nor a cooldown applies, and finops' setting bounds every team's. */
export const GOVERNANCE_ALERT_KINDS: readonly AlertKind[] = ['budget-threshold', 'spend-anomaly'];

/**
 * The threshold a governance kind is judged by for a team: the stricter of the team's own rule and the
 * organization's, so a team may make its alerts more sensitive but never hide from finops what finops asked for.
 * Disabled rules still count: enabling and muting decide where an alert goes (AlertDispatcher), not whether
 * it is recorded.
 */
export function governanceThreshold(
  kind: 'budget-threshold' | 'spend-anomaly',
  overrides: readonly (Omit<AlertRuleOverride, 'team'> & { team?: string })[],
  team: string,
): number {
  return Math.min(
    resolveAlertRule(kind, overrides, team).threshold,
    resolveAlertRule(kind, overrides, ORG_TEAM).threshold,
  );
}

/** A rule's numbers as a request sets them (each optional when changing a rule). */
export interface AlertRuleNumbers {
  threshold?: number;
  hysteresis?: number;
  cooldownDays?: number;
}

/**
 * What is wrong with a rule's settings for its kind, by field (none: empty). Governance kinds fire once, so they
 * take no hysteresis or cooldown; their thresholds are a share of a budget, or a band's width.
 */
export function alertRuleSettingProblems(
  kind: AlertKind,
  settings: AlertRuleNumbers,
): Array<{ field: keyof AlertRuleNumbers; message: string }> {
  const problems: Array<{ field: keyof AlertRuleNumbers; message: string }> = [];
  if (!GOVERNANCE_ALERT_KINDS.includes(kind)) return problems;
  const once = `a ${kind} alert fires once (per budget threshold and month, or per day); expected 0 or absent`;
  if (settings.hysteresis) problems.push({ field: 'hysteresis', message: once });
  if (settings.cooldownDays) problems.push({ field: 'cooldownDays', message: once });
  const t = settings.threshold;
  if (t !== undefined && kind === 'budget-threshold' && !(t > 0 && t <= 1))
    problems.push({
      field: 'threshold',
      message: 'expected the lowest share of the budget that alerts, above 0 and at most 1 (0.5: 50, 80 and 100 %)',
    });
  if (t !== undefined && kind === 'spend-anomaly' && !(t > 0 && t <= 20))
    problems.push({
      field: 'threshold',
      message: "expected the forecast band's width in robust standard deviations, above 0 and at most 20 (default 3)",
    });
  return problems;
}

/**
 * The recommendations a break-even alert may agree with: those that buy or rent new capacity
 * (USE_EXISTING_CAPACITY has nothing to break even on).
 */
const BREAK_EVEN_KINDS: readonly string[] = ['MIGRATE_TO_SELF_HOSTED', 'HYBRID', 'SELF_HOST_FOR_COMPLIANCE'];

export function isMigrateKind(kind: string): boolean {
  return BREAK_EVEN_KINDS.includes(kind);
}
