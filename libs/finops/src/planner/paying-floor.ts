// Where buying stops paying back within the target, going down in volume, for "what would flip it" on a
// migration (recommend-workload.ts). Tonight's threshold is only its configuration's: just below it, a
// smaller configuration sized for that volume may still pay back, down to its own threshold, and so on.
import { type PriceAt, priceAtVolume } from './price-at-volume';
import { cheapestWithoutCapex } from './recommendation-option';
import type { PayingFloor } from './workload-evidence';
import type { PricedScenario } from './workload-scenario';

/** Steps taken down from tonight's threshold: each lands on a smaller configuration's, and there are few. */
const RESIZE_DOWN_STEPS = 8;
/** "Just below" a threshold: 1 % under it, well past the rounding of the volumes shown. */
const JUST_BELOW = 0.99;

/**
 * The first volume below which buying no longer pays back, the configuration it is the threshold of
 * (null: tonight's), and, when `carriedDownTo` is given (no requirements), the options without capex
 * cheaper than the API that move the workload from there down to that volume: the cheapest just below
 * the floor and the cheapest at `carriedDownTo`, each sized for its volume (renting costs more a token at
 * lower volumes; a hosted model's price per token does not change). Null without a threshold.
 */
export function payingFloor(
  priceAt: PriceAt,
  low: readonly number[],
  peakTokensPerSec: number,
  threshold: number | null,
  carriedDownTo: number | null,
): PayingFloor | null {
  if (threshold === null || threshold <= 0 || (low[0] ?? 0) <= 0) return null;
  const at = (volume: number) => priceAtVolume(priceAt, low, peakTokensPerSec, volume);
  let floor = { tokensPerMonth: threshold, gpuConfiguration: null as string | null };
  let below = at(threshold * JUST_BELOW);
  for (let step = 0; step < RESIZE_DOWN_STEPS; step++) {
    const lower = below?.result.thresholdTokensPerMonth ?? null;
    if (below?.result.verdict !== 'self-host' || !below.gpuConfiguration || lower === null) break;
    if (lower >= floor.tokensPerMonth) break;
    floor = { tokensPerMonth: lower, gpuConfiguration: below.gpuConfiguration };
    below = at(lower * JUST_BELOW);
  }
  const top = carriedDownTo !== null && floor.tokensPerMonth > carriedDownTo ? carrierOf(below) : null;
  if (top === null || carriedDownTo === null) return { ...floor, carrier: null };
  const bottom = carrierOf(at(carriedDownTo));
  const options = bottom === null || bottom === top ? [top] : [top, bottom];
  return { ...floor, carrier: { options, downTo: carriedDownTo, allTheWay: bottom !== null } };
}

/** The option without capex that would move the workload at this pricing, if one costs less than the API. */
const carrierOf = (priced: PricedScenario | null) =>
  priced ? (cheapestWithoutCapex(priced.result, ['rent', 'hosted-open-model'])?.option ?? null) : null;
