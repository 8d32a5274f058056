// The article's volume bands (DESIGN §6): below ~10M tokens/month stay on the API; 10–50M privacy,
// customization and latency decide together with the numbers, with a review due at 20–30M; above
// ~50M self-hosting likely pays. The defaults are the article's; when the workload's own threshold
// volume (break-even within the target) is known, the bands keep the article's proportions to it,
// so an expensive API model reaches the self-host band sooner than a cheap one.
import type { PlannerAssumptions } from './planner-assumptions';

export type VolumeBand = 'below-review' | 'review' | 'depends' | 'self-host';

export interface VolumeBands {
  belowReviewUnder: number;
  reviewFrom: number;
  reviewTo: number;
  selfHostFrom: number;
  /** `threshold` when scaled to the workload's computed threshold volume, else `defaults`. */
  basis: 'threshold' | 'defaults';
}

export function volumeBands(a: PlannerAssumptions, thresholdTokensPerMonth: number | null): VolumeBands {
  const defaults = {
    belowReviewUnder: a.apiWinsBelowTokensPerMonth,
    reviewFrom: a.reviewFromTokensPerMonth,
    reviewTo: a.reviewToTokensPerMonth,
    selfHostFrom: a.selfHostFromTokensPerMonth,
  };
  if (thresholdTokensPerMonth === null || !(thresholdTokensPerMonth > 0)) return { ...defaults, basis: 'defaults' };
  const scale = thresholdTokensPerMonth / a.selfHostFromTokensPerMonth;
  return {
    belowReviewUnder: defaults.belowReviewUnder * scale,
    reviewFrom: defaults.reviewFrom * scale,
    reviewTo: defaults.reviewTo * scale,
    selfHostFrom: thresholdTokensPerMonth,
    basis: 'threshold',
  };
}

/** `review` is the part of the 10–50M `depends` band where a review is due. */
export function volumeBandOf(tokensPerMonth: number, bands: VolumeBands): VolumeBand {
  if (tokensPerMonth < bands.belowReviewUnder) return 'below-review';
  if (tokensPerMonth >= bands.selfHostFrom) return 'self-host';
  if (tokensPerMonth >= bands.reviewFrom && tokensPerMonth <= bands.reviewTo) return 'review';
  return 'depends';
}
