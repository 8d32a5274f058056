// The demo's self-hosted fleet, in the shape `tokenmeter deployments upsert --file` reads (and PUT
// /v1/deployments/:name takes, name aside). GPU prices and power come from libs/finops' catalog;
// the rest are round figures for a colocated server, stated here so the demo's TCO is traceable.
import type { deploymentSpecSchema } from '@tokenmeter/contracts';
import { GPU_CATALOG, throughputEntryId, VLLM_THROUGHPUT_CATALOG } from '@tokenmeter/finops';
import type { z } from 'zod';

export type DeploymentFileEntry = { name: string } & z.input<typeof deploymentSpecSchema>;

function gpu(id: string) {
  const spec = GPU_CATALOG.find((g) => g.id === id);
  if (!spec) throw new Error(`demo deployments: no GPU ${id} in the catalog`);
  return spec;
}

const h100 = gpu('h100-80gb');
const l40s = gpu('l40s-48gb');
// Lambda's vLLM run of Llama 3.1 70B FP8 on 4×H100; no published run exists for Qwen3-30B on L40S,
// so that deployment's capacity is left to measurement (planner: busy time from its samples).
const llama70bOn4xH100 = VLLM_THROUGHPUT_CATALOG.find(
  (run) => run.id === throughputEntryId('llama-3.1-70b', 4, 'h100-80gb', 'fp8'),
);

export const DEMO_DEPLOYMENTS: readonly DeploymentFileEntry[] = [
  {
    name: 'llama-70b-pool',
    team: 'support',
    servedModel: 'llama-3.1-70b',
    gpuType: h100.id,
    gpuCount: 4,
    gpuUnitPriceUsd: h100.unitPriceUsd,
    otherCapexUsd: 45_000, // half of an 8-GPU HGX server chassis, CPUs, memory, NICs
    gpuPowerWatts: h100.powerWatts,
    pue: 1.3,
    electricityUsdPerKwh: 0.15,
    hostingUsdPerMonth: 1_200, // colocation share: rack space, cross-connects
    personnelUsdPerMonth: 3_000, // a quarter of an MLOps engineer
    maintenanceUsdPerMonth: 400,
    amortizationMonths: 36,
    ratedThroughputTokensPerSec: llama70bOn4xH100?.outputTokensPerSec ?? null,
    logStatsIntervalSec: 10,
    vllmMetricsUrl: null,
    dcgmMetricsUrl: null,
    kubernetesLabels: { app: 'vllm', 'app.kubernetes.io/instance': 'llama-70b-pool' },
  },
  {
    name: 'qwen-30b-l40s',
    team: 'search',
    servedModel: 'qwen3-30b-a3b',
    gpuType: l40s.id,
    gpuCount: 2,
    gpuUnitPriceUsd: l40s.unitPriceUsd,
    otherCapexUsd: 12_000, // a 2U PCIe server
    gpuPowerWatts: l40s.powerWatts,
    pue: 1.3,
    electricityUsdPerKwh: 0.15,
    hostingUsdPerMonth: 400,
    personnelUsdPerMonth: 1_500,
    maintenanceUsdPerMonth: 150,
    amortizationMonths: 36,
    ratedThroughputTokensPerSec: null,
    logStatsIntervalSec: 10,
    vllmMetricsUrl: null,
    dcgmMetricsUrl: null,
    kubernetesLabels: { app: 'vllm', 'app.kubernetes.io/instance': 'qwen-30b-l40s' },
  },
];
