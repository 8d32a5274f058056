// The workload priced at another volume, for "what would flip it": its forecast path and busiest hour scaled
// together to a new conservative month-1 volume, and sized for them (recommend-workload.ts).
import type { PricedScenario } from './workload-scenario';

/** Volumes "what would flip it" searches up to: beyond them no single team's workload is judged. */
export const FLIP_SEARCH_LIMIT_TOKENS = 1e11;

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
