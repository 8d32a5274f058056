// Whether a model fits a GPU configuration at a concurrency and context: weights (precision or
// quantization method) + KV cache for every concurrent sequence at the full context (from the
// model's layers, KV heads and head size) + runtime overhead per GPU, against the memory the
// server may use (vLLM's gpu_memory_utilization).
import type { GpuSpec } from '../catalogs/gpus';
import type { OpenModelSpec } from '../catalogs/open-models';
import type { Precision } from '../catalogs/precision';
import type { QuantizationMethod } from '../catalogs/quantization-methods';
import { gibToGb, kvCacheMemoryGb, weightsMemoryGb } from './model-memory';

export interface MemoryFitRequest {
  model: OpenModelSpec;
  weights: Precision | QuantizationMethod;
  gpu: Pick<GpuSpec, 'memoryGiB'>;
  gpuCount: number;
  contextTokens: number;
  concurrency: number;
  /** Default 0.9 (vLLM's default gpu_memory_utilization). */
  memoryUtilization?: number;
  /** Default 2 GB per GPU: CUDA context, activations, CUDA graphs (an estimate). */
  runtimeOverheadGbPerGpu?: number;
  kvCacheBytesPerValue?: number;
}

export interface MemoryFit {
  fits: boolean;
  weightsGb: number;
  kvCacheGb: number;
  runtimeOverheadGb: number;
  requiredGb: number;
  usableGb: number;
  /** Required memory per GPU (weights and KV cache split evenly by tensor parallelism). */
  memoryGbPerGpu: number;
  usableGbPerGpu: number;
}

export function memoryFit(request: MemoryFitRequest): MemoryFit {
  const overheadPerGpu = request.runtimeOverheadGbPerGpu ?? 2;
  const weightsGb = weightsMemoryGb(request.model, request.weights);
  const kvCacheGb = kvCacheMemoryGb(
    request.model,
    request.contextTokens,
    request.concurrency,
    request.kvCacheBytesPerValue ?? 2,
  );
  const runtimeOverheadGb = overheadPerGpu * request.gpuCount;
  const requiredGb = weightsGb + kvCacheGb + runtimeOverheadGb;
  const usableGbPerGpu = gibToGb(request.gpu.memoryGiB) * (request.memoryUtilization ?? 0.9);
  const usableGb = usableGbPerGpu * request.gpuCount;
  return {
    fits: requiredGb <= usableGb,
    weightsGb,
    kvCacheGb,
    runtimeOverheadGb,
    requiredGb,
    usableGb,
    memoryGbPerGpu: requiredGb / request.gpuCount,
    usableGbPerGpu,
  };
}
