// Month-by-month cash comparison of staying on the API against self-hosting. Savings are cash
// based: capex is paid when a deployment is bought (at the start of the month whose volume first
// needs it), so cumulative savings start at −capex and cross zero at break-even. Deployments are
// added as volume grows and never removed; hardware is not refreshed at the end of amortization.
import type { DeploymentEconomics } from './cost-model';
import { deploymentsNeeded } from './deployments-needed';
import { lastChangingMonth, VolumePath, volumeInMonth } from './volume-path';

export interface BreakEvenInput {
  volume: VolumePath;
  /** API cost of one token of the workload's mix (see blendedApiUsdPerToken). */
  apiUsdPerToken: number;
  /** One deployment; volume beyond its capacity adds identical deployments. */
  deployment: DeploymentEconomics;
}

export interface SavingsMonth {
  month: number;
  tokens: number;
  deployments: number;
  /** Capex for deployments bought at the start of this month. */
  capexUsd: number;
  apiUsd: number;
  opexUsd: number;
  /** API cost avoided minus opex paid during the month (capex excluded). */
  netUsd: number;
  /** Savings so far at the end of the month. */
  cumulativeSavingsUsd: number;
}

/** An endless month-by-month series; take as many months as needed. */
export function* savingsMonths(input: BreakEvenInput): Generator<SavingsMonth> {
  let deployments = 0;
  let cumulative = 0;
  for (let month = 1; ; month += 1) {
    const tokens = volumeInMonth(input.volume, month);
    const needed = Math.max(deployments, deploymentsNeeded(tokens, input.deployment.capacityTokensPerMonth));
    const capexUsd = (needed - deployments) * input.deployment.capexUsd;
    deployments = needed;
    const apiUsd = tokens * input.apiUsdPerToken;
    const opexUsd = deployments * input.deployment.opexUsdPerMonth;
    const netUsd = apiUsd - opexUsd;
    cumulative += netUsd - capexUsd;
    yield { month, tokens, deployments, capexUsd, apiUsd, opexUsd, netUsd, cumulativeSavingsUsd: cumulative };
  }
}

export function savingsTimeline(input: BreakEvenInput, months: number): SavingsMonth[] {
  const timeline: SavingsMonth[] = [];
  for (const month of savingsMonths(input)) {
    if (month.month > months) break;
    timeline.push(month);
  }
  return timeline;
}

/**
 * Cumulative savings after t months, t fractional. Within a month API cost and opex accrue
 * linearly; at a whole month t the value is the end of month t (before month t+1's purchases),
 * and at t = 0 it is −(capex of the first month's deployments). Once the volume stops changing,
 * savings are linear, so a far-off t is extrapolated rather than walked.
 */
export function cumulativeSavingsAt(input: BreakEvenInput, t: number): number {
  const month = Math.max(1, Math.ceil(t));
  const settlesAfter = lastChangingMonth(input.volume);
  const walkTo = settlesAfter === null ? month : Math.min(month, Math.max(1, settlesAfter));
  let current: SavingsMonth | undefined;
  for (current of savingsMonths(input)) if (current.month === walkTo) break;
  const m = current as SavingsMonth;
  if (walkTo < month) return m.cumulativeSavingsUsd + (t - walkTo) * m.netUsd;
  // Savings right after this month's purchases, then accruing through the month.
  const start = m.cumulativeSavingsUsd - m.netUsd;
  return start + (t - (month - 1)) * m.netUsd;
}

/** Cumulative savings at the end of each of these months, keyed by month. */
export function cumulativeSavingsAtMonths(input: BreakEvenInput, months: readonly number[]): Record<string, number> {
  const wanted = new Set(months);
  const last = Math.max(0, ...months);
  const result: Record<string, number> = {};
  if (wanted.has(0)) result['0'] = cumulativeSavingsAt(input, 0);
  for (const month of savingsMonths(input)) {
    if (month.month > last) break;
    if (wanted.has(month.month)) result[String(month.month)] = month.cumulativeSavingsUsd;
  }
  return result;
}
