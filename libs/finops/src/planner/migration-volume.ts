// The first volume above tonight's at which a workload that stays on the API tonight would migrate, each
// volume sized for itself and decided in the decision's own order (recommend-workload.ts): the band, then
// buying's break-even within the target (or a spiky load's steady base paying back sooner: HYBRID), then,
// with requirements, their own path. What "what would flip it" names for such a workload.
//
// Buying pays back best just below a replica step, where the replicas it buys run full: above the step one
// more replica is bought and the break-even starts again from further away. So a configuration whose full
// replicas only just pay back does so on a range below each step and not between them. The search looks
// just below each step it passes, and says where such a range ends.
import { deploymentsNeeded } from '../tco/deployments-needed';
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
  /** Where it stops migrating again, because another replica is needed above it; null: it holds on up. */
  until: number | null;
}

/** How far above a volume it must still qualify (beyond the rounding of the volumes shown). */
const HOLDS_FOR = 1.02;
/**
 * How wide a range just below a replica step must be to be named with where it ends: a reader who checks a
 * little past its start, or short of its end, still lands inside it.
 */
const NAMED_RANGE = 1.012;
/** Slivers passed over before the next one found is named as it is (each costs a search). */
const MAX_SLIVERS = 8;
/** Halvings of a step's bracket when the answer is not monotone in it: to under 0.1 %. */
const RANGE_NARROWING_STEPS = 8;

/** The months a path's break-even is judged over: buying's target, or the hardware's life with requirements. */
const judgedMonths = (path: 'buying' | 'requirements', a: PlannerAssumptions) =>
  path === 'buying' ? a.targetBreakEvenMonths : a.amortizationMonths;

/** A volume where it migrates, and the replica steps above it (where another replica is needed). */
interface Migrating {
  found: Omit<MigrationVolume, 'until'>;
  /** Nearest first: month 1's, and on a growing path its busiest month's (replicaStepsAbove). */
  replicaSteps: number[];
}

/**
 * The first volume above tonight's at which the workload migrates by `path` ('buying': on buying's
 * break-even; 'requirements': on that or the requirements' own path), over a range wide enough to name: a
 * sliver narrower than NAMED_RANGE (along a growing path, between the steps of two months' replicas) is
 * passed over and the search goes on above it. Null when none does up to 100B tokens a month, undefined
 * without a volume to scale.
 */
export function migrationVolume(
  probe: VolumeProbe,
  path: 'buying' | 'requirements',
  guess: number | null,
): MigrationVolume | null | undefined {
  const tonight = probe.low[0] ?? 0;
  if (!(tonight > 0)) return undefined;
  let found = firstMigrationAbove(probe, path, tonight, guess);
  const sliver = (m: MigrationVolume | null): m is MigrationVolume & { until: number } =>
    m?.until != null && m.until / m.tokensPerMonth < NAMED_RANGE;
  // With nothing above it (or after MAX_SLIVERS of them), a sliver is named as it is, with its end.
  for (let slivers = 0; slivers < MAX_SLIVERS && sliver(found); slivers++) {
    const above = firstMigrationAbove(probe, path, found.until, null);
    if (above === null) break;
    found = above;
  }
  return found;
}

/**
 * The first volume above `from` at which the workload migrates. `guess` (tonight's threshold, which
 * assumes a constant volume and tonight's configuration) is checked first, just below and just above;
 * failing that, steps of 25 % from it (or up from `from`, without a guess) find where the answer
 * changes, each also tried just below the first replica step inside it, and the bracket is narrowed. A range
 * that qualifies narrower than a step and away from a replica step may be passed over.
 */
function firstMigrationAbove(
  probe: VolumeProbe,
  path: 'buying' | 'requirements',
  from: number,
  guess: number | null,
): MigrationVolume | null {
  const qualifiesAt = (volume: number) => migrationAt(probe, path, volume);
  // A volume counts when it still qualifies a little above it: sizing steps up with the volume, and just
  // below a step the configuration can qualify on a sliver of volume that a rounded figure would miss.
  const qualifies = (volume: number) => (qualifiesAt(volume * HOLDS_FOR) === null ? null : qualifiesAt(volume));
  let below = from;
  let above: Migrating | null = null;
  if (guess !== null && guess > from * JUST_PAST) {
    // Around the guess: usually right to within 1 %; else step from it to the nearest change.
    const past = qualifies(guess * JUST_PAST);
    if (past) {
      if (qualifies(guess / JUST_PAST) === null)
        return withEnd(probe, path, { ...past, found: { ...past.found, tokensPerMonth: guess } });
      above = past;
      for (let volume = guess / VOLUME_STEP; volume > from; volume /= VOLUME_STEP) {
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
    const nearlyFull = nearlyFullRange(probe, path, below, volume);
    if (nearlyFull) return nearlyFull;
    above = qualifies(volume);
    if (above === null) below = volume;
  }
  for (let step = 0; step < NARROWING_STEPS; step++) {
    const middle = Math.sqrt(below * above.found.tokensPerMonth);
    const found = qualifies(middle);
    if (found) above = found;
    else below = middle;
  }
  return withEnd(probe, path, above);
}

/**
 * Where the workload migrates between `from` and `to` only while its replicas are nearly full: the replica
 * steps above `from` (month 1's and its busiest month's, of the whole load or of a spiky load's steady base)
 * are tried just below them, when full replicas could qualify at all; at the first where it migrates, the
 * bracket down to `from` is narrowed to where it starts. Null when it does not, or no step lies between them.
 */
function nearlyFullRange(
  probe: VolumeProbe,
  path: 'buying' | 'requirements',
  from: number,
  to: number,
): MigrationVolume | null {
  // Sized 2 % above `from`, where the step before priced it (a step just past `from` is passed over).
  const sizedAt = from * HOLDS_FOR;
  const whole = priceAtVolume(probe.priceAt, probe.low, probe.peakTokensPerSec, sizedAt);
  const steps = [whole, probe.baseAtVolume?.(sizedAt) ?? null]
    .filter((priced) => priced !== null && mayPayWhenFull(priced, path, probe.a))
    .flatMap((priced) => replicaStepsAbove(priced, sizedAt, judgedMonths(path, probe.a)))
    .filter((step) => step > from * NAMED_RANGE && step <= to)
    .sort((x, y) => x - y);
  for (const step of steps) {
    let above = migrationAt(probe, path, step / NAMED_RANGE);
    if (above === null) continue;
    // It may start and stop more than once in the bracket: any start from staying will do.
    let below = from;
    for (let i = 0; i < RANGE_NARROWING_STEPS; i++) {
      const middle = Math.sqrt(below * above.found.tokensPerMonth);
      const found = migrationAt(probe, path, middle);
      if (found) above = found;
      else below = middle;
    }
    return withEnd(probe, path, above);
  }
  return null;
}

/** Slack on mayPayWhenFull's estimate: the forecast path, resale and rounding move the real figures a little. */
const FULL_ESTIMATE_SLACK = 1.15;

/**
 * Whether these replicas could qualify full, as they do just below the step (before trying it): buying's
 * break-even with the API bill grown to their capacity (capex ÷ (API − opex) a month), within the target on
 * buying's path, within the hardware's life on the requirements' (or renting them below that API bill).
 */
function mayPayWhenFull(priced: PricedScenario | null, path: 'buying' | 'requirements', a: PlannerAssumptions) {
  const fill = fillFactor(priced);
  if (fill === null) return false;
  const r = (priced as PricedScenario).result;
  const apiWhenFull = r.apiMonthlyUsd * fill;
  const months = r.capexUsd / (apiWhenFull - r.selfHostedOpexMonthlyUsd);
  if (months > 0 && months <= judgedMonths(path, a) * FULL_ESTIMATE_SLACK) return true;
  const rent = r.options.find((o) => o.option === 'rent' && o.available);
  return path === 'requirements' && rent !== undefined && rent.monthlyUsd <= apiWhenFull * FULL_ESTIMATE_SLACK;
}

/**
 * The volumes (month 1's) at which the configuration priced at `volume` needs another replica, nearest first:
 * month 1's, and, on a path that grows within `months` (those its break-even is judged over), its busiest
 * month's: a growing path buys replicas as it grows, and the capex of the last one bought pays back only when
 * it runs nearly full. Empty unsized.
 */
function replicaStepsAbove(priced: PricedScenario | null, volume: number, months: number): number[] {
  if (fillFactor(priced) === null) return [];
  const r = (priced as PricedScenario).result;
  const capacity = r.capacityTokensPerMonth as number;
  // Where the replicas a month's volume needs run full, as month 1's volume.
  const stepOf = (monthTokens: number) =>
    volume * ((deploymentsNeeded(monthTokens, capacity) * capacity) / monthTokens);
  const first = r.tokensPerMonth as number;
  const series = (priced as PricedScenario).scenario.workload.forecastTokensPerMonth ?? [];
  const busiest = Math.max(first, ...series.slice(0, months));
  return busiest === first ? [stepOf(first)] : [stepOf(first), stepOf(busiest)].sort((x, y) => x - y);
}

/** How many times its first month's volume the priced configuration's replicas serve; null unsized. */
function fillFactor(priced: PricedScenario | null): number | null {
  const r = priced?.result;
  if (!r?.selfHostedSized || !r.capacityTokensPerMonth || !r.tokensPerMonth) return null;
  return (r.deploymentsNeeded * r.capacityTokensPerMonth) / r.tokensPerMonth;
}

/**
 * The volume found, with where it stops migrating when it does below the farthest replica step or just past
 * it: the first volume it stops at for good, in steps of 1 % up from the one found, narrowed. Along a growing
 * or declining path each month's replicas step at a volume of their own, so the answer can stop on a sliver
 * and migrate again just above it: a stop counts only when it lasts (stopsFrom).
 */
function withEnd(probe: VolumeProbe, path: 'buying' | 'requirements', at: Migrating): MigrationVolume {
  // The farthest step: on a growing path the other months' replicas step on the way to it.
  const step = at.replicaSteps.at(-1);
  const from = at.found.tokensPerMonth;
  const migratesAt = (volume: number) => migrationAt(probe, path, volume) !== null;
  const stopsFrom = (volume: number) => !migratesAt(volume) && !migratesAt(volume * JUST_PAST);
  if (step === undefined || step >= FLIP_SEARCH_LIMIT_TOKENS) return { ...at.found, until: null };
  // With one fleet all the way to the step, more volume only pays back sooner: migrating just past the step,
  // it migrates on.
  const fleetGrows = at.replicaSteps.length > 1;
  if (!fleetGrows && migratesAt(step * JUST_PAST)) return { ...at.found, until: null };
  let migrating = from;
  let stops = step * JUST_PAST;
  for (let volume = from * JUST_PAST; volume < stops; volume *= JUST_PAST) {
    if (stopsFrom(volume)) {
      stops = volume;
      break;
    }
    migrating = volume;
  }
  // Stopping just past the step only for a sliver, it migrates on.
  if (!stopsFrom(stops)) return { ...at.found, until: null };
  for (let i = 0; i < NARROWING_STEPS; i++) {
    const middle = Math.sqrt(migrating * stops);
    if (stopsFrom(middle)) stops = middle;
    else migrating = middle;
  }
  return { ...at.found, until: stops };
}

/** Whether the decision migrates the workload at this volume, and onto what; null when it stays. */
function migrationAt(probe: VolumeProbe, path: 'buying' | 'requirements', volume: number): Migrating | null {
  const whole = priceAtVolume(probe.priceAt, probe.low, probe.peakTokensPerSec, volume);
  if (!whole) return null;
  const band = volumeBandOf(volume, volumeBands(probe.a, whole.result.thresholdTokensPerMonth));
  if (band === 'below-review') return null;
  const wholePays = whole.result.verdict === 'self-host';
  const base = probe.baseAtVolume?.(volume) ?? null;
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
  if (option === null) return null;
  return {
    found: { tokensPerMonth: volume, option, gpuConfiguration: sizedConfiguration(shown) },
    replicaSteps: replicaStepsAbove(shown, volume, judgedMonths(path, probe.a)),
  };
}
