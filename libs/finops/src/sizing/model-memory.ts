// GPU memory a model needs: weights at a precision, plus the KV cache its sequences fill.
// Sizes are in GB of 10^9 bytes (GPU capacities in GiB are converted where they are compared).
import type { OpenModelSpec } from '../catalogs/open-models';
import { NOMINAL_BITS_PER_WEIGHT, Precision } from '../catalogs/precision';
import type { QuantizationMethod } from '../catalogs/quantization-methods';

const BYTES_PER_GB = 1e9;
const BITS_PER_BYTE = 8;

/** Bytes per weight: FP16 2, FP8/INT8 1, INT4 0.5 — or a quantization method's real bit width. */
export function bytesPerWeight(
  precisionOrMethod: Precision | Pick<QuantizationMethod, 'effectiveBitsPerWeight'>,
): number {
  const bits =
    typeof precisionOrMethod === 'string'
      ? NOMINAL_BITS_PER_WEIGHT[precisionOrMethod]
      : precisionOrMethod.effectiveBitsPerWeight;
  return bits / BITS_PER_BYTE;
}

/** Weights memory in GB: parameters × bytes per parameter. Every expert of a MoE model is resident. */
export function weightsMemoryGb(
  model: Pick<OpenModelSpec, 'totalParamsB'>,
  precisionOrMethod: Precision | Pick<QuantizationMethod, 'effectiveBitsPerWeight'>,
): number {
  return (model.totalParamsB * 1e9 * bytesPerWeight(precisionOrMethod)) / BYTES_PER_GB;
}

/**
 * KV-cache bytes one token occupies: 2 (key and value) × layers × kvHeads × headDim × bytes per
 * value; multi-head latent attention stores one latent vector per layer instead.
 * The KV cache stays 16-bit unless the server is told otherwise (vLLM kv_cache_dtype=auto).
 */
export function kvCacheBytesPerToken(
  model: Pick<OpenModelSpec, 'layers' | 'kvHeads' | 'headDim' | 'mlaLatentDim'>,
  bytesPerValue = 2,
): number {
  if (model.mlaLatentDim !== null) return model.layers * model.mlaLatentDim * bytesPerValue;
  return 2 * model.layers * model.kvHeads * model.headDim * bytesPerValue;
}

export function kvCacheMemoryGb(
  model: Pick<OpenModelSpec, 'layers' | 'kvHeads' | 'headDim' | 'mlaLatentDim'>,
  contextTokens: number,
  concurrentSequences: number,
  bytesPerValue = 2,
): number {
  return (kvCacheBytesPerToken(model, bytesPerValue) * contextTokens * concurrentSequences) / BYTES_PER_GB;
}

export function gibToGb(gib: number): number {
  return (gib * 2 ** 30) / BYTES_PER_GB;
}
