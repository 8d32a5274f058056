// With a requirement (critical privacy, latency under 100 ms, extensive customization), from the review
// band up the workload moves onto GPUs the organization runs as soon as buying pays back within the
// hardware's life or renting costs less than the API (recommend-workload.ts). For a workload that stays
// on the API tonight, the first volume above tonight's at which that happens, each volume sized for
// itself, is what "what would flip it" names.
import type { BreakevenResult } from '../scenario';
import type { PlannerAssumptions } from './planner-assumptions';
import { type PriceAt, priceAtVolume } from './price-at-volume';
import { cheapestOwnHardware, cheapestWithoutCapex } from './recommendation-option';
import { volumeBandOf, volumeBands } from './volume-bands';
import type { RequirementsFlip } from './workload-evidence';

/**
 * The requirements' own path: buying when it pays back within the hardware's life, renting when it costs
 * less than the API month by month; the cheaper of the two that qualify, null when neither does.
 */
export function requirementsOption(result: BreakevenResult, a: PlannerAssumptions): 'buy' | 'rent' | null {
  const months = result.breakEvenMonths;
  const buyQualifies = months !== null && months <= a.amortizationMonths;
  const rent = cheapestWithoutCapex(result, ['rent']);
  const own = cheapestOwnHardware(result, [
    ...(buyQualifies ? ['buy' as const] : []),
    ...(rent ? ['rent' as const] : []),
  ]);
  return own === 'buy' || own === 'rent' ? own : null;
}

/** Volumes searched up to: beyond this no single team's workload is judged. */
const SEARCH_LIMIT_TOKENS = 1e11;
/** How far above a volume it must still qualify (beyond the rounding of the volumes shown). */
const HOLDS_FOR = 1.02;
/** Doubling steps find a volume that qualifies; halving the ratio this many times narrows it to 0.3 %. */
const NARROWING_STEPS = 8;

/**
 * The first volume above tonight's (conservative month 1) at which the workload, sized for that volume,
 * migrates on the requirements' path or on buying's break-even within the target, from the review band
 * up; null when none does up to 100B tokens a month. Found by doubling, then narrowing between the last
 * volume that did not qualify and the first that did.
 */
export function requirementsFlip(
  priceAt: PriceAt,
  low: readonly number[],
  peakTokensPerSec: number,
  a: PlannerAssumptions,
): RequirementsFlip | null {
  const qualifiesAt = (volume: number): 'buy' | 'rent' | null => {
    const priced = priceAtVolume(priceAt, low, peakTokensPerSec, volume);
    if (!priced?.result.selfHostedSized) return null;
    const band = volumeBandOf(volume, volumeBands(a, priced.result.thresholdTokensPerMonth));
    if (band === 'below-review') return null;
    if (priced.result.verdict === 'self-host')
      return cheapestOwnHardware(priced.result, ['buy', 'rent']) === 'rent' ? 'rent' : 'buy';
    return requirementsOption(priced.result, a);
  };
  // A volume counts when it still qualifies a little above it: sizing steps up with the volume, and just
  // below a step the configuration can qualify on a sliver of volume that a rounded figure would miss.
  const qualifies = (volume: number) => (qualifiesAt(volume * HOLDS_FOR) === null ? null : qualifiesAt(volume));
  let below = Math.max(low[0] ?? 0, 1e6);
  let above: number | null = null;
  for (let volume = below * 2; volume <= SEARCH_LIMIT_TOKENS * 2; volume *= 2) {
    if (qualifies(volume) !== null) {
      above = volume;
      break;
    }
    below = volume;
  }
  if (above === null) return null;
  for (let step = 0; step < NARROWING_STEPS; step++) {
    const middle = Math.sqrt(below * above);
    if (qualifies(middle) !== null) above = middle;
    else below = middle;
  }
  const option = qualifies(above);
  return option === null ? null : { tokensPerMonth: above, option };
}
