// One self-hosted deployment's day, in one unit: output tokens served ÷ (output capacity × seconds
// in service). Occupancy (share of time in logging intervals with work) and KV-cache usage are reported
// beside it under their own names, never in its place. Without a capacity, utilization is unknown
// (null), not 100%. Idle waste (OpenCost's idle: paid for, not used) = day cost × (1 − utilization),
// with its basis spelled out.
import type { DeploymentCapacity } from '../sizing/deployment-capacity';
import type { SelfHostedDeployment } from '../tco/cost-model';
import { dailyCostOfOwnership, ElectricityBasis } from '../tco/daily-cost-of-ownership';

export interface DeploymentDayInput {
  /** The deployment's cost model; hoursPerMonth is the month it is paid for (730). */
  deployment: SelfHostedDeployment;
  /** Idle draw per GPU (catalog); null = unknown, electricity is charged at load. */
  gpuIdlePowerWatts: number | null;
  capacity: DeploymentCapacity;
  /** Hours of the day the deployment was in service (24, or fewer on the day it was created). */
  paidHours: number;
  outputTokens: number;
  /** Input of every class (full price, cached, cache writes): reported, not counted in utilization. */
  inputTokens: number;
  /** Stats readings of the day (logs or scrapes), summed: seconds covered, seconds with work running… */
  samples: {
    coveredSec: number;
    busySec: number;
    kvCacheAvgPct: number | null;
    gpuEngineActivePct: number | null;
    /** Energy measured at the GPUs over the day (DCGM counters), kWh; null when not scraped. */
    energyKwh: number | null;
    /** Seconds the measured energy covers; absent or null: the whole paid time. */
    energyCoveredSec?: number | null;
  };
}

export interface DeploymentDayUtilization {
  paidHours: number;
  /** Output tokens served (the unit of capacity). */
  servedTokens: number;
  inputTokens: number;
  /** Output tokens the deployment could have served in its paid hours; null when unknown. */
  capacityTokens: number | null;
  capacityOutputTokensPerSec: number | null;
  /** Output tokens ÷ output capacity, 0–1; null when the capacity is unknown. */
  utilization: number | null;
  /**
   * Occupancy: share of the paid time in logging intervals with work (a request running at the interval's end,
   * or tokens generated in it). An interval counts whole, so this is an upper bound on the time a request ran.
   */
  busyShare: number | null;
  kvCacheAvgPct: number | null;
  gpuEngineActivePct: number | null;
  energyKwh: number | null;
  energyCostUsd: number | null;
  electricityBasis: ElectricityBasis;
  dailyCostUsd: number;
  idleWasteUsd: number | null;
  /** What capacity was taken from: `rated`, `catalog` or `unknown`. */
  basis: DeploymentCapacity['basis'];
  /** The idle-waste computation in words, for every place the figure appears. */
  idleWasteBasis: string;
}

const SECONDS_PER_HOUR = 3600;
const usd = (v: number) => v.toFixed(2);
const pct = (v: number) => `${Number((v * 100).toFixed(1))}%`;

export function deploymentDayUtilization(input: DeploymentDayInput): DeploymentDayUtilization {
  const { deployment, paidHours, samples, capacity } = input;
  const paidSec = paidHours * SECONDS_PER_HOUR;
  const rate = capacity.outputTokensPerSec;
  const capacityTokens = rate === null ? null : rate * paidSec;
  // Served beyond the rating (a conservative rating) is full use, not more than full.
  const utilization =
    capacityTokens === null || capacityTokens <= 0 ? null : Math.min(1, input.outputTokens / capacityTokens);
  // Gaps between stats lines usually mean idle (DESIGN §5): busy time is over the paid seconds.
  const busyShare = samples.coveredSec > 0 && paidSec > 0 ? Math.min(1, samples.busySec / paidSec) : null;
  // Scrapes that began (or stopped) during the day measured part of it: the paid seconds they missed
  // are charged at the average draw of the seconds they covered.
  const covered = samples.energyCoveredSec ?? null;
  const measuredKwh =
    samples.energyKwh === null
      ? null
      : covered !== null && covered > 0 && covered < paidSec
        ? (samples.energyKwh * paidSec) / covered
        : samples.energyKwh;
  const cost = dailyCostOfOwnership({
    deployment,
    gpuIdlePowerWatts: input.gpuIdlePowerWatts,
    hours: paidHours,
    utilization,
    measuredKwh,
  });
  const idleWasteUsd = utilization === null ? null : (1 - utilization) * cost.totalUsd;
  return {
    paidHours,
    servedTokens: input.outputTokens,
    inputTokens: input.inputTokens,
    capacityTokens,
    capacityOutputTokensPerSec: rate,
    utilization,
    busyShare,
    kvCacheAvgPct: samples.kvCacheAvgPct,
    gpuEngineActivePct: samples.gpuEngineActivePct,
    energyKwh: measuredKwh,
    energyCostUsd: measuredKwh === null ? null : cost.electricityUsd,
    electricityBasis: cost.electricityBasis,
    dailyCostUsd: cost.totalUsd,
    idleWasteUsd,
    basis: capacity.basis,
    idleWasteBasis:
      utilization === null
        ? `unknown: ${capacity.source}; occupancy and KV-cache usage are not utilization`
        : `${usd(cost.totalUsd)} USD cost of ownership × (1 − ${pct(utilization)} utilization: ` +
          `${Math.round(input.outputTokens)} output tokens ÷ (${Number((rate as number).toFixed(2))} output ` +
          `tokens/s × ${Math.round(paidSec)} s), capacity ${capacity.source}; electricity ${cost.electricityBasis})`,
  };
}
