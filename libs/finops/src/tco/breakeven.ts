// When self-hosting has paid for itself: the first moment cumulative API cost reaches capex plus
// cumulative opex (DESIGN §6). Constant volume uses the closed form; a volume path is walked month
// by month and the crossing interpolated inside its month, which reproduces the closed form.
import { deploymentsNeeded } from './deployments-needed';
import { BreakEvenInput, savingsMonths } from './savings-timeline';
import { lastChangingMonth, volumeInMonth } from './volume-path';

export interface ConstantBreakEvenInput {
  apiUsdPerMonth: number;
  capexUsd: number;
  opexUsdPerMonth: number;
}

/** capex ÷ (API/month − opex/month); null (never) when the API bill does not exceed opex. */
export function breakEvenMonthsClosedForm(input: ConstantBreakEvenInput): number | null {
  const monthlySaving = input.apiUsdPerMonth - input.opexUsdPerMonth;
  return monthlySaving > 0 ? finiteOrNever(input.capexUsd / monthlySaving) : null;
}

// A saving too small to represent pays nothing back in any horizon that matters.
function finiteOrNever(months: number): number | null {
  return Number.isFinite(months) ? months : null;
}

export interface BreakEvenOptions {
  /** How far a changing volume path is followed before giving up (null). Default 1200 (100 years). */
  searchMonths?: number;
}

export const DEFAULT_BREAK_EVEN_SEARCH_MONTHS = 1200;

/** Months until break-even, fractional; null when it never comes (or not within searchMonths). */
export function breakEvenMonths(input: BreakEvenInput, options: BreakEvenOptions = {}): number | null {
  const { deployment, apiUsdPerToken, volume } = input;
  // A fully used deployment that does not beat its own opex never pays back, whatever the volume.
  if (
    deployment.capacityTokensPerMonth !== null &&
    apiUsdPerToken * deployment.capacityTokensPerMonth <= deployment.opexUsdPerMonth
  ) {
    return null;
  }
  const settlesAfter = lastChangingMonth(volume);
  if (settlesAfter === 0) {
    const tokens = volumeInMonth(volume, 1);
    const n = deploymentsNeeded(tokens, deployment.capacityTokensPerMonth);
    return breakEvenMonthsClosedForm({
      apiUsdPerMonth: tokens * apiUsdPerToken,
      capexUsd: n * deployment.capexUsd,
      opexUsdPerMonth: n * deployment.opexUsdPerMonth,
    });
  }
  const searchMonths = options.searchMonths ?? DEFAULT_BREAK_EVEN_SEARCH_MONTHS;
  const walkMonths = settlesAfter === null ? searchMonths : Math.min(settlesAfter, searchMonths);
  const shrinking = volume.kind === 'growth' && volume.monthlyGrowth < 0;
  let last: { cumulative: number; netUsd: number; deployments: number; tokens: number } | null = null;
  for (const month of savingsMonths(input)) {
    if (month.month > walkMonths) break;
    if (!Number.isFinite(month.cumulativeSavingsUsd)) return null;
    const start = month.cumulativeSavingsUsd - month.netUsd;
    if (month.netUsd > 0 && month.cumulativeSavingsUsd >= 0) {
      return month.month - 1 + Math.max(0, -start) / month.netUsd;
    }
    // Shrinking volume on a fleet that never shrinks: once a month loses money, later months lose more.
    if (shrinking && month.netUsd <= 0) return null;
    last = {
      cumulative: month.cumulativeSavingsUsd,
      netUsd: month.netUsd,
      deployments: month.deployments,
      tokens: month.tokens,
    };
  }
  // A forecast series holds its last value: from there on the closed form finishes the walk.
  if (settlesAfter !== null && last !== null && walkMonths === settlesAfter && last.netUsd > 0) {
    return finiteOrNever(settlesAfter + -last.cumulative / last.netUsd);
  }
  return null;
}
