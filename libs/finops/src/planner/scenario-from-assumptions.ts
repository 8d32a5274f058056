// The resolver from the organization's assumptions and one workload to a break-even scenario: the
// one way a workload is priced for self-hosting, so the planner, `explain` and `recommend` all get
// the same numbers from evaluateBreakevenScenario.
import type { Precision } from '../catalogs/precision';
import type { BreakevenScenarioInput } from '../scenario/breakeven-scenario';
import { OrganizationAssumptions, personnelUsdPerMonth } from './planner-assumptions';

export interface WorkloadToPrice {
  tokensPerMonth: number;
  /** Shares of all tokens; output is the rest. */
  inputShare: number;
  cachedInputShare?: number;
  cacheWriteShare?: number;
  forecastTokensPerMonth?: number[] | null;
  api: {
    inputPerMTok: number;
    outputPerMTok: number;
    cachedInputPerMTok?: number | null;
    cacheWritePerMTok?: number | null;
  };
  model: string;
  precision: Precision;
  gpu: string;
  gpuCount: number;
  gpuUnitPriceUsd: number;
  /** Sequences in flight at the busiest hour, and the context each may fill. */
  concurrency: number;
  contextTokens: number;
  /** Measured or catalog throughput (input and output together); null = catalog lookup. */
  throughputTokensPerSec?: number | null;
  hostedOpenModel?: { inputPerMTok: number; outputPerMTok: number } | null;
  horizonMonths?: number;
}

export function scenarioFromAssumptions(a: OrganizationAssumptions, w: WorkloadToPrice): BreakevenScenarioInput {
  const otherCapexUsd = w.gpuCount * a.otherCapexUsdPerGpu;
  const capex = w.gpuCount * w.gpuUnitPriceUsd + otherCapexUsd;
  const gpuAllowed = a.allowedGpus === null || a.allowedGpus.includes(w.gpu);
  return {
    workload: {
      tokensPerMonth: w.tokensPerMonth,
      inputShare: w.inputShare,
      cachedInputShare: w.cachedInputShare ?? 0,
      cacheWriteShare: w.cacheWriteShare ?? 0,
      forecastTokensPerMonth: w.forecastTokensPerMonth ?? null,
    },
    api: {
      inputPerMTok: w.api.inputPerMTok,
      outputPerMTok: w.api.outputPerMTok,
      cachedInputPerMTok: w.api.cachedInputPerMTok ?? null,
      cacheWritePerMTok: w.api.cacheWritePerMTok ?? null,
    },
    selfHosted: {
      gpu: w.gpu,
      model: w.model,
      precision: w.precision,
      gpuCount: w.gpuCount,
      gpuUnitPriceUsd: w.gpuUnitPriceUsd,
      otherCapexUsd,
      hoursPerMonth: a.hoursPerMonth,
      pue: a.pue,
      electricityUsdPerKwh: a.electricityUsdPerKwh,
      hostingUsdPerMonth: w.gpuCount * a.hostingUsdPerGpuMonth,
      personnelUsdPerMonth: personnelUsdPerMonth(a, w.gpuCount),
      maintenanceUsdPerMonth: (capex * a.maintenanceShareOfCapexPerYear) / 12,
      amortizationMonths: a.amortizationMonths,
      throughputTokensPerSec: w.throughputTokensPerSec ?? null,
      concurrency: w.concurrency,
      contextTokens: w.contextTokens,
      latencyTargetMsPerToken: a.latencyTargetMsPerToken,
      resaleValueUsd: capex * a.resaleValueShare,
    },
    hostedOpenModel: w.hostedOpenModel ?? null,
    discountRatePerYear: a.discountRatePerYear,
    allowBuy: a.allowBuy && gpuAllowed,
    allowRent: a.allowRent && gpuAllowed,
    horizonMonths: w.horizonMonths ?? 60,
    targetBreakEvenMonths: a.targetBreakEvenMonths,
  };
}
