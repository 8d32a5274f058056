// Picks the GPU configuration with the lowest cost of ownership that holds a model at a precision
// (weights, KV cache for the sequences in flight × context, runtime overhead) and serves the
// busiest hour at the latency target, replicating the configuration when one copy is not enough.
// Cost of ownership, not purchase price: a cheap card that needs three times the GPUs pays three
// times the power, hosting and staff every month.
import type { FigureSource } from '../catalogs/figure-source';
import type { GpuSpec } from '../catalogs/gpus';
import type { Precision } from '../catalogs/precision';
import { CatalogOverrides, catalogEntry, resolveCatalogs } from '../catalogs/resolve-catalogs';
import { DEFAULT_ORGANIZATION_ASSUMPTIONS, OrganizationAssumptions } from '../planner/planner-assumptions';
import { latencyBoundOutputTokensPerSec } from './deployment-capacity';
import { MemoryFit, memoryFit } from './memory-fit';
import { lookUpVllmThroughput, ThroughputFigure } from './throughput-lookup';

/** The organization's figures a configuration's monthly cost of ownership is computed from. */
export type OwnershipCosts = Pick<
  OrganizationAssumptions,
  | 'electricityUsdPerKwh'
  | 'pue'
  | 'hostingUsdPerGpuMonth'
  | 'personnelUsdPerDeploymentMonth'
  | 'personnelUsdPerGpuMonth'
  | 'otherCapexUsdPerGpu'
  | 'maintenanceShareOfCapexPerYear'
  | 'amortizationMonths'
  | 'hoursPerMonth'
>;

export interface SizingRequest {
  modelId: string;
  /** Default fp16, or the quantization method's precision. */
  precision?: Precision;
  /** A quantization method id (e.g. `awq`): sets the precision and the real bits per weight. */
  quantizationMethodId?: string;
  /** Context length each sequence may fill. Default 4096. */
  contextTokens?: number;
  /**
   * Sequences each replica holds at once, each with a full context of KV cache. Default: the
   * sequences the busiest hour keeps in flight at the latency target (Little's law), spread over
   * the replicas; 1 when neither is given.
   */
  concurrentSequences?: number;
  /** Output tokens per second in the busiest hour. Omit to size for memory only. */
  peakOutputTokensPerSec?: number;
  /** Time per output token each sequence must keep (ms); bounds each replica's capacity. */
  latencyTargetMsPerToken?: number | null;
  /** Share of capacity the busiest hour may use (headroom for bursts). Default 1. */
  utilizationTarget?: number;
  /** Restrict candidates to these GPUs. Default: every GPU in the catalog. */
  gpuIds?: readonly string[];
  /** GPU counts per replica to try. Default 1, 2, 4, 8 (one node) and 16 (two nodes). */
  gpuCounts?: readonly number[];
  /** Default: the organization defaults (DEFAULT_ORGANIZATION_ASSUMPTIONS). */
  costs?: OwnershipCosts;
  /** Months the cost of ownership is added up over. Default: the amortization months. */
  horizonMonths?: number;
  /** Share of GPU memory the server may use (vLLM's gpu_memory_utilization). Default 0.9. */
  memoryUtilization?: number;
  /** CUDA context, activations and CUDA graphs per GPU, in GB. Default 2 (an estimate). */
  runtimeOverheadGbPerGpu?: number;
  kvCacheBytesPerValue?: number;
  catalogs?: CatalogOverrides;
}

export interface SizingCandidate {
  gpuId: string;
  gpuCount: number;
  /** The GPU's licence restricts datacenter use (consumer cards). */
  datacenterUseRestricted: boolean;
  fits: boolean;
  /** Sequences each replica holds (the memory was checked for these). */
  concurrencyPerReplica: number;
  memory: MemoryFit;
  /** Saturating throughput of one replica. */
  throughput: ThroughputFigure | null;
  /** One replica's output tokens/s: saturating throughput, held to the latency target; null = unknown. */
  capacityOutputTokensPerSec: number | null;
  /** Copies of the configuration needed for the busiest hour; null when throughput is unknown. */
  replicas: number | null;
  /** GPU capex for all replicas (GPUs only, no servers); null when replicas are unknown. */
  gpuCapexUsd: number | null;
  /** All replicas: capex ÷ amortization months + electricity + hosting + personnel + maintenance. */
  costOfOwnershipUsdPerMonth: number | null;
  /** The monthly figure × the horizon. */
  costOfOwnershipUsd: number | null;
}

export interface SizingResult {
  chosen: SizingCandidate | null;
  /** true/false when a busiest hour was asked for; null when sizing for memory only. */
  servesVolume: boolean | null;
  candidates: SizingCandidate[];
  horizonMonths: number;
  notes: string[];
}

export const SIZING_DEFAULTS = {
  contextTokens: 4096,
  concurrentSequences: 1,
  gpuCounts: [1, 2, 4, 8, 16] as readonly number[],
  memoryUtilization: 0.9,
  runtimeOverheadGbPerGpu: 2,
  kvCacheBytesPerValue: 2,
  utilizationTarget: 1,
  /** Beyond this many copies a configuration is not a serious candidate. */
  maxReplicas: 512,
};

export const SIZING_DEFAULT_SOURCES: Readonly<Record<'memoryUtilization' | 'runtimeOverheadGbPerGpu', FigureSource>> = {
  memoryUtilization: { source: 'vLLM engine arguments: gpu_memory_utilization defaults to 0.9' },
  runtimeOverheadGbPerGpu: { source: 'estimate: CUDA context, activations and CUDA graphs on one GPU', estimate: true },
};

// vLLM splits attention heads across the GPUs of a node (tensor parallelism, at most 8);
// beyond one node it adds pipeline stages of whole nodes.
const GPUS_PER_NODE = 8;

function parallelismAllowed(gpuCount: number, attentionHeads: number): boolean {
  if (gpuCount > GPUS_PER_NODE) return gpuCount % GPUS_PER_NODE === 0 && attentionHeads % GPUS_PER_NODE === 0;
  return attentionHeads % gpuCount === 0;
}

/**
 * One replica a month: GPUs × (price + other capex per GPU) ÷ amortization months + electricity at
 * full load (GPUs × W × hours × PUE × USD/kWh ÷ 1000, as the buy option charges it) + hosting per
 * GPU + personnel per deployment and per GPU + maintenance (share of capex a year ÷ 12).
 */
export function replicaCostOfOwnershipUsdPerMonth(
  gpu: Pick<GpuSpec, 'unitPriceUsd' | 'powerWatts'>,
  gpuCount: number,
  c: OwnershipCosts,
): number {
  const capex = gpuCount * (gpu.unitPriceUsd + c.otherCapexUsdPerGpu);
  const electricity = (gpuCount * gpu.powerWatts * c.hoursPerMonth * c.pue * c.electricityUsdPerKwh) / 1000;
  return (
    capex / c.amortizationMonths +
    electricity +
    gpuCount * c.hostingUsdPerGpuMonth +
    c.personnelUsdPerDeploymentMonth +
    gpuCount * c.personnelUsdPerGpuMonth +
    (capex * c.maintenanceShareOfCapexPerYear) / 12
  );
}

export function sizeDeployment(request: SizingRequest): SizingResult {
  const catalogs = resolveCatalogs(request.catalogs);
  const model = catalogEntry(catalogs.models, request.modelId, 'model');
  const method =
    request.quantizationMethodId === undefined
      ? null
      : catalogEntry(catalogs.quantizationMethods, request.quantizationMethodId, 'quantization method');
  const precision = request.precision ?? method?.precision ?? 'fp16';
  const notes: string[] = [];
  if (method && request.precision && method.precision !== request.precision) {
    notes.push(`quantization method ${method.id} is ${method.precision}; precision ${request.precision} ignored`);
  }
  const contextTokens = request.contextTokens ?? SIZING_DEFAULTS.contextTokens;
  if (contextTokens > model.maxContextTokens) {
    notes.push(`context ${contextTokens} exceeds ${model.id}'s published maximum of ${model.maxContextTokens}`);
  }
  const costs = request.costs ?? DEFAULT_ORGANIZATION_ASSUMPTIONS;
  const horizonMonths = request.horizonMonths ?? costs.amortizationMonths;
  const latency = request.latencyTargetMsPerToken ?? null;
  const target = request.utilizationTarget ?? SIZING_DEFAULTS.utilizationTarget;
  const peak = request.peakOutputTokensPerSec;
  const sizingForVolume = peak !== undefined && peak > 0;
  // Little's law: at t ms per token a sequence emits 1000/t tokens/s, so the busiest hour keeps
  // peak × t / 1000 sequences in flight; slots for them at the utilization target.
  const slots = sizingForVolume && latency !== null ? Math.max(1, Math.ceil((peak * latency) / 1000 / target)) : null;
  const gpus = request.gpuIds ? request.gpuIds.map((id) => catalogEntry(catalogs.gpus, id, 'GPU')) : catalogs.gpus;

  const candidates: SizingCandidate[] = [];
  for (const gpu of gpus) {
    for (const gpuCount of request.gpuCounts ?? SIZING_DEFAULTS.gpuCounts) {
      if (!parallelismAllowed(gpuCount, model.attentionHeads)) continue;
      const fitWith = (concurrency: number) =>
        memoryFit({
          model,
          weights: method ?? precision,
          gpu,
          gpuCount,
          contextTokens,
          concurrency,
          memoryUtilization: request.memoryUtilization,
          runtimeOverheadGbPerGpu: request.runtimeOverheadGbPerGpu,
          kvCacheBytesPerValue: request.kvCacheBytesPerValue,
        });
      const throughput = lookUpVllmThroughput(catalogs, model.id, gpu.id, gpuCount, precision);
      const capacityAt = (concurrency: number) =>
        throughput === null
          ? null
          : latency === null
            ? throughput.outputTokensPerSec
            : Math.min(throughput.outputTokensPerSec, latencyBoundOutputTokensPerSec(concurrency, latency));
      const plan = replicaPlan({
        sizingForVolume,
        peak: peak ?? 0,
        target,
        slots,
        latency,
        fixedConcurrency: request.concurrentSequences ?? (slots === null ? SIZING_DEFAULTS.concurrentSequences : null),
        capacityAt,
        fitWith,
      });
      const perReplica = replicaCostOfOwnershipUsdPerMonth(gpu, gpuCount, costs);
      const monthly = plan.replicas === null ? null : plan.replicas * perReplica;
      candidates.push({
        gpuId: gpu.id,
        gpuCount,
        datacenterUseRestricted: gpu.datacenterUseRestricted,
        fits: plan.memory.fits,
        concurrencyPerReplica: plan.concurrency,
        memory: plan.memory,
        throughput,
        capacityOutputTokensPerSec: capacityAt(plan.concurrency),
        replicas: plan.replicas,
        gpuCapexUsd: plan.replicas === null ? null : plan.replicas * gpuCount * gpu.unitPriceUsd,
        costOfOwnershipUsdPerMonth: monthly,
        costOfOwnershipUsd: monthly === null ? null : monthly * horizonMonths,
      });
    }
  }

  const fitting = candidates.filter((c) => c.fits);
  const chosen = cheapest(fitting.filter((c) => c.costOfOwnershipUsdPerMonth !== null));
  if (chosen || !sizingForVolume) {
    if (!chosen) notes.push(`no GPU configuration holds ${model.id} at ${precision} with this context`);
    return { chosen, servesVolume: sizingForVolume ? true : null, candidates, horizonMonths, notes };
  }
  // Nothing with a known throughput fits: fall back to the cheapest single replica, saying it is unproven.
  const single = fitting.map((c) => {
    const monthly = replicaCostOfOwnershipUsdPerMonth(catalogEntry(gpus, c.gpuId, 'GPU'), c.gpuCount, costs);
    return { ...c, costOfOwnershipUsdPerMonth: monthly, costOfOwnershipUsd: monthly * horizonMonths };
  });
  const fallback = cheapest(single);
  notes.push(
    fallback
      ? `no published or estimated throughput for ${model.id} at ${precision} on a fitting configuration; ` +
          `chose the lowest cost of ownership that fits without knowing whether it serves the busiest hour`
      : `no GPU configuration holds ${model.id} at ${precision} with this context`,
  );
  return {
    chosen: fallback
      ? { ...fallback, replicas: null, gpuCapexUsd: fallback.gpuCount * gpuPrice(gpus, fallback) }
      : null,
    servesVolume: false,
    candidates,
    horizonMonths,
    notes,
  };
}

interface ReplicaPlanInput {
  sizingForVolume: boolean;
  peak: number;
  target: number;
  /** Sequence slots the busiest hour needs over all replicas; null without a latency target. */
  slots: number | null;
  latency: number | null;
  /** Sequences per replica when given (or when nothing says otherwise). */
  fixedConcurrency: number | null;
  capacityAt: (concurrency: number) => number | null;
  fitWith: (concurrency: number) => MemoryFit;
}

/**
 * The fewest replicas whose capacity at the utilization target covers the busiest hour and whose
 * memory holds their share of the sequences. More replicas only ever help (each holds fewer
 * sequences and adds throughput), so the first count that works is the least. Without a fixed
 * concurrency a replica is run with as many sequences as the latency target lets it use
 * (saturating throughput × t ÷ 1000) and its memory holds, and never fewer than its share.
 */
function replicaPlan(p: ReplicaPlanInput): { replicas: number | null; concurrency: number; memory: MemoryFit } {
  const one = p.fitWith(1);
  const kvPerSequenceGb = one.kvCacheGb;
  const holdable =
    kvPerSequenceGb > 0 ? Math.floor((one.usableGb - one.weightsGb - one.runtimeOverheadGb) / kvPerSequenceGb) : 0;
  const saturating = p.capacityAt(Number.POSITIVE_INFINITY);
  const useful = saturating === null || p.latency === null ? 1 : Math.ceil((saturating * p.latency) / 1000 - 1e-9);
  const concurrencyFor = (replicas: number) => {
    if (p.fixedConcurrency !== null) return p.fixedConcurrency;
    const share = Math.max(1, Math.ceil((p.slots as number) / replicas));
    return share > holdable ? share : Math.max(share, Math.min(holdable, useful));
  };
  if (!p.sizingForVolume || saturating === null) {
    const concurrency = concurrencyFor(1);
    return { replicas: p.sizingForVolume ? null : 1, concurrency, memory: p.fitWith(concurrency) };
  }
  const first = Math.max(1, Math.ceil(p.peak / (saturating * p.target) - 1e-9));
  let last: { concurrency: number; memory: MemoryFit } | null = null;
  for (let replicas = first; replicas <= SIZING_DEFAULTS.maxReplicas; replicas++) {
    const concurrency = concurrencyFor(replicas);
    const memory = p.fitWith(concurrency);
    last = { concurrency, memory };
    const capacity = p.capacityAt(concurrency) as number;
    if (memory.fits && replicas * capacity * p.target >= p.peak - 1e-9) return { replicas, concurrency, memory };
    // A fixed concurrency (or a single sequence) that does not fit will not fit with more replicas either.
    if (!memory.fits && (p.fixedConcurrency !== null || concurrency <= 1)) break;
  }
  const concurrency = last?.concurrency ?? concurrencyFor(1);
  return { replicas: null, concurrency, memory: { ...(last?.memory ?? p.fitWith(concurrency)), fits: false } };
}

function gpuPrice(gpus: readonly GpuSpec[], c: SizingCandidate): number {
  return gpus.find((gpu) => gpu.id === c.gpuId)?.unitPriceUsd ?? Number.POSITIVE_INFINITY;
}

/** Lowest monthly cost of ownership; ties go to fewer GPUs, then to the faster configuration. */
function cheapest(candidates: SizingCandidate[]): SizingCandidate | null {
  let best: SizingCandidate | null = null;
  for (const c of candidates) {
    if (best === null) {
      best = c;
      continue;
    }
    const byCost = (c.costOfOwnershipUsdPerMonth as number) - (best.costOfOwnershipUsdPerMonth as number);
    const byGpus = c.gpuCount * (c.replicas ?? 1) - best.gpuCount * (best.replicas ?? 1);
    const bySpeed = (best.capacityOutputTokensPerSec ?? 0) - (c.capacityOutputTokensPerSec ?? 0);
    if (byCost < -1e-9 || (Math.abs(byCost) <= 1e-9 && (byGpus < 0 || (byGpus === 0 && bySpeed < 0)))) best = c;
  }
  return best;
}
