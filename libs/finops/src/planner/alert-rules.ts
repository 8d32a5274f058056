// The alert kinds the nightly planner evaluates and their defaults. A team's own row in
// alert_rules replaces the default threshold/hysteresis of that kind for that team.

export type AlertKind =
  | 'run-rate-review'
  | 'run-rate-self-host'
  | 'break-even-short'
  | 'low-utilization'
  | 'dlq-growth'
  | 'job-failed';

export type AlertDirection = 'above' | 'below';

export interface AlertRuleSetting {
  kind: AlertKind;
  direction: AlertDirection;
  threshold: number;
  /** Share of the threshold the value must move back past before the alert resolves. */
  hysteresis: number;
  enabled: boolean;
}

export const DEFAULT_ALERT_RULES: Readonly<Record<AlertKind, AlertRuleSetting>> = {
  /** Monthly token run-rate at which a rigorous TCO review is due (DESIGN §6: ~20–30M). */
  'run-rate-review': { kind: 'run-rate-review', direction: 'above', threshold: 20e6, hysteresis: 0.1, enabled: true },
  /** Run-rate at which self-hosting likely pays: 50M, or the computed threshold volume when lower. */
  'run-rate-self-host': {
    kind: 'run-rate-self-host',
    direction: 'above',
    threshold: 50e6,
    hysteresis: 0.1,
    enabled: true,
  },
  /** A workload whose self-hosting would break even in under this many months. */
  'break-even-short': { kind: 'break-even-short', direction: 'below', threshold: 6, hysteresis: 0.1, enabled: true },
  /** A deployment whose utilization stayed under this share on each of the last 7 days. */
  'low-utilization': { kind: 'low-utilization', direction: 'below', threshold: 0.3, hysteresis: 0.1, enabled: true },
  /** Dead-lettered records added since the previous night. */
  'dlq-growth': { kind: 'dlq-growth', direction: 'above', threshold: 100, hysteresis: 0, enabled: true },
  /** A nightly step that exhausted its retries. */
  'job-failed': { kind: 'job-failed', direction: 'above', threshold: 1, hysteresis: 0, enabled: true },
};

export const ALERT_KINDS = Object.keys(DEFAULT_ALERT_RULES) as AlertKind[];

export function isAlertKind(value: string): value is AlertKind {
  return (ALERT_KINDS as string[]).includes(value);
}

/** The rule that applies to a team: its own row when it has one, else the default. */
export function resolveAlertRule(
  kind: AlertKind,
  overrides: readonly { kind: string; threshold: number; hysteresis: number; enabled: boolean }[],
): AlertRuleSetting {
  const own = overrides.find((rule) => rule.kind === kind);
  const base = DEFAULT_ALERT_RULES[kind];
  return own ? { ...base, threshold: own.threshold, hysteresis: own.hysteresis, enabled: own.enabled } : base;
}
