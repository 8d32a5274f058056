// The break-even scenario behind a workload's recommendation, written out in full so that
// `tokenmeter breakeven` reproduces it to the cent: every figure the planner used is a field of the
// scenario (no default left to chance). The numbers come only from evaluateBreakevenScenario, so
// whatever options it compares (API, buy, rent, hosted open model) reach the recommendation too.
import { resolveCatalogs } from '../catalogs/resolve-catalogs';
import { hostedOpenModelPrice } from '../pricing/hosted-open-model-price';
import {
  BreakevenResult,
  BreakevenScenario,
  BreakevenScenarioInput,
  evaluateBreakevenScenario,
  parseBreakevenScenario,
} from '../scenario';
import { SIZING_DEFAULTS, sizeDeployment } from '../sizing/deployment-sizing';
import type { ApiTokenPrices, TokenMixShares } from '../tco/api-cost';
import { PlannerAssumptions, personnelUsdPerMonth } from './planner-assumptions';
import type { SubstituteModel } from './substitute-catalog';
import { usdCentsText } from './usd-text';

const HORIZON_MONTHS = 60;

/** How the API side is priced: the workload's own recent bill, or list prices for its token mix. */
export type WorkloadPricing =
  | { kind: 'bill'; apiMonthlyUsd: number; tokensPerMonth: number }
  | { kind: 'prices'; prices: ApiTokenPrices };

export interface WorkloadScenarioRequest {
  /** API tokens per month from month 1 (the conservative forecast); the last value holds. */
  pathTokensPerMonth: number[];
  mix: TokenMixShares;
  pricing: WorkloadPricing;
  substitute: SubstituteModel;
  /** API tokens per second in the busiest hour, and that hour against the mean hour. */
  peakTokensPerSec: number;
  peakToMean: number;
  assumptions: PlannerAssumptions;
  /**
   * Hardware already owned (idle capacity): no capex, no added staff or hosting; only the power its GPUs draw
   * above idle for the workload's share of their capacity.
   */
  sunk?: { gpu: string; gpuCount: number; spareApiTokensPerSec: number; capacityOutputTokensPerSec: number };
}

export interface PricedScenario {
  scenario: BreakevenScenario;
  result: BreakevenResult;
  /** null when no configuration could be sized (then only the APIs are compared). */
  gpuConfiguration: string | null;
  /** Why this configuration: its cost of ownership among the candidates that fit and serve the busiest hour. */
  sizingBasis: string;
  /** The replicas the sizing serves the busiest hour with (null when nothing was sized, or the GPUs are owned). */
  replicasForBusiestHour: number | null;
}

/**
 * The configuration with as many replicas as the scenario's first month needs ("3 × 2× h200-141gb"; one
 * replica: "2× h200-141gb"), as the rationale says it: at a volume far from tonight's, the replica alone misleads.
 */
export function sizedConfiguration(priced: PricedScenario | null): string | null {
  if (!priced?.gpuConfiguration) return null;
  const replicas = priced.result.deploymentsNeeded;
  return replicas > 1 ? `${replicas} × ${priced.gpuConfiguration}` : priced.gpuConfiguration;
}

/**
 * What moving the workload onto hardware already owned adds to its electricity, month 1: its GPUs draw
 * idle power whatever they serve, and (load − idle) watts in proportion to the share of their capacity used
 * (the deployment's daily cost counts power the same way), here the workload's output tokens/s at month 1's
 * conservative volume over the deployment's capacity.
 */
function addedPowerUsdPerMonth(
  req: WorkloadScenarioRequest,
  sunk: NonNullable<WorkloadScenarioRequest['sunk']>,
  outShare: number,
): number {
  const a = req.assumptions;
  const gpu = resolveCatalogs().gpus.find((g) => g.id === sunk.gpu);
  if (!gpu || !(sunk.capacityOutputTokensPerSec > 0)) return 0;
  const outputTokensPerSec =
    ((req.pathTokensPerMonth[0] ?? 0) * outShare * req.substitute.expectedTokenRatio) / (a.hoursPerMonth * 3600);
  const share = Math.min(1, outputTokensPerSec / sunk.capacityOutputTokensPerSec);
  const addedWatts = sunk.gpuCount * (gpu.powerWatts - gpu.idlePowerWatts) * share;
  return (addedWatts * a.hoursPerMonth * a.pue * a.electricityUsdPerKwh) / 1000;
}

/**
 * When no catalog GPU configuration with a published throughput serves the substitute, buying and
 * renting cannot be sized: the scenario then compares the API with the hosted open model alone
 * (from the price book), and is null when that is not priced either.
 */
export function priceWorkloadScenario(req: WorkloadScenarioRequest): PricedScenario | null {
  const a = req.assumptions;
  const outShare = Math.max(0.05, 1 - req.mix.inputShare - req.mix.cachedInputShare - req.mix.cacheWriteShare);
  let selfHosted: BreakevenScenarioInput['selfHosted'];
  let gpuConfiguration: string | null;
  let sizingBasis: string;
  let replicasForBusiestHour: number | null = null;
  if (req.sunk) {
    selfHosted = {
      gpu: req.sunk.gpu,
      model: req.substitute.model,
      precision: req.substitute.precision,
      gpuCount: req.sunk.gpuCount,
      gpuUnitPriceUsd: 0,
      otherCapexUsd: 0,
      hoursPerMonth: a.hoursPerMonth,
      pue: a.pue,
      electricityUsdPerKwh: a.electricityUsdPerKwh,
      electricityUsdPerMonth: addedPowerUsdPerMonth(req, req.sunk, outShare),
      hostingUsdPerMonth: 0,
      personnelUsdPerMonth: 0,
      maintenanceUsdPerMonth: 0,
      amortizationMonths: a.amortizationMonths,
      throughputTokensPerSec: req.sunk.spareApiTokensPerSec,
    };
    gpuConfiguration = `${req.sunk.gpuCount}× ${req.sunk.gpu} (owned)`;
    sizingBasis = 'hardware already owned: its spare capacity at the utilization target';
  } else {
    // The substitute emits `expectedTokenRatio` tokens per API token, so it must serve that many more.
    // Sized on the busiest hour at the latency and utilization targets, over the GPUs the
    // organization allows, for the lowest cost of ownership at its own figures.
    const ratio = req.substitute.expectedTokenRatio;
    const sizing = sizeDeployment({
      modelId: req.substitute.model,
      precision: req.substitute.precision,
      peakOutputTokensPerSec: Math.max(1e-6, req.peakTokensPerSec * outShare * ratio),
      latencyTargetMsPerToken: a.latencyTargetMsPerToken,
      utilizationTarget: a.utilizationTarget,
      gpuIds: a.allowedGpus ?? undefined,
      costs: a,
      horizonMonths: HORIZON_MONTHS,
    });
    const chosen = sizing.chosen;
    const gpu = resolveCatalogs().gpus.find((g) => g.id === chosen?.gpuId);
    if (!chosen?.throughput || chosen.capacityOutputTokensPerSec === null || !gpu) {
      return hostedOnlyScenario(req, unsizedReason(req.substitute.model, a.allowedGpus));
    }
    const capex = chosen.gpuCount * (gpu.unitPriceUsd + a.otherCapexUsdPerGpu);
    selfHosted = {
      gpu: chosen.gpuId,
      model: req.substitute.model,
      precision: req.substitute.precision,
      gpuCount: chosen.gpuCount,
      gpuUnitPriceUsd: gpu.unitPriceUsd,
      otherCapexUsd: chosen.gpuCount * a.otherCapexUsdPerGpu,
      gpuPowerWatts: gpu.powerWatts,
      hoursPerMonth: a.hoursPerMonth,
      pue: a.pue,
      electricityUsdPerKwh: a.electricityUsdPerKwh,
      hostingUsdPerMonth: chosen.gpuCount * a.hostingUsdPerGpuMonth,
      personnelUsdPerMonth: personnelUsdPerMonth(a, chosen.gpuCount),
      maintenanceUsdPerMonth: (capex * a.maintenanceShareOfCapexPerYear) / 12,
      amortizationMonths: a.amortizationMonths,
      // Capacity counts output tokens at the latency target; the replica prefills the input alongside
      // them. The busiest hour may use the utilization target's share of it (as the sizer sized it), the
      // mean hour 1/peakToMean of that: so the replicas the scenario pays for are those the sizing asked
      // for. Capacity is in API tokens.
      throughputTokensPerSec:
        (chosen.capacityOutputTokensPerSec * a.utilizationTarget) /
        outShare /
        Math.max(1, req.peakToMean) /
        req.substitute.expectedTokenRatio,
      concurrency: chosen.concurrencyPerReplica,
      contextTokens: SIZING_DEFAULTS.contextTokens,
      latencyTargetMsPerToken: a.latencyTargetMsPerToken,
      resaleValueUsd: capex * a.resaleValueShare,
    };
    sizingBasis =
      `${chosen.replicas ?? 1}× (${chosen.gpuCount}× ${chosen.gpuId}), ${chosen.concurrencyPerReplica} sequences of ` +
      `${SIZING_DEFAULTS.contextTokens} tokens each: the lowest cost of ownership ` +
      `(${usdCentsText(chosen.costOfOwnershipUsdPerMonth ?? 0)} a month) of ${sizing.candidates.length} ` +
      `configurations that hold the model and serve the busiest hour (${rateText(req.peakTokensPerSec)} API tokens ` +
      `a second) at ${a.latencyTargetMsPerToken} ms per token ` +
      `and ${Math.round(a.utilizationTarget * 100)}% utilization` +
      (gpu.datacenterUseRestricted ? `; ${gpu.id}'s licence restricts datacenter use` : '');
    gpuConfiguration = `${chosen.gpuCount}× ${chosen.gpuId}`;
    replicasForBusiestHour = chosen.replicas ?? 1;
  }
  return evaluated(req, selfHosted, gpuConfiguration, sizingBasis, replicasForBusiestHour);
}

/** Tokens a second as people read them: "12,345", "3.2". */
const rateText = (perSec: number) =>
  perSec >= 100 ? WHOLE.format(Math.round(perSec)) : String(Number(perSec.toPrecision(2)));

/** Built once: every pricing (and the searches price many) says its busiest hour's rate. */
const WHOLE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** No GPU configuration to buy or rent: the API against the hosted open model, when the price book has it. */
function hostedOnlyScenario(req: WorkloadScenarioRequest, reason: string): PricedScenario | null {
  if (hostedPrice(req.substitute, req.mix) === null) return null;
  const selfHosted: BreakevenScenarioInput['selfHosted'] = {
    model: req.substitute.model,
    precision: req.substitute.precision,
    gpuUnitPriceUsd: 0,
    electricityUsdPerMonth: 0,
    unsizedReason: reason,
  };
  return evaluated(req, selfHosted, null, reason, null);
}

function unsizedReason(model: string, allowedGpus: readonly string[] | null): string {
  return (
    `no catalog GPU configuration${allowedGpus ? ' among the allowed GPUs' : ''} has a published throughput for ` +
    `${model}, so buying or renting GPUs for it could not be sized`
  );
}

function evaluated(
  req: WorkloadScenarioRequest,
  selfHosted: BreakevenScenarioInput['selfHosted'],
  gpuConfiguration: string | null,
  sizingBasis: string,
  replicasForBusiestHour: number | null,
): PricedScenario {
  const a = req.assumptions;
  const pricing = req.pricing;
  const input: BreakevenScenarioInput = {
    workload: {
      tokensPerMonth: pricing.kind === 'bill' ? pricing.tokensPerMonth : null,
      apiMonthlyUsd: pricing.kind === 'bill' ? pricing.apiMonthlyUsd : null,
      inputShare: req.mix.inputShare,
      cachedInputShare: req.mix.cachedInputShare,
      cacheWriteShare: req.mix.cacheWriteShare,
      forecastTokensPerMonth: req.pathTokensPerMonth.length > 0 ? req.pathTokensPerMonth : [0],
    },
    api:
      pricing.kind === 'prices'
        ? {
            inputPerMTok: pricing.prices.inputPerMTok,
            outputPerMTok: pricing.prices.outputPerMTok,
            cachedInputPerMTok: pricing.prices.cachedInputPerMTok ?? pricing.prices.inputPerMTok,
            cacheWritePerMTok: pricing.prices.cacheWritePerMTok ?? pricing.prices.inputPerMTok,
          }
        : {},
    selfHosted,
    hostedOpenModel: hostedPrice(req.substitute, req.mix),
    discountRatePerYear: a.discountRatePerYear,
    allowBuy: a.allowBuy,
    allowRent: a.allowRent,
    horizonMonths: HORIZON_MONTHS,
    targetBreakEvenMonths: a.targetBreakEvenMonths,
  };
  const parsed = parseBreakevenScenario(input);
  if (!parsed.ok) throw new Error(`planner built an invalid break-even scenario: ${parsed.problems.join('; ')}`);
  return {
    scenario: parsed.scenario,
    result: evaluateBreakevenScenario(parsed.scenario),
    gpuConfiguration,
    sizingBasis,
    replicasForBusiestHour,
  };
}

/**
 * The substitute on a hosted open-model API, from the price book, written out so the scenario is
 * complete. Priced per API token: the substitute emits `expectedTokenRatio` tokens for each, as the
 * GPU sizing counts them.
 */
function hostedPrice(substitute: SubstituteModel, mix: TokenMixShares): BreakevenScenarioInput['hostedOpenModel'] {
  const price = hostedOpenModelPrice(substitute.model, mix);
  if (price === null) return null;
  const ratio = substitute.expectedTokenRatio;
  const perApiToken = (usd: number) => Number((usd * ratio).toPrecision(12));
  const scaled = ratio === 1 ? '' : `, × ${ratio} tokens per API token`;
  return {
    inputPerMTok: perApiToken(price.inputPerMTok),
    outputPerMTok: perApiToken(price.outputPerMTok),
    source: `${price.inputPerMTok}/${price.outputPerMTok} USD per million${scaled}: ${price.source}`.slice(0, 500),
  };
}

/** What self-hosting saves each month at month 1 against the API; negative is a premium. */
export function monthlySavingsUsd(result: BreakevenResult): number {
  return result.apiMonthlyUsd - result.amortizedMonthlyUsd;
}
