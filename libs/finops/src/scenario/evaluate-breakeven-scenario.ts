// Runs a validated break-even scenario through the cost model, break-even, savings, sensitivity
// and threshold, and says in `assumptions` which defaults and catalog figures it used.
// Results are unrounded; rounding is the presenter's job.
import { monthlyRentUsd, RentalTerm } from '../catalogs/gpu-rental';
import type { Precision } from '../catalogs/precision';
import { CatalogOverrides, Catalogs, catalogEntry, resolveCatalogs } from '../catalogs/resolve-catalogs';
import { hostedOpenModelPrice, OPEN_WEIGHT_HOSTS } from '../pricing/hosted-open-model-price';
import { latencyBoundOutputTokensPerSec } from '../sizing/deployment-capacity';
import { MemoryFit, memoryFit } from '../sizing/memory-fit';
import { blendedApiUsdPerToken, outputShare, TokenMixShares } from '../tco/api-cost';
import { breakEvenMonths } from '../tco/breakeven';
import { breakEvenSensitivity } from '../tco/breakeven-sensitivity';
import { costDeployment, DeploymentEconomics, SelfHostedDeployment } from '../tco/cost-model';
import { deploymentsNeeded } from '../tco/deployments-needed';
import {
  buyNetPresentValueUsd,
  cheapestServingOption,
  compareServingOptions,
  OptionComparisonInput,
  OptionCost,
  ServingOption,
} from '../tco/option-costs';
import { BreakEvenInput, cumulativeSavingsAtMonths, savingsTimeline } from '../tco/savings-timeline';
import { thresholdTokensPerMonth } from '../tco/threshold-volume';
import type { VolumePath } from '../tco/volume-path';
import { BreakevenScenario, catalogThroughputFor, usesTokenPrices } from './breakeven-scenario';

/** Months at which cumulative savings are always reported (the horizon is added when different). */
export const SAVINGS_CHECKPOINT_MONTHS: readonly number[] = [12, 36, 60];

export type Verdict = 'self-host' | 'api';

export interface ScenarioSensitivityPoint {
  volumeMultiplier: number;
  /** null when only the bill is known. */
  tokensPerMonth: number | null;
  apiMonthlyUsd: number;
  deploymentsNeeded: number;
  breakEvenMonths: number | null;
}

export interface BreakevenResult {
  /** Months until cumulative savings reach zero; null = never. */
  breakEvenMonths: number | null;
  /** `self-host` when buying is allowed, fits and breaks even within targetBreakEvenMonths, else `api`. */
  verdict: Verdict;
  targetBreakEvenMonths: number;
  /** Month 1 volume; null when only the bill is known. */
  tokensPerMonth: number | null;
  /** Blended API price of this mix per million tokens; null when only the bill is known. */
  apiUsdPerMTok: number | null;
  /** Month 1 API bill. */
  apiMonthlyUsd: number;
  /** The rest are totals over the deployments month 1 needs. */
  capexUsd: number;
  electricityUsdPerMonth: number;
  selfHostedOpexMonthlyUsd: number;
  /** Straight-line capex over amortizationMonths plus opex. */
  amortizedMonthlyUsd: number;
  /** One deployment's capacity; null without a throughput (or when only the bill is known). */
  capacityTokensPerMonth: number | null;
  deploymentsNeeded: number;
  deploymentsNeededAtHorizon: number;
  /**
   * Buying's cash savings (API cost avoided − capex − opex) at the end of these months; none when nothing
   * could be sized (selfHostedSized false): they would be those of free hardware, the whole API bill.
   */
  cumulativeSavingsUsd: Record<string, number>;
  horizonMonths: number;
  /** Month 1 volume at which break-even equals the target; null if none gets there. */
  thresholdTokensPerMonth: number | null;
  /** The same threshold as a monthly API bill. */
  thresholdApiMonthlyUsd: number | null;
  sensitivity: ScenarioSensitivityPoint[];
  /** The model at this precision, concurrency and context fits the GPUs; null without model and GPU. */
  fits: boolean | null;
  /** Memory needed per GPU (weights + KV cache + overhead, split over the GPUs); null when unknown. */
  memoryGbPerGpu: number | null;
  memory: MemoryFit | null;
  /** api, buy, rent (when priced) and hosted-open-model (when priced), month by month. */
  options: OptionCost[];
  /** The available option with the lowest cumulative spend at the horizon. */
  cheapestOption: ServingOption;
  /** False when no GPU configuration could be sized (selfHosted.unsizedReason): buy and rent are not compared. */
  selfHostedSized: boolean;
  /** Net present value of buying instead of the API over the horizon, at discountRatePerYear; null unsized. */
  npvUsd: number | null;
  discountRatePerYear: number;
  assumptions: string[];
}

/** Months at which every option's cumulative spend is reported (the horizon is added). */
export const OPTION_CHECKPOINT_MONTHS: readonly number[] = [12, 36];

// Numbers inside assumption sentences are for reading, so they are shortened there (only there).
const readable = (value: number) => String(Number(value.toFixed(2)));

export function evaluateBreakevenScenario(
  scenario: BreakevenScenario,
  catalogOverrides?: CatalogOverrides,
): BreakevenResult {
  const catalogs = resolveCatalogs(catalogOverrides);
  const { workload, api, selfHosted } = scenario;
  const assumptions: string[] = [];
  const gpu = selfHosted.gpu === null ? null : catalogEntry(catalogs.gpus, selfHosted.gpu, 'GPU');

  let gpuUnitPriceUsd = selfHosted.gpuUnitPriceUsd;
  if (gpuUnitPriceUsd === null && gpu) {
    gpuUnitPriceUsd = gpu.unitPriceUsd;
    assumptions.push(`GPU price ${gpu.unitPriceUsd} USD from catalog ${gpu.id} (${gpu.sources.unitPriceUsd.source})`);
  }
  let gpuPowerWatts = selfHosted.gpuPowerWatts;
  if (gpuPowerWatts === null && gpu) {
    gpuPowerWatts = gpu.powerWatts;
    assumptions.push(`GPU power ${gpu.powerWatts} W from catalog ${gpu.id} (${gpu.sources.powerWatts.source})`);
  }

  const mix: TokenMixShares = {
    inputShare: workload.inputShare ?? 0,
    cachedInputShare: workload.cachedInputShare,
    cacheWriteShare: workload.cacheWriteShare,
  };
  let throughputTokensPerSec = selfHosted.throughputTokensPerSec;
  let saturatedCatalogFigure = false;
  if (throughputTokensPerSec === null) {
    const published = catalogThroughputFor(selfHosted, catalogs);
    if (published) {
      saturatedCatalogFigure = published.measuredAtConcurrency === null;
      // Benchmarks count output tokens; a decode-bound server prefills the input alongside them.
      const share = workload.inputShare === null ? 1 : outputShare(mix);
      throughputTokensPerSec = share > 0 ? published.outputTokensPerSec / share : published.outputTokensPerSec;
      assumptions.push(
        `throughput ${readable(published.outputTokensPerSec)} output tokens/s from catalog ` +
          `(${published.source.source})` +
          (share < 1 && share > 0
            ? `, counted as ${readable(throughputTokensPerSec)} tokens/s at this mix's output share ${readable(share)}`
            : ''),
      );
    }
  }

  if (throughputTokensPerSec !== null && selfHosted.latencyTargetMsPerToken !== null) {
    // Each sequence at the target produces 1000/t output tokens/s: C sequences at most C × 1000/t.
    const share = workload.inputShare === null ? 1 : outputShare(mix);
    const boundOutput = latencyBoundOutputTokensPerSec(selfHosted.concurrency, selfHosted.latencyTargetMsPerToken);
    const bound = share > 0 ? boundOutput / share : boundOutput;
    if (bound < throughputTokensPerSec) {
      assumptions.push(
        `throughput held to ${readable(bound)} tokens/s by the latency target: ${selfHosted.concurrency} sequences × ` +
          `1000 / ${selfHosted.latencyTargetMsPerToken} ms per output token`,
      );
      throughputTokensPerSec = bound;
      saturatedCatalogFigure = false; // now the throughput of the sequences memory is checked for
    }
  }
  const memory = scenarioMemoryFit(scenario, catalogs);
  if (memory) {
    assumptions.push(
      `memory ${readable(memory.memoryGbPerGpu)} GB per GPU needed (weights ${readable(memory.weightsGb)} + ` +
        `KV cache ${readable(memory.kvCacheGb)} for ${selfHosted.concurrency} × ${selfHosted.contextTokens} tokens + ` +
        `overhead ${readable(memory.runtimeOverheadGb)}, over ${selfHosted.gpuCount} GPUs) of ` +
        `${readable(memory.usableGbPerGpu)} usable: ${memory.fits ? 'fits' : 'does not fit'}`,
    );
    // The catalog's figure is a saturated server's, many sequences at once; memory was checked for fewer.
    if (saturatedCatalogFigure) {
      assumptions.push(
        `memory checked for ${selfHosted.concurrency} sequence${selfHosted.concurrency === 1 ? '' : 's'}, while ` +
          "the catalog's throughput is a saturated server's, serving many at once: set selfHosted.concurrency to " +
          'the sequences it will hold (or a latencyTargetMsPerToken) to check both at one load',
      );
    }
  }
  if (gpu?.datacenterUseRestricted) {
    assumptions.push(`${gpu.id}: ${gpu.sources.datacenterUseRestricted.source} — check the licence before buying`);
  }

  const deployment: SelfHostedDeployment = {
    gpuCount: selfHosted.gpuCount,
    gpuUnitPriceUsd: gpuUnitPriceUsd ?? 0,
    otherCapexUsd: selfHosted.otherCapexUsd,
    gpuPowerWatts: gpuPowerWatts ?? 0,
    hoursPerMonth: selfHosted.hoursPerMonth,
    pue: selfHosted.pue,
    electricityUsdPerKwh: selfHosted.electricityUsdPerKwh ?? 0,
    measuredElectricityUsdPerMonth: selfHosted.electricityUsdPerMonth,
    hostingUsdPerMonth: selfHosted.hostingUsdPerMonth,
    personnelUsdPerMonth: selfHosted.personnelUsdPerMonth,
    maintenanceUsdPerMonth: selfHosted.maintenanceUsdPerMonth,
    amortizationMonths: selfHosted.amortizationMonths,
    throughputTokensPerSec,
  };
  const cost = costDeployment(deployment);
  if (selfHosted.electricityUsdPerMonth !== null && selfHosted.unsizedReason === null) {
    assumptions.push(
      `electricity ${selfHosted.electricityUsdPerMonth} USD/month as given, replacing watts × hours × PUE × USD/kWh`,
    );
  }

  // With only a bill, volume is counted in dollars (one "token" = 1 USD) so the same engine applies.
  const fromBill = !usesTokenPrices(workload);
  const billOnly = fromBill && workload.tokensPerMonth === null;
  const capacity = billOnly ? null : cost.capacityTokensPerMonth;
  if (billOnly && cost.capacityTokensPerMonth !== null) {
    assumptions.push('capacity not compared: only the API bill is known, not the token volume');
  } else if (capacity === null && selfHosted.unsizedReason === null) {
    assumptions.push(
      `throughput unknown${noPublishedRunText(selfHosted, catalogs)}: one deployment is assumed to serve the whole ` +
        'volume',
    );
  }
  const apiUsdPerToken = billOnly
    ? 1
    : fromBill
      ? (workload.apiMonthlyUsd as number) / (workload.tokensPerMonth as number)
      : blendedApiUsdPerToken(mix, {
          inputPerMTok: api.inputPerMTok as number,
          outputPerMTok: api.outputPerMTok as number,
          cachedInputPerMTok: api.cachedInputPerMTok,
          cacheWritePerMTok: api.cacheWritePerMTok,
        });
  let firstMonthVolume: number;
  if (billOnly) firstMonthVolume = workload.apiMonthlyUsd as number;
  else if (workload.matchCapacity) {
    firstMonthVolume = capacity as number;
    assumptions.push(`volume set to one deployment's capacity, ${readable(capacity as number)} tokens/month`);
  } else if (workload.forecastTokensPerMonth !== null) firstMonthVolume = workload.forecastTokensPerMonth[0];
  else firstMonthVolume = workload.tokensPerMonth as number;
  const volume: VolumePath =
    workload.forecastTokensPerMonth !== null && !billOnly
      ? { kind: 'series', tokensPerMonth: workload.forecastTokensPerMonth }
      : workload.monthlyGrowth !== 0
        ? { kind: 'growth', tokensPerMonth: firstMonthVolume, monthlyGrowth: workload.monthlyGrowth }
        : { kind: 'constant', tokensPerMonth: firstMonthVolume };

  const perDeployment: DeploymentEconomics = {
    capexUsd: cost.capexUsd,
    opexUsdPerMonth: cost.opexUsdPerMonth,
    capacityTokensPerMonth: capacity,
  };
  const input: BreakEvenInput = { volume, apiUsdPerToken, deployment: perDeployment };
  // Nothing sized, nothing to pay back: buying's figures would be those of free hardware.
  const unsized = selfHosted.unsizedReason;
  if (unsized !== null) assumptions.push(`buying and renting not compared: ${unsized}`);
  const months = unsized === null ? breakEvenMonths(input) : null;
  const n = deploymentsNeeded(firstMonthVolume, capacity);
  const checkpoints = [...new Set([...SAVINGS_CHECKPOINT_MONTHS, scenario.horizonMonths])].sort((a, b) => a - b);
  const horizon = savingsTimeline(input, scenario.horizonMonths);

  const threshold =
    unsized !== null
      ? null
      : thresholdTokensPerMonth({
          apiUsdPerToken,
          deployment: perDeployment,
          targetMonths: scenario.targetBreakEvenMonths,
          monthlyGrowth: volume.kind === 'growth' ? volume.monthlyGrowth : 0,
        });
  if (volume.kind === 'series') assumptions.push('threshold volume assumes a constant volume, not the forecast series');
  assumptions.push('capex is paid up front; hardware is not replaced within the horizon');

  const fits = memory ? memory.fits : null;
  const optionInput: OptionComparisonInput = {
    volume,
    checkpoints: [...new Set([...OPTION_CHECKPOINT_MONTHS, scenario.horizonMonths])].sort((a, b) => a - b),
    apiUsdPerToken,
    buy: {
      deployment: perDeployment,
      resaleValueUsd: selfHosted.resaleValueUsd,
      resaleAtMonth: selfHosted.amortizationMonths,
      breakEvenMonths: months,
      available: scenario.allowBuy && fits !== false && unsized === null,
      note:
        unsized !== null
          ? unsized
          : !scenario.allowBuy
            ? 'buying is not allowed by the organization'
            : fits === false
              ? 'the model does not fit these GPUs at this concurrency and context'
              : `${selfHosted.gpuCount}× ${gpu?.id ?? 'GPU'} bought, ` +
                `amortized over ${selfHosted.amortizationMonths} months`,
    },
    rent: unsized !== null ? null : rentOption(scenario, catalogs, capacity, fits, assumptions),
    hostedOpenModel: billOnly ? null : hostedOption(scenario, mix, assumptions),
  };
  if (scenario.hostedOpenModel !== null && billOnly) {
    assumptions.push('hosted open model not compared: only the API bill is known, not the token volume');
  }
  const options = compareServingOptions(optionInput);
  const cheapestOption = cheapestServingOption(options, scenario.horizonMonths);
  const npvUsd =
    unsized === null ? buyNetPresentValueUsd(optionInput, scenario.horizonMonths, scenario.discountRatePerYear) : null;

  return {
    breakEvenMonths: months,
    // The verdict is about buying these GPUs: not when buying is ruled out or the model does not fit them.
    verdict:
      optionInput.buy.available && months !== null && months <= scenario.targetBreakEvenMonths ? 'self-host' : 'api',
    targetBreakEvenMonths: scenario.targetBreakEvenMonths,
    tokensPerMonth: billOnly ? null : firstMonthVolume,
    apiUsdPerMTok: billOnly ? null : apiUsdPerToken * 1e6,
    apiMonthlyUsd: firstMonthVolume * apiUsdPerToken,
    capexUsd: n * cost.capexUsd,
    electricityUsdPerMonth: n * cost.electricityUsdPerMonth,
    selfHostedOpexMonthlyUsd: n * cost.opexUsdPerMonth,
    amortizedMonthlyUsd: n * cost.amortizedMonthlyUsd,
    capacityTokensPerMonth: capacity,
    deploymentsNeeded: n,
    deploymentsNeededAtHorizon: horizon.length > 0 ? horizon[horizon.length - 1].deployments : n,
    cumulativeSavingsUsd:
      unsized !== null
        ? {}
        : withResale(
            cumulativeSavingsAtMonths(input, checkpoints),
            input,
            selfHosted.resaleValueUsd,
            selfHosted.amortizationMonths,
          ),
    horizonMonths: scenario.horizonMonths,
    thresholdTokensPerMonth: billOnly ? null : threshold,
    thresholdApiMonthlyUsd: threshold === null ? null : threshold * apiUsdPerToken,
    sensitivity: (unsized !== null ? [] : breakEvenSensitivity(input)).map((point) => ({
      volumeMultiplier: point.volumeMultiplier,
      tokensPerMonth: billOnly ? null : point.tokensPerMonth,
      apiMonthlyUsd: point.tokensPerMonth * apiUsdPerToken,
      deploymentsNeeded: point.deploymentsNeeded,
      breakEvenMonths: point.breakEvenMonths,
    })),
    fits,
    memoryGbPerGpu: memory ? memory.memoryGbPerGpu : null,
    memory,
    options,
    cheapestOption,
    selfHostedSized: unsized === null,
    npvUsd,
    discountRatePerYear: scenario.discountRatePerYear,
    assumptions,
  };
}

/**
 * Cash savings after the hardware's resale, received per deployment at the end of amortization —
 * as the buy option counts it, so savings at a month = API spend − buy spend there.
 */
function withResale(
  savings: Record<string, number>,
  input: BreakEvenInput,
  resaleValueUsd: number,
  resaleAtMonth: number,
): Record<string, number> {
  if (resaleValueUsd <= 0 || !Number.isInteger(resaleAtMonth)) return savings;
  const deployments = savingsTimeline(input, resaleAtMonth).at(-1)?.deployments ?? 0;
  return Object.fromEntries(
    Object.entries(savings).map(([m, v]) => [m, Number(m) >= resaleAtMonth ? v + deployments * resaleValueUsd : v]),
  );
}

/**
 * The hosted open model as given, else from the price book for selfHosted.model; null when neither
 * gives a price.
 */
function hostedOption(
  scenario: BreakevenScenario,
  mix: TokenMixShares,
  assumptions: string[],
): OptionComparisonInput['hostedOpenModel'] {
  const given = scenario.hostedOpenModel;
  if (given !== null) {
    return {
      usdPerToken: blendedApiUsdPerToken(mix, { inputPerMTok: given.inputPerMTok, outputPerMTok: given.outputPerMTok }),
      note:
        `the same open model from a hosted open-model API at ${given.inputPerMTok}/${given.outputPerMTok} USD ` +
        `per million input/output tokens (${given.source ?? 'as given'}; cache reads at the input price)`,
    };
  }
  const model = scenario.selfHosted.model;
  if (model === null) return null;
  const price = hostedOpenModelPrice(model, mix);
  if (price === null) {
    assumptions.push(
      `hosted open model not compared: none of the open-weight hosts compared (${OPEN_WEIGHT_HOSTS.join(', ')}) ` +
        `lists ${model} in the price book`,
    );
    return null;
  }
  const text =
    `${price.inputPerMTok}/${price.outputPerMTok} USD per million input/output tokens from the price book: ` +
    price.source;
  assumptions.push(`hosted open model ${model} at ${text}`);
  return {
    // Cache reads at the input price, as for a price given in the scenario, so the planner's
    // explicit copy of this price reproduces it exactly.
    usdPerToken: blendedApiUsdPerToken(mix, { inputPerMTok: price.inputPerMTok, outputPerMTok: price.outputPerMTok }),
    note: `${model} from a hosted open-model API at ${text}; cache reads at the input price`,
  };
}

/** Weights + KV cache (concurrency × context) + overhead against the GPUs, when model and GPU are named. */
function scenarioMemoryFit(scenario: BreakevenScenario, catalogs: Catalogs): MemoryFit | null {
  const { selfHosted } = scenario;
  if (selfHosted.model === null || selfHosted.gpu === null) return null;
  return memoryFit({
    model: catalogEntry(catalogs.models, selfHosted.model, 'model'),
    weights: selfHosted.precision as Precision,
    gpu: catalogEntry(catalogs.gpus, selfHosted.gpu, 'GPU'),
    gpuCount: selfHosted.gpuCount,
    contextTokens: selfHosted.contextTokens,
    concurrency: selfHosted.concurrency,
  });
}

// Interruptible spot capacity cannot carry a service with a latency target; commitments longer
// than the horizon are not offered.
const COMMITMENT_MONTHS: Readonly<Record<RentalTerm, number>> = {
  'on-demand': 0,
  spot: 0,
  'reserved-1y': 12,
  'reserved-3y': 36,
};

function rentOption(
  scenario: BreakevenScenario,
  catalogs: Catalogs,
  capacityTokensPerMonth: number | null,
  fits: boolean | null,
  assumptions: string[],
): OptionComparisonInput['rent'] {
  const { selfHosted } = scenario;
  const staff = selfHosted.personnelUsdPerMonth;
  const available = scenario.allowRent && fits !== false;
  const why = !scenario.allowRent
    ? 'renting is not allowed by the organization; '
    : fits === false
      ? 'does not fit; '
      : '';
  if (selfHosted.rent !== null) {
    const rent = selfHosted.rent.usdPerGpuHour * selfHosted.gpuCount * selfHosted.rent.hoursPerMonth;
    return {
      usdPerDeploymentMonth: rent + staff,
      capacityTokensPerMonth:
        capacityTokensPerMonth === null
          ? null
          : (capacityTokensPerMonth / selfHosted.hoursPerMonth) * selfHosted.rent.hoursPerMonth,
      available,
      note:
        `${why}${selfHosted.gpuCount} GPUs rented at ${selfHosted.rent.usdPerGpuHour} USD/GPU-hour for ` +
        `${selfHosted.rent.hoursPerMonth} h/month, plus personnel ${staff} USD/month`,
    };
  }
  if (selfHosted.gpu === null) return null;
  const prices = catalogs.gpuRental.filter(
    (p) => p.gpuId === selfHosted.gpu && !p.interruptible && COMMITMENT_MONTHS[p.term] <= scenario.horizonMonths,
  );
  if (prices.length === 0) return null;
  const monthly = (p: (typeof prices)[number]) =>
    monthlyRentUsd(p, selfHosted.gpuCount, selfHosted.hoursPerMonth, selfHosted.hoursPerMonth);
  const best = prices.reduce((a, b) => (monthly(b) < monthly(a) ? b : a));
  assumptions.push(
    `rent ${best.usdPerGpuHour} USD/GPU-hour, ${best.term}, from the rental catalog as of ${best.asOf} ` +
      `(${best.sources.usdPerGpuHour.source}); spot left out (interruptible)`,
  );
  return {
    usdPerDeploymentMonth: monthly(best) + staff,
    capacityTokensPerMonth,
    available,
    note:
      `${why}${selfHosted.gpuCount}× ${best.gpuId} rented ${best.term} at ${best.usdPerGpuHour} USD/GPU-hour ` +
      `(${best.asOf})${commitmentText(best.term, monthly(best))}, plus personnel ${staff} USD/month`,
  };
}

/**
 * What a reserved term binds the organization to: the cheapest rate is often a 3-year reservation, which is owed
 * whether the GPUs are used or not (for an H200, more than buying the card), so a "no capex" option says so.
 */
function commitmentText(term: RentalTerm, monthlyUsd: number): string {
  const months = COMMITMENT_MONTHS[term];
  if (months === 0) return '';
  const total = Math.round(monthlyUsd * months).toLocaleString('en-US');
  return `: a ${months}-month commitment of ${total} USD a deployment, owed whether its GPUs are used or not`;
}

/**
 * Why a scenario naming its model and GPU still has no throughput: no published run at its precision and GPU
 * count (the runs there are, to choose from), e.g. " (no published vLLM run of llama-3.1-70b at fp16 on 2 GPUs;
 * published: fp8 on 2, fp8 on 4)". Empty when it does not name both.
 */
function noPublishedRunText(selfHosted: BreakevenScenario['selfHosted'], catalogs: Catalogs): string {
  if (selfHosted.model === null || selfHosted.gpu === null) return '';
  const runs = catalogs.vllmThroughput.filter((run) => run.modelId === selfHosted.model);
  const published = [...new Set(runs.map((run) => `${run.precision} on ${run.gpuCount}`))].sort();
  const gpus = `${selfHosted.gpuCount} GPU${selfHosted.gpuCount === 1 ? '' : 's'}`;
  const choices = published.length ? `published: ${published.join(', ')}` : 'none published';
  return ` (no published vLLM run of ${selfHosted.model} at ${selfHosted.precision} on ${gpus}; ${choices})`;
}
