// One self-hosted deployment's day: token-throughput utilization of the capacity paid for, busy
// share, KV-cache and GPU-engine activity, energy, and idle waste in dollars (OpenCost's idle:
// paid for, not used: (1 − utilization) × the day's cost).
import type { SelfHostedDeployment } from '../tco/cost-model';
import { deploymentDailyCost } from '../tco/deployment-daily-cost';

export interface DeploymentDayInput {
  /** The deployment's cost model; hoursPerMonth is the month it is paid for (730). */
  deployment: SelfHostedDeployment;
  /** Hours of the day the deployment existed (24, or fewer on the day it was created). */
  paidHours: number;
  servedTokens: number;
  /** Stats readings of the day (logs or scrapes), summed: seconds covered, seconds with work running… */
  samples: {
    coveredSec: number;
    busySec: number;
    kvCacheAvgPct: number | null;
    gpuEngineActivePct: number | null;
    /** Measured energy of the day's readings, kWh; null when no power was measured. */
    energyKwh: number | null;
  };
}

export interface DeploymentDayUtilization {
  paidHours: number;
  servedTokens: number;
  capacityTokens: number | null;
  utilization: number | null;
  busyShare: number | null;
  kvCacheAvgPct: number | null;
  gpuEngineActivePct: number | null;
  energyKwh: number | null;
  energyCostUsd: number | null;
  dailyCostUsd: number;
  idleWasteUsd: number | null;
  basis: 'throughput' | 'busy-time' | 'none';
}

const SECONDS_PER_HOUR = 3600;

export function deploymentDayUtilization(input: DeploymentDayInput): DeploymentDayUtilization {
  const { deployment, paidHours, servedTokens, samples } = input;
  const dailyCostUsd = deploymentDailyCost(deployment, paidHours);
  const capacityTokens =
    deployment.throughputTokensPerSec === null
      ? null
      : deployment.throughputTokensPerSec * paidHours * SECONDS_PER_HOUR;
  const paidSec = paidHours * SECONDS_PER_HOUR;
  // Gaps between stats lines usually mean idle (DESIGN §5): busy time is over the paid seconds.
  const busyShare = samples.coveredSec > 0 && paidSec > 0 ? Math.min(1, samples.busySec / paidSec) : null;
  let utilization: number | null = null;
  let basis: DeploymentDayUtilization['basis'] = 'none';
  if (capacityTokens !== null && capacityTokens > 0) {
    utilization = Math.min(1, servedTokens / capacityTokens);
    basis = 'throughput';
  } else if (busyShare !== null) {
    utilization = busyShare;
    basis = 'busy-time';
  }
  const energyCostUsd =
    samples.energyKwh === null ? null : samples.energyKwh * deployment.pue * deployment.electricityUsdPerKwh;
  return {
    paidHours,
    servedTokens,
    capacityTokens,
    utilization,
    busyShare,
    kvCacheAvgPct: samples.kvCacheAvgPct,
    gpuEngineActivePct: samples.gpuEngineActivePct,
    energyKwh: samples.energyKwh,
    energyCostUsd,
    dailyCostUsd,
    idleWasteUsd: utilization === null ? null : (1 - utilization) * dailyCostUsd,
    basis,
  };
}
