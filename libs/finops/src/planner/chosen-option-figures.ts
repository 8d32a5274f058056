// The money a recommendation states, taken from the option it chooses. Buying is judged by its
// break-even (capex to pay back); renting GPUs and a hosted open-model API have no up-front cost and
// compare with the API month by month (issue #15), so their break-even is null and their saving is
// the API bill minus their own month-1 cost — the same figures `tokenmeter breakeven` lists in
// `options` for that option.
import type { BreakevenResult } from '../scenario';
import type { RecommendationOption } from './recommendation-option';

export interface ChosenOptionFigures {
  /** The option whose figures these are: buy, rent, hosted-open-model, or existing-capacity (buying's, capex sunk). */
  option: 'buy' | 'rent' | 'hosted-open-model' | 'existing-capacity';
  /** Buying only; null for the options with nothing to pay back, and for a buy that never pays back. */
  breakEvenMonths: number | null;
  /** Month 1: the API bill minus the option's cost (amortized capex + opex when buying). */
  monthlySavingsUsd: number;
  optionMonthlyUsd: number;
  capexUsd: number;
  opexUsdPerMonth: number;
  /** Cumulative cash saved against the API at the end of these months. */
  cumulativeSavingsUsd: Record<string, number>;
  /** Cumulative spend at the end of every month, month 1 first: on the API, and on this option. */
  cumulativeUsdByMonth: { api: number[]; option: number[] };
}

/**
 * The figures of `option` when it is renting or a hosted open model; otherwise buying's. When buying
 * could not be sized at all, the hosted open model (if priced) is the only alternative to the API, so
 * its figures are shown whatever the option; without one there are none (buying's would be those of
 * free hardware).
 */
export function chosenOptionFigures(result: BreakevenResult, option: RecommendationOption): ChosenOptionFigures | null {
  const monthByMonth =
    option === 'rent' || option === 'hosted-open-model'
      ? option
      : result.selfHostedSized === false
        ? 'hosted-open-model'
        : null;
  const api = result.options.find((o) => o.option === 'api');
  const chosen = monthByMonth ? result.options.find((o) => o.option === monthByMonth) : undefined;
  if (chosen && api) {
    return {
      option: chosen.option as 'rent' | 'hosted-open-model',
      breakEvenMonths: null,
      monthlySavingsUsd: api.monthlyUsd - chosen.monthlyUsd,
      optionMonthlyUsd: chosen.monthlyUsd,
      capexUsd: 0,
      opexUsdPerMonth: chosen.monthlyUsd,
      cumulativeSavingsUsd: Object.fromEntries(
        Object.keys(chosen.cumulativeUsd).map((m) => [m, api.cumulativeUsd[m] - chosen.cumulativeUsd[m]]),
      ),
      cumulativeUsdByMonth: { api: api.cumulativeUsdByMonth, option: chosen.cumulativeUsdByMonth },
    };
  }
  if (result.selfHostedSized === false) return null;
  const buy = result.options.find((o) => o.option === 'buy');
  return {
    // Hardware already owned is priced as buying with its capex sunk (0): the scenario stores it so.
    option: option === 'existing-capacity' ? 'existing-capacity' : 'buy',
    breakEvenMonths: result.breakEvenMonths,
    monthlySavingsUsd: result.apiMonthlyUsd - result.amortizedMonthlyUsd,
    optionMonthlyUsd: result.amortizedMonthlyUsd,
    capexUsd: result.capexUsd,
    opexUsdPerMonth: result.selfHostedOpexMonthlyUsd,
    cumulativeSavingsUsd: result.cumulativeSavingsUsd,
    cumulativeUsdByMonth: { api: api?.cumulativeUsdByMonth ?? [], option: buy?.cumulativeUsdByMonth ?? [] },
  };
}
