// Runs a validated break-even scenario through the cost model, break-even, savings, sensitivity
// and threshold, and says in `assumptions` which defaults and catalog figures it used.
// Results are unrounded; rounding is the presenter's job.
import { CatalogOverrides, catalogEntry, resolveCatalogs } from '../catalogs/resolve-catalogs';
import { blendedApiUsdPerToken, outputShare, TokenMixShares } from '../tco/api-cost';
import { breakEvenMonths } from '../tco/breakeven';
import { breakEvenSensitivity } from '../tco/breakeven-sensitivity';
import { costDeployment, DeploymentEconomics, SelfHostedDeployment } from '../tco/cost-model';
import { deploymentsNeeded } from '../tco/deployments-needed';
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
  /** `self-host` when break-even comes within targetBreakEvenMonths, else `api`. */
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
  /** Cash savings (API cost avoided − capex − opex) at the end of these months. */
  cumulativeSavingsUsd: Record<string, number>;
  horizonMonths: number;
  /** Month 1 volume at which break-even equals the target; null if none gets there. */
  thresholdTokensPerMonth: number | null;
  /** The same threshold as a monthly API bill. */
  thresholdApiMonthlyUsd: number | null;
  sensitivity: ScenarioSensitivityPoint[];
  assumptions: string[];
}

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
  if (throughputTokensPerSec === null) {
    const published = catalogThroughputFor(selfHosted, catalogs);
    if (published) {
      // Benchmarks count output tokens; a decode-bound server prefills the input alongside them.
      const share = workload.inputShare === null ? 1 : outputShare(mix);
      throughputTokensPerSec = share > 0 ? published.outputTokensPerSec / share : published.outputTokensPerSec;
      assumptions.push(
        `throughput ${published.outputTokensPerSec} output tokens/s from catalog (${published.source.source})` +
          (share < 1 && share > 0
            ? `, counted as ${readable(throughputTokensPerSec)} tokens/s at this mix's output share ${share}`
            : ''),
      );
    }
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
  if (selfHosted.electricityUsdPerMonth !== null) {
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
  } else if (capacity === null) {
    assumptions.push('throughput unknown: one deployment is assumed to serve the whole volume');
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
  const months = breakEvenMonths(input);
  const n = deploymentsNeeded(firstMonthVolume, capacity);
  const checkpoints = [...new Set([...SAVINGS_CHECKPOINT_MONTHS, scenario.horizonMonths])].sort((a, b) => a - b);
  const horizon = savingsTimeline(input, scenario.horizonMonths);

  const threshold = thresholdTokensPerMonth({
    apiUsdPerToken,
    deployment: perDeployment,
    targetMonths: scenario.targetBreakEvenMonths,
    monthlyGrowth: volume.kind === 'growth' ? volume.monthlyGrowth : 0,
  });
  if (volume.kind === 'series') assumptions.push('threshold volume assumes a constant volume, not the forecast series');
  assumptions.push('capex is paid up front; hardware is not replaced within the horizon');

  return {
    breakEvenMonths: months,
    verdict: months !== null && months <= scenario.targetBreakEvenMonths ? 'self-host' : 'api',
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
    cumulativeSavingsUsd: cumulativeSavingsAtMonths(input, checkpoints),
    horizonMonths: scenario.horizonMonths,
    thresholdTokensPerMonth: billOnly ? null : threshold,
    thresholdApiMonthlyUsd: threshold === null ? null : threshold * apiUsdPerToken,
    sensitivity: breakEvenSensitivity(input).map((point) => ({
      volumeMultiplier: point.volumeMultiplier,
      tokensPerMonth: billOnly ? null : point.tokensPerMonth,
      apiMonthlyUsd: point.tokensPerMonth * apiUsdPerToken,
      deploymentsNeeded: point.deploymentsNeeded,
      breakEvenMonths: point.breakEvenMonths,
    })),
    assumptions,
  };
}
