// Quantization methods: how many bits a weight really costs (scales and zero points included) and
// how much of the FP16 model's quality survives. Quality retention is a judgement drawn from
// published evaluations, so every retention figure is marked as an estimate.
import type { FigureSources } from './figure-source';
import type { CatalogShape } from './merge-catalog';
import type { Precision } from './precision';

export type QuantizationFigure = 'effectiveBitsPerWeight' | 'qualityRetention';

export interface QuantizationMethod {
  id: string;
  name: string;
  precision: Precision;
  effectiveBitsPerWeight: number;
  /** Share of the FP16 model's benchmark quality kept (1 = lossless). */
  qualityRetention: number;
  sources: FigureSources<QuantizationFigure>;
}

export const QUANTIZATION_CATALOG_SHAPE: CatalogShape<QuantizationMethod> = {
  name: 'quantizationMethods',
  requiredFields: ['id', 'name', 'precision', 'effectiveBitsPerWeight', 'qualityRetention'],
  figureFields: ['effectiveBitsPerWeight', 'qualityRetention'],
};

const NEURAL_MAGIC_EVALS =
  'Neural Magic / Red Hat, "We ran over half a million evaluations on quantized LLMs" (Oct 2024)';
// 4-bit weights in groups of 128 with one FP16 scale and one 4-bit zero point per group.
const GROUP_128_BITS = 4 + (16 + 4) / 128;

export const QUANTIZATION_CATALOG: readonly QuantizationMethod[] = [
  {
    id: 'none',
    name: 'None (FP16/BF16)',
    precision: 'fp16',
    effectiveBitsPerWeight: 16,
    qualityRetention: 1,
    sources: {
      effectiveBitsPerWeight: { source: 'IEEE 754 half precision / bfloat16: 16 bits' },
      qualityRetention: { source: 'reference point: the unquantized model' },
    },
  },
  {
    id: 'fp8',
    name: 'FP8 W8A8 (E4M3)',
    precision: 'fp8',
    effectiveBitsPerWeight: 8,
    qualityRetention: 0.995,
    sources: {
      effectiveBitsPerWeight: {
        source: 'OCP 8-bit floating point specification (E4M3); per-tensor scales are negligible',
      },
      qualityRetention: { source: `estimate from ${NEURAL_MAGIC_EVALS}: FP8 essentially lossless`, estimate: true },
    },
  },
  {
    id: 'int8',
    name: 'INT8 (W8A8 / LLM.int8)',
    precision: 'int8',
    effectiveBitsPerWeight: 8,
    qualityRetention: 0.98,
    sources: {
      effectiveBitsPerWeight: {
        source: 'LLM.int8() (Dettmers et al., 2022) / SmoothQuant: 8-bit weights, per-channel scales',
      },
      qualityRetention: { source: `estimate from ${NEURAL_MAGIC_EVALS}: INT8 W8A8 within 1-3%`, estimate: true },
    },
  },
  {
    id: 'gptq',
    name: 'GPTQ 4-bit (group size 128)',
    precision: 'int4',
    effectiveBitsPerWeight: GROUP_128_BITS,
    qualityRetention: 0.97,
    sources: {
      effectiveBitsPerWeight: {
        source: 'derived: 4 bits + one FP16 scale and one 4-bit zero per 128 weights (GPTQ, Frantar et al., ICLR 2023)',
        estimate: true,
      },
      qualityRetention: { source: `estimate from GPTQ paper perplexities and ${NEURAL_MAGIC_EVALS}`, estimate: true },
    },
  },
  {
    id: 'awq',
    name: 'AWQ 4-bit (group size 128)',
    precision: 'int4',
    effectiveBitsPerWeight: GROUP_128_BITS,
    qualityRetention: 0.975,
    sources: {
      effectiveBitsPerWeight: {
        source: 'derived: 4 bits + one FP16 scale and one 4-bit zero per 128 weights (AWQ, Lin et al., MLSys 2024)',
        estimate: true,
      },
      qualityRetention: {
        source: 'estimate from AWQ paper (Lin et al., MLSys 2024): smaller perplexity loss than GPTQ',
        estimate: true,
      },
    },
  },
  {
    id: 'gguf-q4_k_m',
    name: 'GGUF Q4_K_M (llama.cpp)',
    precision: 'int4',
    effectiveBitsPerWeight: 4.85,
    qualityRetention: 0.975,
    sources: {
      effectiveBitsPerWeight: {
        source: 'estimate: llama.cpp k-quants (PR #1684): Q4_K super-blocks at 4.5 bpw with some tensors in Q6_K',
        estimate: true,
      },
      qualityRetention: {
        source: 'estimate from llama.cpp quantize table: Q4_K_M about +0.05 perplexity on LLaMA-7B',
        estimate: true,
      },
    },
  },
];

/** Memory saved against FP16 weights, 0..1. */
export function memoryReductionVsFp16(method: Pick<QuantizationMethod, 'effectiveBitsPerWeight'>): number {
  return 1 - method.effectiveBitsPerWeight / 16;
}
