// Where buying stops paying back within the target, going down in volume, for "what would flip it" on a
// migration (recommend-workload.ts). Tonight's threshold is only a guess: it is its configuration's, for a
// constant volume, while a smaller configuration sized for a lower volume may still pay back below it,
// and a growing forecast pays back sooner than a constant one (a declining one later).
import { GPU_CATALOG } from '../catalogs/gpus';
import type { PlannerAssumptions } from './planner-assumptions';
import { JUST_PAST, type PriceAt, priceAtVolume, VOLUME_STEP } from './price-at-volume';
import { cheapestWithoutCapex } from './recommendation-option';
import { volumeBandOf, volumeBands } from './volume-bands';
import type { PayingFloor } from './workload-evidence';
import { type PricedScenario, sizedConfiguration } from './workload-scenario';

/** The most steps taken down from the guess when it still pays below it. */
const MAX_STEPS_DOWN = 30;
/**
 * The floor is narrowed to 0.2 % (12 halvings at most): the sentence is checked 1 % below it, and a bracket
 * as wide as that can hide a volume where it still pays.
 */
const FLOOR_PRECISION = 1.002;
const MAX_NARROWING_STEPS = 12;

/**
 * The lowest volume down to which the workload, sized for each volume, still migrates on buying's break-even
 * (it pays back within the target, above the review band), with the configuration sized there when it is not
 * tonight's; and, when `carriedDownTo` is given (a workload without requirements), the options without capex,
 * cheaper than the API, that move it from there down to that volume: the cheapest just below the floor and
 * the cheapest at `carriedDownTo`, each sized for its volume (renting costs more a token at lower volumes; a
 * hosted model's price per token does not change). Null without a volume, or when it pays all the way down.
 */
export function payingFloor(
  priceAt: PriceAt,
  low: readonly number[],
  peakTokensPerSec: number,
  tonight: { threshold: number | null; gpuConfiguration: string | null },
  a: PlannerAssumptions,
  carriedDownTo: number | null,
): PayingFloor | null {
  const volume = low[0] ?? 0;
  if (!(volume > 0)) return null;
  // Tonight's threshold, when it is below tonight's volume; else a search from just below tonight's.
  const guess = Math.min(tonight.threshold ?? Infinity, volume / JUST_PAST / JUST_PAST);
  const at = (v: number) => priceAtVolume(priceAt, low, peakTokensPerSec, v);
  const pays = (v: number, priced: PricedScenario | null) =>
    priced?.result.verdict === 'self-host' &&
    volumeBandOf(v, volumeBands(a, priced.result.thresholdTokensPerMonth)) !== 'below-review';
  // A bracket: it pays at `high` (tonight's volume, to start with) and not at `low`.
  let high = { volume, priced: null as PricedScenario | null };
  let under = { volume: guess / JUST_PAST, priced: at(guess / JUST_PAST) };
  // Priced only when needed: where it still pays below the guess, the volume above it says nothing.
  const over = () => ({ volume: guess * JUST_PAST, priced: at(guess * JUST_PAST) });
  if (pays(under.volume, under.priced)) {
    // It still pays below the guess: step down until it does not.
    for (let step = 0; step < MAX_STEPS_DOWN && pays(under.volume, under.priced); step++) {
      high = under;
      const next = under.volume / VOLUME_STEP;
      under = { volume: next, priced: at(next) };
    }
    if (pays(under.volume, under.priced)) return null;
  } else {
    const above = over();
    // Where it does not pay just above the guess either (a declining forecast), the floor is between it and
    // tonight's volume.
    if (pays(above.volume, above.priced)) high = above;
    else under = above;
  }
  for (let step = 0; step < MAX_NARROWING_STEPS && high.volume / under.volume > FLOOR_PRECISION; step++) {
    const middle = Math.sqrt(high.volume * under.volume);
    const priced = at(middle);
    if (pays(middle, priced)) high = { volume: middle, priced };
    else under = { volume: middle, priced };
  }
  const sizedThere = sizedConfiguration(high.priced ?? null);
  const gpuConfiguration = sizedThere !== null && sizedThere !== tonight.gpuConfiguration ? sizedThere : null;
  const gpu = GPU_CATALOG.find((g) => g.id === high.priced?.scenario.selfHosted.gpu);
  const floor = {
    tokensPerMonth: high.volume,
    gpuConfiguration,
    gpuLicenceRestricted: gpuConfiguration !== null && gpu?.datacenterUseRestricted === true,
  };
  const top = carriedDownTo !== null && floor.tokensPerMonth > carriedDownTo ? carrierOf(under.priced) : null;
  if (top === null || carriedDownTo === null) return { ...floor, carrier: null };
  const bottom = carrierOf(at(carriedDownTo));
  const options = bottom === null || bottom === top ? [top] : [top, bottom];
  return { ...floor, carrier: { options, downTo: carriedDownTo, allTheWay: bottom !== null } };
}

/** The option without capex that would move the workload at this pricing, if one costs less than the API. */
const carrierOf = (priced: PricedScenario | null) =>
  priced ? (cheapestWithoutCapex(priced.result, ['rent', 'hosted-open-model'])?.option ?? null) : null;
