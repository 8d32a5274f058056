// The four ways to serve a workload, month by month over the same volume path: the paid API,
// buying GPUs (capex + opex, break-even), renting GPUs by the hour (no capex, no break-even), and
// the same open model from a hosted open-model API. The cheapest available option at the horizon
// wins; an option that breaks a constraint (does not fit, not allowed, not priced) is listed with
// its reason and never wins.
import type { DeploymentEconomics } from './cost-model';
import { deploymentsNeeded } from './deployments-needed';
import { monthlyDiscountRate } from './net-present-value';
import { SavingsMonth, savingsTimeline } from './savings-timeline';
import { VolumePath, volumeInMonth } from './volume-path';

export type ServingOption = 'api' | 'buy' | 'rent' | 'hosted-open-model';

export interface OptionCost {
  option: ServingOption;
  /** Month 1 running cost (opex for buying, rent for renting, the bill for APIs). */
  monthlyUsd: number;
  capexUsd: number;
  /** Buying only; renting and APIs have nothing to pay back. */
  breakEvenMonths: number | null;
  /** Cumulative spend (capex included, resale received) at the end of these months. */
  cumulativeUsd: Record<string, number>;
  /** The same at the end of every month, month 1 first, to the last checkpoint (a break-even chart's points). */
  cumulativeUsdByMonth: number[];
  available: boolean;
  /** Why it is unavailable, or what it is (rental term, hosted provider). */
  note: string;
}

export interface OptionComparisonInput {
  volume: VolumePath;
  checkpoints: readonly number[];
  apiUsdPerToken: number;
  buy: {
    deployment: DeploymentEconomics;
    /** Per deployment, received at the end of `resaleAtMonth`. */
    resaleValueUsd: number;
    resaleAtMonth: number;
    breakEvenMonths: number | null;
    available: boolean;
    note: string;
  };
  rent: {
    /** Rent plus the staff time a rented deployment still needs, per deployment and month. */
    usdPerDeploymentMonth: number;
    capacityTokensPerMonth: number | null;
    available: boolean;
    note: string;
  } | null;
  hostedOpenModel: { usdPerToken: number; note: string } | null;
}

/** Spend of each option at each checkpoint month. */
export function compareServingOptions(input: OptionComparisonInput): OptionCost[] {
  const last = Math.max(...input.checkpoints);
  const at = (series: number[]) =>
    Object.fromEntries(input.checkpoints.map((m) => [String(m), series[m - 1] ?? 0])) as Record<string, number>;
  const cumulative = (monthly: (month: number) => number) => {
    const out: number[] = [];
    let total = 0;
    for (let m = 1; m <= last; m++) {
      total += monthly(m);
      out.push(total);
    }
    return out;
  };
  const tokens = (m: number) => volumeInMonth(input.volume, m);
  /** An option paid month by month: no capex, nothing to pay back. */
  const payAsYouGo = (
    option: ServingOption,
    monthly: (month: number) => number,
    available: boolean,
    note: string,
  ): OptionCost => {
    const byMonth = cumulative(monthly);
    return {
      option,
      monthlyUsd: monthly(1),
      capexUsd: 0,
      breakEvenMonths: null,
      cumulativeUsd: at(byMonth),
      cumulativeUsdByMonth: byMonth,
      available,
      note,
    };
  };

  const options: OptionCost[] = [
    payAsYouGo('api', (m) => tokens(m) * input.apiUsdPerToken, true, 'the paid API at its list prices'),
  ];

  const buySpend: number[] = [];
  let firstMonth = { capex: 0, opex: 0 };
  let total = 0;
  let deployments = 0;
  for (const month of buyingMonths(input, last)) {
    if (month.month === 1) firstMonth = { capex: month.capexUsd, opex: month.opexUsd };
    deployments = month.deployments;
    total += month.capexUsd + month.opexUsd;
    if (month.month === input.buy.resaleAtMonth) total -= deployments * input.buy.resaleValueUsd;
    buySpend.push(total);
  }
  options.push({
    option: 'buy',
    monthlyUsd: firstMonth.opex,
    capexUsd: firstMonth.capex,
    breakEvenMonths: input.buy.breakEvenMonths,
    cumulativeUsd: at(buySpend),
    cumulativeUsdByMonth: buySpend,
    available: input.buy.available,
    note: input.buy.note,
  });

  if (input.rent) {
    const rent = input.rent;
    const rentMonth = (m: number) =>
      deploymentsNeeded(tokens(m), rent.capacityTokensPerMonth) * rent.usdPerDeploymentMonth;
    options.push(payAsYouGo('rent', rentMonth, rent.available, rent.note));
  }
  if (input.hostedOpenModel) {
    const { usdPerToken, note } = input.hostedOpenModel;
    options.push(payAsYouGo('hosted-open-model', (m) => tokens(m) * usdPerToken, true, note));
  }
  return options;
}

/** Buying's months 1 to `months`: deployments added as the volume needs them, their capex and opex. */
function buyingMonths(
  input: Pick<OptionComparisonInput, 'volume' | 'apiUsdPerToken' | 'buy'>,
  months: number,
): SavingsMonth[] {
  return savingsTimeline(
    { volume: input.volume, apiUsdPerToken: input.apiUsdPerToken, deployment: input.buy.deployment },
    months,
  );
}

/** The available option with the lowest spend at `month`; ties keep the earlier (API first). */
export function cheapestServingOption(options: readonly OptionCost[], month: number): ServingOption {
  let best: OptionCost | null = null;
  for (const option of options) {
    if (!option.available) continue;
    if (best === null || option.cumulativeUsd[String(month)] < best.cumulativeUsd[String(month)] - 1e-9) best = option;
  }
  return (best ?? options[0]).option;
}

/**
 * Net present value of buying instead of staying on the API over `months`: capex of month 1 at
 * t = 0, then each month's API cost avoided − opex − capex of deployments added that month,
 * discounted at (1 + i)^m, and resale discounted at its month.
 */
export function buyNetPresentValueUsd(
  input: Pick<OptionComparisonInput, 'volume' | 'apiUsdPerToken' | 'buy'>,
  months: number,
  discountRatePerYear: number,
): number {
  const i = monthlyDiscountRate(discountRatePerYear);
  let npv = 0;
  for (const month of buyingMonths(input, months)) {
    npv -= month.capexUsd / (1 + i) ** (month.month - 1);
    npv += month.netUsd / (1 + i) ** month.month;
    if (month.month === input.buy.resaleAtMonth) {
      npv += (month.deployments * input.buy.resaleValueUsd) / (1 + i) ** month.month;
    }
  }
  return npv;
}
