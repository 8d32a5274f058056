// The first volume above tonight's at which a workload that stays on the API tonight would migrate, each
// volume sized for itself and decided in the decision's own order (recommend-workload.ts): the band, then
// buying's break-even within the target (or a spiky load's steady base paying back sooner: HYBRID), then,
// with requirements, their own path. What "what would flip it" names for such a workload.
import type { PlannerAssumptions } from './planner-assumptions';
import {
  FLIP_SEARCH_LIMIT_TOKENS,
  JUST_PAST,
  NARROWING_STEPS,
  type PriceAt,
  priceAtVolume,
  VOLUME_STEP,
} from './price-at-volume';
import { cheapestOwnHardware } from './recommendation-option';
import { requirementsOption } from './requirements-option';
import { volumeBandOf, volumeBands } from './volume-bands';
import { type PricedScenario, sizedConfiguration } from './workload-scenario';

/** The workload as the decision sees it at another volume: its whole load, and a spiky load's steady base. */
export interface VolumeProbe {
  priceAt: PriceAt;
  low: readonly number[];
  peakTokensPerSec: number;
  baseAtVolume: ((volume: number) => PricedScenario | null) | null;
  a: PlannerAssumptions;
}

export interface MigrationVolume {
  tokensPerMonth: number;
  /** What it moves onto there: bought GPUs or rented ones. */
  option: 'buy' | 'rent';
  /** The configuration sized there, with its replicas. */
  gpuConfiguration: string | null;
}

/** How far above a volume it must still qualify (beyond the rounding of the volumes shown). */
const HOLDS_FOR = 1.02;

/**
 * The first volume above tonight's at which the workload migrates by `path` ('buying': on buying's
 * break-even; 'requirements': on that or the requirements' own path). `guess` (tonight's threshold, which
 * assumes a constant volume and tonight's configuration) is checked first, just below and just above;
 * failing that, steps of 25 % from it (or up from tonight's volume, without a guess) find where the answer
 * changes, and the bracket is narrowed. A range that qualifies narrower than a step may be passed over.
 * Null when none does up to 100B tokens a month, undefined without a volume to scale.
 */
export function migrationVolume(
  probe: VolumeProbe,
  path: 'buying' | 'requirements',
  guess: number | null,
): MigrationVolume | null | undefined {
  const tonight = probe.low[0] ?? 0;
  if (!(tonight > 0)) return undefined;
  const qualifiesAt = (volume: number) => migrationAt(probe, path, volume);
  // A volume counts when it still qualifies a little above it: sizing steps up with the volume, and just
  // below a step the configuration can qualify on a sliver of volume that a rounded figure would miss.
  const qualifies = (volume: number) => (qualifiesAt(volume * HOLDS_FOR) === null ? null : qualifiesAt(volume));
  let below = tonight;
  let above: MigrationVolume | null = null;
  if (guess !== null && guess > tonight * JUST_PAST) {
    // Around the guess: usually right to within 1 %; else step from it to the nearest change.
    const past = qualifies(guess * JUST_PAST);
    if (past) {
      if (qualifies(guess / JUST_PAST) === null) return { ...past, tokensPerMonth: guess };
      above = past;
      for (let volume = guess / VOLUME_STEP; volume > tonight; volume /= VOLUME_STEP) {
        const found = qualifies(volume);
        if (found === null) {
          below = volume;
          break;
        }
        above = found;
      }
    } else {
      below = guess * JUST_PAST;
    }
  }
  // Up from what is known not to qualify, in steps, to a volume that does (100B tokens a month at most).
  while (above === null) {
    if (below >= FLIP_SEARCH_LIMIT_TOKENS) return null;
    const volume = Math.min(below * VOLUME_STEP, FLIP_SEARCH_LIMIT_TOKENS);
    above = qualifies(volume);
    if (above === null) below = volume;
  }
  for (let step = 0; step < NARROWING_STEPS; step++) {
    const middle = Math.sqrt(below * above.tokensPerMonth);
    const found = qualifies(middle);
    if (found) above = found;
    else below = middle;
  }
  return above;
}

/** Whether the decision migrates the workload at this volume, and onto what; null when it stays. */
function migrationAt(probe: VolumeProbe, path: 'buying' | 'requirements', volume: number): MigrationVolume | null {
  const whole = priceAtVolume(probe.priceAt, probe.low, probe.peakTokensPerSec, volume);
  if (!whole) return null;
  const base = probe.baseAtVolume?.(volume) ?? null;
  const band = volumeBandOf(volume, volumeBands(probe.a, whole.result.thresholdTokensPerMonth));
  if (band === 'below-review') return null;
  const wholePays = whole.result.verdict === 'self-host';
  const baseSooner =
    base?.result.verdict === 'self-host' &&
    (!wholePays || (base.result.breakEvenMonths as number) < (whole.result.breakEvenMonths as number));
  const shown = baseSooner ? base : whole;
  const option =
    wholePays || baseSooner
      ? cheapestOwnHardware(shown.result, ['buy', 'rent']) === 'rent'
        ? 'rent'
        : 'buy'
      : path === 'requirements' && whole.result.selfHostedSized
        ? requirementsOption(whole.result, probe.a)
        : null;
  return option === null ? null : { tokensPerMonth: volume, option, gpuConfiguration: sizedConfiguration(shown) };
}
