// Picks the cheapest GPU configuration that holds a model at a precision (weights, KV cache for
// the requested context × concurrent sequences, runtime overhead) and serves a monthly volume,
// replicating the configuration when one copy is not fast enough.
import type { FigureSource } from '../catalogs/figure-source';
import type { Precision } from '../catalogs/precision';
import { CatalogOverrides, catalogEntry, resolveCatalogs } from '../catalogs/resolve-catalogs';
import { gibToGb, kvCacheMemoryGb, weightsMemoryGb } from './model-memory';
import { lookUpVllmThroughput, ThroughputFigure } from './throughput-lookup';

export interface SizingRequest {
  modelId: string;
  /** Default fp16, or the quantization method's precision. */
  precision?: Precision;
  /** A quantization method id (e.g. `awq`): sets the precision and the real bits per weight. */
  quantizationMethodId?: string;
  /** Context length each sequence may fill. Default 4096. */
  contextTokens?: number;
  /** Sequences served at once, each with a full context of KV cache. Default 1. */
  concurrentSequences?: number;
  /** Output tokens to serve per month (benchmarks measure output). Omit to size for memory only. */
  outputTokensPerMonth?: number;
  hoursPerMonth?: number;
  /** Restrict candidates to these GPUs. Default: every GPU in the catalog. */
  gpuIds?: readonly string[];
  /** GPU counts per replica to try. Default 1, 2, 4, 8 (one node) and 16 (two nodes). */
  gpuCounts?: readonly number[];
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
  fits: boolean;
  memory: { weightsGb: number; kvCacheGb: number; runtimeOverheadGb: number; requiredGb: number; usableGb: number };
  throughput: ThroughputFigure | null;
  /** Copies of the configuration needed for the volume; null when throughput is unknown. */
  replicas: number | null;
  /** GPU capex for all replicas (GPUs only, no servers); null when replicas are unknown. */
  gpuCapexUsd: number | null;
}

export interface SizingResult {
  chosen: SizingCandidate | null;
  /** true/false when a volume was asked for; null when sizing for memory only. */
  servesVolume: boolean | null;
  candidates: SizingCandidate[];
  notes: string[];
}

export const SIZING_DEFAULTS = {
  contextTokens: 4096,
  concurrentSequences: 1,
  hoursPerMonth: 730,
  gpuCounts: [1, 2, 4, 8, 16] as readonly number[],
  memoryUtilization: 0.9,
  runtimeOverheadGbPerGpu: 2,
  kvCacheBytesPerValue: 2,
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
  const concurrentSequences = request.concurrentSequences ?? SIZING_DEFAULTS.concurrentSequences;
  if (contextTokens > model.maxContextTokens) {
    notes.push(`context ${contextTokens} exceeds ${model.id}'s published maximum of ${model.maxContextTokens}`);
  }
  const hoursPerMonth = request.hoursPerMonth ?? SIZING_DEFAULTS.hoursPerMonth;
  const utilization = request.memoryUtilization ?? SIZING_DEFAULTS.memoryUtilization;
  const overheadPerGpu = request.runtimeOverheadGbPerGpu ?? SIZING_DEFAULTS.runtimeOverheadGbPerGpu;
  const weightsGb = weightsMemoryGb(model, method ?? precision);
  const kvCacheGb = kvCacheMemoryGb(
    model,
    contextTokens,
    concurrentSequences,
    request.kvCacheBytesPerValue ?? SIZING_DEFAULTS.kvCacheBytesPerValue,
  );
  const gpus = request.gpuIds ? request.gpuIds.map((id) => catalogEntry(catalogs.gpus, id, 'GPU')) : catalogs.gpus;
  const volume = request.outputTokensPerMonth;
  const sizingForVolume = volume !== undefined && volume > 0;

  const candidates: SizingCandidate[] = [];
  for (const gpu of gpus) {
    for (const gpuCount of request.gpuCounts ?? SIZING_DEFAULTS.gpuCounts) {
      if (!parallelismAllowed(gpuCount, model.attentionHeads)) continue;
      const runtimeOverheadGb = overheadPerGpu * gpuCount;
      const requiredGb = weightsGb + kvCacheGb + runtimeOverheadGb;
      const usableGb = gibToGb(gpu.memoryGiB) * utilization * gpuCount;
      const throughput = lookUpVllmThroughput(catalogs, model.id, gpu.id, gpuCount, precision);
      const replicas = !sizingForVolume
        ? 1
        : throughput === null
          ? null
          : Math.max(1, Math.ceil(volume / (throughput.outputTokensPerSec * hoursPerMonth * 3600)));
      candidates.push({
        gpuId: gpu.id,
        gpuCount,
        fits: requiredGb <= usableGb,
        memory: { weightsGb, kvCacheGb, runtimeOverheadGb, requiredGb, usableGb },
        throughput,
        replicas,
        gpuCapexUsd: replicas === null ? null : replicas * gpuCount * gpu.unitPriceUsd,
      });
    }
  }

  const fitting = candidates.filter((c) => c.fits);
  const priced = fitting.filter((c) => c.gpuCapexUsd !== null);
  const chosen = cheapest(priced);
  if (chosen || !sizingForVolume) {
    if (!chosen) notes.push(`no GPU configuration holds ${model.id} at ${precision} with this context`);
    return { chosen, servesVolume: sizingForVolume ? true : null, candidates, notes };
  }
  // Nothing with a known throughput fits: fall back to the cheapest fit, saying it is unproven.
  const fallback = cheapest(fitting.map((c) => ({ ...c, gpuCapexUsd: c.gpuCount * gpuPrice(gpus, c.gpuId) })));
  notes.push(
    fallback
      ? `no published or estimated throughput for ${model.id} at ${precision} on a fitting configuration; ` +
          `chose the cheapest fit without knowing whether it serves the volume`
      : `no GPU configuration holds ${model.id} at ${precision} with this context`,
  );
  return { chosen: fallback ? { ...fallback, replicas: null } : null, servesVolume: false, candidates, notes };
}

function gpuPrice(gpus: readonly { id: string; unitPriceUsd: number }[], id: string): number {
  return gpus.find((gpu) => gpu.id === id)?.unitPriceUsd ?? Number.POSITIVE_INFINITY;
}

/** Lowest GPU capex; ties go to fewer GPUs, then to the faster configuration. */
function cheapest(candidates: SizingCandidate[]): SizingCandidate | null {
  let best: SizingCandidate | null = null;
  for (const c of candidates) {
    if (best === null) {
      best = c;
      continue;
    }
    const byCost = (c.gpuCapexUsd as number) - (best.gpuCapexUsd as number);
    const byGpus = c.gpuCount * (c.replicas ?? 1) - best.gpuCount * (best.replicas ?? 1);
    const bySpeed = (best.throughput?.outputTokensPerSec ?? 0) - (c.throughput?.outputTokensPerSec ?? 0);
    if (byCost < 0 || (byCost === 0 && (byGpus < 0 || (byGpus === 0 && bySpeed < 0)))) best = c;
  }
  return best;
}
