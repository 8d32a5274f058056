// The break-even scenario behind a workload's recommendation, written out in full so that
// `tokenmeter breakeven` reproduces it to the cent: every figure the planner used is a field of the
// scenario (no default left to chance). The numbers come only from evaluateBreakevenScenario, so
// whatever options it compares (API, buy, rent, hosted open model) reach the recommendation too.
import { resolveCatalogs } from '../catalogs/resolve-catalogs';
import {
  BreakevenResult,
  BreakevenScenario,
  BreakevenScenarioInput,
  evaluateBreakevenScenario,
  parseBreakevenScenario,
} from '../scenario';
import { sizeDeployment } from '../sizing/deployment-sizing';
import type { ApiTokenPrices, TokenMixShares } from '../tco/api-cost';
import { PlannerAssumptions, personnelUsdPerMonth } from './planner-assumptions';
import type { SubstituteModel } from './substitute-catalog';

const SECONDS_PER_HOUR = 3600;

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
  /** Hardware already owned (idle capacity): no capex, no added staff or hosting, no added power. */
  sunk?: { gpu: string; gpuCount: number; spareApiTokensPerSec: number };
}

export interface PricedScenario {
  scenario: BreakevenScenario;
  result: BreakevenResult;
  gpuConfiguration: string;
}

/** Null when no catalog GPU configuration with a published throughput serves the substitute. */
export function priceWorkloadScenario(req: WorkloadScenarioRequest): PricedScenario | null {
  const a = req.assumptions;
  const outShare = Math.max(0.05, 1 - req.mix.inputShare - req.mix.cachedInputShare - req.mix.cacheWriteShare);
  let selfHosted: BreakevenScenarioInput['selfHosted'];
  let gpuConfiguration: string;
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
      // The deployment runs (and draws its power) whether or not this workload moves onto it.
      electricityUsdPerMonth: 0,
      hostingUsdPerMonth: 0,
      personnelUsdPerMonth: 0,
      maintenanceUsdPerMonth: 0,
      amortizationMonths: a.amortizationMonths,
      throughputTokensPerSec: req.sunk.spareApiTokensPerSec,
    };
    gpuConfiguration = `${req.sunk.gpuCount}× ${req.sunk.gpu} (owned)`;
  } else {
    // The substitute emits `expectedTokenRatio` tokens per API token, so it must serve that many more.
    const ratio = req.substitute.expectedTokenRatio;
    const sizing = sizeDeployment({
      modelId: req.substitute.model,
      precision: req.substitute.precision,
      outputTokensPerMonth: Math.max(1, req.peakTokensPerSec * outShare * ratio * a.hoursPerMonth * SECONDS_PER_HOUR),
      hoursPerMonth: a.hoursPerMonth,
    });
    const chosen = sizing.chosen;
    if (!chosen?.throughput) return null;
    const gpu = resolveCatalogs().gpus.find((g) => g.id === chosen.gpuId);
    if (!gpu) return null;
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
      // Published throughput counts output tokens; the replica prefills the input alongside them.
      // Sized for the busiest hour, the mean hour uses 1/peakToMean of it; capacity is in API tokens.
      throughputTokensPerSec:
        chosen.throughput.outputTokensPerSec /
        outShare /
        Math.max(1, req.peakToMean) /
        req.substitute.expectedTokenRatio,
    };
    gpuConfiguration = `${chosen.gpuCount}× ${chosen.gpuId}`;
  }
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
    horizonMonths: 60,
    targetBreakEvenMonths: a.targetBreakEvenMonths,
  };
  const parsed = parseBreakevenScenario(input);
  if (!parsed.ok) throw new Error(`planner built an invalid break-even scenario: ${parsed.problems.join('; ')}`);
  return { scenario: parsed.scenario, result: evaluateBreakevenScenario(parsed.scenario), gpuConfiguration };
}

/** What self-hosting saves each month at month 1 against the API; negative is a premium. */
export function monthlySavingsUsd(result: BreakevenResult): number {
  return result.apiMonthlyUsd - result.amortizedMonthlyUsd;
}
