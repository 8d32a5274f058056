// The monthly token volume at which self-hosting breaks even within a target number of months:
// the number volume alerts compare against.
//
// Constant volume, n deployments of capex C and opex O, API cost a per token:
//   n·C / (a·V − n·O) = T   ⇔   V = n·(C/T + O)/a.
// With n = 1 this is V₁ = (C/T + O)/a. With a known capacity K per deployment, band n holds
// volumes in ((n−1)K, nK] and needs V ≥ n·V₁ there, so some band qualifies exactly when V₁ ≤ K —
// and then V₁ itself (band 1) is the smallest qualifying volume. When V₁ > K not even a fully
// used deployment pays back in time: the answer is null. Just past each capacity step a new,
// mostly idle deployment can push break-even beyond the target again; the threshold is the
// smallest volume that qualifies, not a promise about every volume above it.
import { breakEvenMonths } from './breakeven';
import type { DeploymentEconomics } from './cost-model';

export interface ThresholdVolumeInput {
  apiUsdPerToken: number;
  deployment: DeploymentEconomics;
  targetMonths: number;
  /** Compound monthly growth of the volume after month 1; the threshold is month 1's volume. */
  monthlyGrowth?: number;
}

// Geometric scan for growing volumes: 2% steps from 1e-9 to 1e9 times the constant threshold.
const SCAN_STEP = 1.02;
const SCAN_STEPS_EACH_WAY = 1050;
const BISECTION_ROUNDS = 60;

/** Smallest month-1 volume that breaks even within targetMonths; null if none does. */
export function thresholdTokensPerMonth(input: ThresholdVolumeInput): number | null {
  const { apiUsdPerToken: a, deployment, targetMonths: target } = input;
  if (a <= 0 || target <= 0) return null;
  const constantThreshold = (deployment.capexUsd / target + deployment.opexUsdPerMonth) / a;
  const growth = input.monthlyGrowth ?? 0;
  if (growth === 0) {
    const capacity = deployment.capacityTokensPerMonth;
    return capacity !== null && constantThreshold > capacity ? null : constantThreshold;
  }
  return thresholdForGrowingVolume(input, growth, constantThreshold);
}

/**
 * With growth there is no closed form, and with capacity steps "breaks even in time" is not
 * monotone in volume, so bisection alone could land on a later crossing. A 2% geometric scan finds
 * the first volume that qualifies, then bisection refines it against the scan point before it.
 * Windows narrower than 2% can be missed; the answer is then the next qualifying volume.
 */
function thresholdForGrowingVolume(input: ThresholdVolumeInput, growth: number, anchor: number): number | null {
  const qualifies = (tokensPerMonth: number): boolean => {
    const months = breakEvenMonths(
      {
        volume: { kind: 'growth', tokensPerMonth, monthlyGrowth: growth },
        apiUsdPerToken: input.apiUsdPerToken,
        deployment: input.deployment,
      },
      { searchMonths: Math.ceil(input.targetMonths) },
    );
    return months !== null && months <= input.targetMonths;
  };
  if (anchor === 0) return qualifies(0) ? 0 : null;
  let below = 0;
  for (let step = -SCAN_STEPS_EACH_WAY; step <= SCAN_STEPS_EACH_WAY; step += 1) {
    const volume = anchor * SCAN_STEP ** step;
    if (qualifies(volume)) {
      let low = below;
      let high = volume;
      for (let round = 0; round < BISECTION_ROUNDS; round += 1) {
        const middle = (low + high) / 2;
        if (qualifies(middle)) high = middle;
        else low = middle;
      }
      return high;
    }
    below = volume;
  }
  return null;
}
