// How break-even moves when the volume estimate is off: the same scenario at scaled volumes.
import { BreakEvenOptions, breakEvenMonths } from './breakeven';
import { deploymentsNeeded } from './deployments-needed';
import type { BreakEvenInput } from './savings-timeline';
import { scaleVolumePath, volumeInMonth } from './volume-path';

export const DEFAULT_VOLUME_MULTIPLIERS: readonly number[] = [0.5, 0.75, 1, 1.25, 1.5, 2];

export interface BreakEvenSensitivityPoint {
  volumeMultiplier: number;
  /** First month's volume at this multiplier. */
  tokensPerMonth: number;
  deploymentsNeeded: number;
  breakEvenMonths: number | null;
}

export function breakEvenSensitivity(
  input: BreakEvenInput,
  multipliers: readonly number[] = DEFAULT_VOLUME_MULTIPLIERS,
  options: BreakEvenOptions = {},
): BreakEvenSensitivityPoint[] {
  return multipliers.map((volumeMultiplier) => {
    const volume = scaleVolumePath(input.volume, volumeMultiplier);
    const tokensPerMonth = volumeInMonth(volume, 1);
    return {
      volumeMultiplier,
      tokensPerMonth,
      deploymentsNeeded: deploymentsNeeded(tokensPerMonth, input.deployment.capacityTokensPerMonth),
      breakEvenMonths: breakEvenMonths({ ...input, volume }, options),
    };
  });
}
