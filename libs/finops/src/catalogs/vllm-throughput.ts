// Output tokens per second a vLLM deployment sustains under a saturating load, from published runs.
// Runs used ShareGPT prompts, so the rate already carries that dataset's prefill work. Throughput
// depends on the vLLM version: Lambda's runs are v0.5.4 (v0.6.0 later roughly doubled 8B/70B).
import type { FigureSources } from './figure-source';
import type { CatalogShape } from './merge-catalog';
import type { Precision } from './precision';

export interface VllmThroughputEntry {
  /** `model@countxgpu/precision`, e.g. `llama-3.1-70b@1xh100-80gb/fp8`. */
  id: string;
  modelId: string;
  gpuId: string;
  /** GPUs in one tensor-parallel replica. */
  gpuCount: number;
  precision: Precision;
  /**
   * Sequences in flight during the run (a load test at fixed concurrency); absent or null: a
   * saturating load (all prompts offered at once), the most the configuration sustains.
   */
  concurrency?: number | null;
  outputTokensPerSec: number;
  sources: FigureSources<'outputTokensPerSec'>;
}

export const VLLM_THROUGHPUT_CATALOG_SHAPE: CatalogShape<VllmThroughputEntry> = {
  name: 'vllmThroughput',
  requiredFields: ['id', 'modelId', 'gpuId', 'gpuCount', 'precision', 'outputTokensPerSec'],
  figureFields: ['outputTokensPerSec'],
};

export function throughputEntryId(modelId: string, gpuCount: number, gpuId: string, precision: Precision): string {
  return `${modelId}@${gpuCount}x${gpuId}/${precision}`;
}

const LAMBDA =
  'Lambda vLLM benchmark (LambdaLabsML/vllm-benchmark, benchmark_v0.md, Sep 2024): ' +
  'vLLM v0.5.4, ShareGPT, 320 prompts, max-model-len 2000';

function lambda(
  modelId: string,
  gpuCount: number,
  gpuId: string,
  precision: Precision,
  outputTokensPerSec: number,
  note = '',
): VllmThroughputEntry {
  return {
    id: throughputEntryId(modelId, gpuCount, gpuId, precision),
    modelId,
    gpuId,
    gpuCount,
    precision,
    outputTokensPerSec,
    sources: { outputTokensPerSec: { source: `${LAMBDA}${note}` } },
  };
}

const HERMES = '; measured on Hermes-3-Llama-3.1-405B-FP8, same architecture';

export const VLLM_THROUGHPUT_CATALOG: readonly VllmThroughputEntry[] = [
  {
    id: throughputEntryId('llama-3.1-8b', 1, 'a100-80gb', 'fp16'),
    modelId: 'llama-3.1-8b',
    gpuId: 'a100-80gb',
    gpuCount: 1,
    precision: 'fp16',
    outputTokensPerSec: 4100,
    sources: {
      outputTokensPerSec: {
        source:
          'vLLM v0.6.0 performance blog, Sep 2024 (blog.vllm.ai/2024/09/05/perf-update): ' +
          'Llama 3 8B on 1xA100 80GB, ShareGPT; about 4.1k read off the chart',
      },
    },
  },
  lambda('llama-3.1-8b', 1, 'a100-80gb', 'fp8', 1517.54),
  lambda('llama-3.1-8b', 1, 'h100-80gb', 'fp8', 3400.4),
  lambda('llama-3.1-70b', 1, 'a100-80gb', 'fp8', 208.79),
  lambda('llama-3.1-70b', 2, 'a100-80gb', 'fp8', 662.64),
  lambda('llama-3.1-70b', 4, 'a100-80gb', 'fp8', 956.53),
  lambda('llama-3.1-70b', 8, 'a100-80gb', 'fp8', 1162.78),
  lambda('llama-3.1-70b', 1, 'h100-80gb', 'fp8', 418.92),
  lambda('llama-3.1-70b', 2, 'h100-80gb', 'fp8', 1727.69),
  lambda('llama-3.1-70b', 4, 'h100-80gb', 'fp8', 2242.99),
  lambda('llama-3.1-70b', 8, 'h100-80gb', 'fp8', 2572.8),
  lambda('llama-3.1-405b', 8, 'a100-80gb', 'fp8', 467.85, HERMES),
  lambda('llama-3.1-405b', 8, 'h100-80gb', 'fp8', 1230.74, HERMES),
  lambda('mistral-7b', 1, 'a100-80gb', 'fp16', 1591.4),
  lambda('mistral-7b', 1, 'h100-80gb', 'fp16', 3281.19),
  lambda('mixtral-8x7b', 2, 'a100-80gb', 'fp16', 1017.34),
  lambda('mixtral-8x7b', 4, 'a100-80gb', 'fp16', 1098.11),
  lambda('mixtral-8x7b', 2, 'h100-80gb', 'fp16', 1430.42),
  lambda('mixtral-8x7b', 4, 'h100-80gb', 'fp16', 2102.86),
  lambda('mixtral-8x7b', 8, 'h100-80gb', 'fp16', 2073.9),
];
