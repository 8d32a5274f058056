// A monthly budget's standing, from its month-to-date spend: the actual figure, a straight-line
// projection to month end, the state a gateway acts on, and which soft thresholds have been
// crossed. Pure: the caller passes `now` and the spend; side effects (alerts, storage) live elsewhere.

export const BUDGET_UNITS = ['usd', 'tokens'] as const;
export type BudgetUnit = (typeof BUDGET_UNITS)[number];

/** Soft thresholds, in percent of the budget; each alerts once per month on each basis. */
export const BUDGET_THRESHOLD_PERCENTS = [50, 80, 100] as const;
export const BUDGET_BASES = ['actual', 'projected'] as const;
export type BudgetBasis = (typeof BUDGET_BASES)[number];

export interface Budget {
  id: string;
  team: string;
  /** null: the whole team (or, for a key budget, every project of the key). */
  project: string | null;
  /** Set for a key budget: only the records this API key signed count. */
  apiKeyId?: string | null;
  unit: BudgetUnit;
  /** USD or tokens per calendar month (UTC). */
  amount: number;
  hardLimit: boolean;
}

/** Month-to-date spend of one scope. */
export interface MonthSpend {
  usd: number;
  tokens: number;
  /**
   * The start of the UTC day the scope first spent this month: its run rate is measured from there (absent: the
   * month's start).
   */
  since?: Date | null;
  /**
   * API records (not self-hosted) with no price: their tokens count, their cost is unknown and not in `usd`.
   * A USD budget says how many, so its figure is not read as complete.
   */
  unpricedRecords?: number;
}

export type BudgetState = 'ok' | 'warning' | 'exceeded';

export interface BudgetStatus {
  state: BudgetState;
  unit: BudgetUnit;
  /** In the budget's unit. */
  spent: number;
  projected: number;
  amount: number;
  spentUsd: number;
  projectedUsd: number;
  /** Null for a token budget. */
  budgetUsd: number | null;
  hardLimit: boolean;
  /** The days of spend the projection's run rate is measured over (projectionBasisDays). */
  projectionDays: number;
  /** API records this month with no price: in `spent` for a token budget, missing from every USD figure. */
  unpricedRecords: number;
}

/** At or above this share of the budget, actual or projected, the state is `warning`. */
const WARNING_PERCENT = 80;

export function monthStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

export function nextMonthStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
}

/**
 * Month-end spend at the scope's month-to-date run rate, measured from its first spend this month: a team,
 * project or key that started mid-month is not averaged over days before it spent (one that started on the
 * 20th and spends $100 a day was projected at $625 on the 25th, not $1,100). The first hours would
 * extrapolate a handful of calls to a month, so the elapsed time counts as at least one day.
 */
export function projectMonthEnd(spent: number, now: Date, since?: Date | null): number {
  const day = 86_400_000;
  const elapsed = Math.max(projectionBasisDays(now, since) * day, day);
  return spent + (spent / elapsed) * Math.max(nextMonthStart(now).getTime() - now.getTime(), 0);
}

export function budgetStatus(budget: Budget, spend: MonthSpend, now: Date): BudgetStatus {
  const spent = budget.unit === 'usd' ? spend.usd : spend.tokens;
  const projected = projectMonthEnd(spent, now, spend.since);
  const projectedUsd = projectMonthEnd(spend.usd, now, spend.since);
  const projectionDays = projectionBasisDays(now, spend.since);
  // A projected overrun warns on the same three days of spend its alert waits for: a day's run rate × 30 is
  // noise (a reviewer's first call of the month read as 2,325 % of the budget).
  const projectedOverrun = projectionDays >= PROJECTION_MIN_DAYS && projected >= budget.amount;
  const state: BudgetState =
    spent >= budget.amount
      ? 'exceeded'
      : spent * 100 >= budget.amount * WARNING_PERCENT || projectedOverrun
        ? 'warning'
        : 'ok';
  return {
    state,
    unit: budget.unit,
    spent,
    projected,
    amount: budget.amount,
    spentUsd: spend.usd,
    projectedUsd,
    budgetUsd: budget.unit === 'usd' ? budget.amount : null,
    hardLimit: budget.hardLimit,
    projectionDays,
    unpricedRecords: spend.unpricedRecords ?? 0,
  };
}

/** The worse of two states, for a project that sits inside a team budget as well. */
export function worseState(a: BudgetState, b: BudgetState): BudgetState {
  const rank: Record<BudgetState, number> = { ok: 0, warning: 1, exceeded: 2 };
  return rank[a] >= rank[b] ? a : b;
}

export interface ThresholdCrossing {
  basis: BudgetBasis;
  percent: number;
  /** The figure that crossed it, in the budget's unit. */
  value: number;
}

/** `actual:80` */
export const thresholdKey = (basis: BudgetBasis, percent: number) => `${basis}:${percent}`;

/**
 * A projection needs this much of the month behind it before it alerts: one day's run rate times 30
 * is noise (a Monday batch job, a test), so projected thresholds wait for three days of data.
 */
export const PROJECTION_MIN_DAYS = 3;

/**
 * Days (fractional) from the month's start, or from the scope's first spend this month when later, to
 * `now`: the basis of the run-rate projection.
 */
export function projectionBasisDays(now: Date, since?: Date | null): number {
  const start = Math.max(monthStart(now).getTime(), since?.getTime() ?? 0);
  return Math.max(now.getTime() - start, 0) / 86_400_000;
}

/**
 * Thresholds crossed and not yet fired this month. A jump from 40% to 110% crosses 50, 80 and 100
 * at once; each still fires once, in order. Projected thresholds fire only once the projection stands on
 * PROJECTION_MIN_DAYS of spend (a crossing before then fires on the first check after).
 */
export function thresholdsToFire(
  status: BudgetStatus,
  fired: ReadonlySet<string>,
  /** The lowest share of the budget that alerts (the budget-threshold rule's threshold). */
  lowestShare = 0.5,
): ThresholdCrossing[] {
  if (status.amount <= 0) return [];
  const projectionReady = status.projectionDays >= PROJECTION_MIN_DAYS;
  const crossings: ThresholdCrossing[] = [];
  for (const basis of BUDGET_BASES) {
    if (basis === 'projected' && !projectionReady) continue;
    const value = basis === 'actual' ? status.spent : status.projected;
    for (const percent of BUDGET_THRESHOLD_PERCENTS) {
      if (percent < lowestShare * 100) continue;
      if (value * 100 >= status.amount * percent && !fired.has(thresholdKey(basis, percent)))
        crossings.push({ basis, percent, value });
    }
  }
  return crossings;
}
