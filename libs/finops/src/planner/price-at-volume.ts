// The workload priced at another volume, for "what would flip it": its forecast path and busiest hour scaled
// together to a new conservative month-1 volume, and sized for them (recommend-workload.ts).
import type { PricedScenario } from './workload-scenario';

/** Volumes "what would flip it" searches up to: beyond them no single team's workload is judged. */
export const FLIP_SEARCH_LIMIT_TOKENS = 1e11;

/** "Just past" a volume: 1 %, well beyond the rounding of the volumes shown (four digits: 0.05 % at most, "1.512B"). */
export const JUST_PAST = 1.01;
/** A search's step between volumes: a range where the answer differs narrower than this may be passed over. */
export const VOLUME_STEP = 1.25;
/** Narrowing a bracket of one step this many times leaves it under 0.7 % wide. */
export const NARROWING_STEPS = 5;

/** Prices the workload on a path and busiest hour, sized for them. */
export type PriceAt = (path: number[], peakTokensPerSec: number) => PricedScenario | null;

export function priceAtVolume(
  priceAt: PriceAt,
  low: readonly number[],
  peakTokensPerSec: number,
  volume: number,
): PricedScenario | null {
  const factor = volume / (low[0] ?? 0);
  return Number.isFinite(factor)
    ? priceAt(
        low.map((tokens) => tokens * factor),
        peakTokensPerSec * factor,
      )
    : null;
}
