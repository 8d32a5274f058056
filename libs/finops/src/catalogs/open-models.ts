// Open-weight models TokenMeter can size. Architecture figures come from each model's published
// config.json on Hugging Face; they are what the KV-cache size depends on.
import { FigureSource, FigureSources, sameSource } from './figure-source';
import type { CatalogShape } from './merge-catalog';

/** The figures read from a model's config.json (what the KV-cache size depends on). */
const ARCHITECTURE = ['layers', 'attentionHeads', 'kvHeads', 'headDim', 'mlaLatentDim', 'maxContextTokens'] as const;

/** The figures of an open model that carry a source (every field but its id and name). */
const OPEN_MODEL_FIGURES = ['totalParamsB', 'activeParamsB', ...ARCHITECTURE, 'licence'] as const;

export type OpenModelFigure = (typeof OPEN_MODEL_FIGURES)[number];

export interface OpenModelSpec {
  id: string;
  name: string;
  /** Billions of parameters held in memory (every expert of a mixture-of-experts model). */
  totalParamsB: number;
  /** Billions of parameters used per token (equal to the total for dense models). */
  activeParamsB: number;
  layers: number;
  attentionHeads: number;
  /** Key/value heads (fewer than attention heads under grouped-query attention). */
  kvHeads: number;
  headDim: number;
  /**
   * Multi-head latent attention (DeepSeek) caches one compressed vector of this width per token and
   * layer instead of a key and a value per head; null for ordinary attention.
   */
  mlaLatentDim: number | null;
  maxContextTokens: number;
  licence: string;
  sources: FigureSources<OpenModelFigure>;
}

export const OPEN_MODEL_CATALOG_SHAPE: CatalogShape<OpenModelSpec> = {
  name: 'models',
  requiredFields: ['id', 'name', ...OPEN_MODEL_FIGURES],
  figureFields: OPEN_MODEL_FIGURES,
};

function sources(
  configRepo: string,
  params: FigureSource,
  licence: FigureSource,
  overrides: Partial<Record<OpenModelFigure, FigureSource>> = {},
): FigureSources<OpenModelFigure> {
  return {
    ...sameSource(ARCHITECTURE, { source: `${configRepo} config.json (Hugging Face)` }),
    totalParamsB: params,
    activeParamsB: params,
    licence,
    ...overrides,
  };
}

const LLAMA_31_LICENCE = 'Llama 3.1 Community License';
const llama31 = (size: string) =>
  sources(
    `meta-llama/Llama-3.1-${size}-Instruct`,
    { source: `Meta Llama 3.1 model card (${size})` },
    { source: 'Meta Llama 3.1 model card' },
  );

export const OPEN_MODEL_CATALOG: readonly OpenModelSpec[] = [
  {
    id: 'phi-3-mini',
    name: 'Phi-3-mini (3.8B)',
    totalParamsB: 3.8,
    activeParamsB: 3.8,
    layers: 32,
    attentionHeads: 32,
    kvHeads: 32,
    headDim: 96,
    mlaLatentDim: null,
    maxContextTokens: 4096,
    licence: 'MIT',
    sources: sources(
      'microsoft/Phi-3-mini-4k-instruct',
      { source: 'Phi-3 technical report (Microsoft, 2024): 3.8B parameters' },
      { source: 'microsoft/Phi-3-mini-4k-instruct model card' },
      { maxContextTokens: { source: 'microsoft/Phi-3-mini-4k-instruct config.json (a 128k variant exists)' } },
    ),
  },
  {
    id: 'mistral-7b',
    name: 'Mistral 7B Instruct v0.3',
    totalParamsB: 7.25,
    activeParamsB: 7.25,
    layers: 32,
    attentionHeads: 32,
    kvHeads: 8,
    headDim: 128,
    mlaLatentDim: null,
    maxContextTokens: 32768,
    licence: 'Apache-2.0',
    sources: sources(
      'mistralai/Mistral-7B-Instruct-v0.3',
      { source: 'mistralai/Mistral-7B-Instruct-v0.3 safetensors parameter count (7.25B)' },
      { source: 'Mistral AI announcement "Mistral 7B" (Sep 2023): Apache 2.0' },
    ),
  },
  {
    id: 'llama-3.1-8b',
    name: 'Llama 3.1 8B Instruct',
    totalParamsB: 8.03,
    activeParamsB: 8.03,
    layers: 32,
    attentionHeads: 32,
    kvHeads: 8,
    headDim: 128,
    mlaLatentDim: null,
    maxContextTokens: 131072,
    licence: LLAMA_31_LICENCE,
    sources: llama31('8B'),
  },
  {
    id: 'llama-3.1-70b',
    name: 'Llama 3.1 70B Instruct',
    totalParamsB: 70.6,
    activeParamsB: 70.6,
    layers: 80,
    attentionHeads: 64,
    kvHeads: 8,
    headDim: 128,
    mlaLatentDim: null,
    maxContextTokens: 131072,
    licence: LLAMA_31_LICENCE,
    sources: llama31('70B'),
  },
  {
    id: 'llama-3.1-405b',
    name: 'Llama 3.1 405B Instruct',
    totalParamsB: 405,
    activeParamsB: 405,
    layers: 126,
    attentionHeads: 128,
    kvHeads: 8,
    headDim: 128,
    mlaLatentDim: null,
    maxContextTokens: 131072,
    licence: LLAMA_31_LICENCE,
    sources: llama31('405B'),
  },
  {
    id: 'qwen3-30b-a3b',
    name: 'Qwen3-30B-A3B (MoE)',
    totalParamsB: 30.5,
    activeParamsB: 3.3,
    layers: 48,
    attentionHeads: 32,
    kvHeads: 4,
    headDim: 128,
    mlaLatentDim: null,
    maxContextTokens: 32768,
    licence: 'Apache-2.0',
    sources: sources(
      'Qwen/Qwen3-30B-A3B',
      { source: 'Qwen/Qwen3-30B-A3B model card: 30.5B total, 3.3B activated' },
      { source: 'Qwen/Qwen3-30B-A3B model card' },
      { maxContextTokens: { source: 'Qwen/Qwen3-30B-A3B model card: 32,768 native (131,072 with YaRN)' } },
    ),
  },
  {
    id: 'qwen3-235b-a22b',
    name: 'Qwen3-235B-A22B (MoE)',
    totalParamsB: 235,
    activeParamsB: 22,
    layers: 94,
    attentionHeads: 64,
    kvHeads: 4,
    headDim: 128,
    mlaLatentDim: null,
    maxContextTokens: 32768,
    licence: 'Apache-2.0',
    sources: sources(
      'Qwen/Qwen3-235B-A22B',
      { source: 'Qwen/Qwen3-235B-A22B model card: 235B total, 22B activated' },
      { source: 'Qwen/Qwen3-235B-A22B model card' },
      { maxContextTokens: { source: 'Qwen/Qwen3-235B-A22B model card: 32,768 native (131,072 with YaRN)' } },
    ),
  },
  {
    id: 'mixtral-8x7b',
    name: 'Mixtral 8x7B Instruct v0.1 (MoE)',
    totalParamsB: 46.7,
    activeParamsB: 12.9,
    layers: 32,
    attentionHeads: 32,
    kvHeads: 8,
    headDim: 128,
    mlaLatentDim: null,
    maxContextTokens: 32768,
    licence: 'Apache-2.0',
    sources: sources(
      'mistralai/Mixtral-8x7B-Instruct-v0.1',
      { source: 'Mistral AI "Mixtral of experts" announcement (Dec 2023): 46.7B total, 12.9B per token' },
      { source: 'Mistral AI "Mixtral of experts" announcement: Apache 2.0' },
    ),
  },
  {
    id: 'deepseek-v3',
    name: 'DeepSeek-V3 (MoE, MLA)',
    totalParamsB: 671,
    activeParamsB: 37,
    layers: 61,
    attentionHeads: 128,
    kvHeads: 128,
    headDim: 192,
    mlaLatentDim: 576,
    maxContextTokens: 131072,
    licence: 'DeepSeek Model License (code MIT; V3-0324 weights MIT)',
    sources: sources(
      'deepseek-ai/DeepSeek-V3',
      {
        source: 'DeepSeek-V3 technical report (arXiv 2412.19437): 671B total, 37B activated; weights published in FP8',
      },
      { source: 'deepseek-ai/DeepSeek-V3 model card (LICENSE-MODEL, LICENSE-CODE)' },
      {
        mlaLatentDim: { source: 'deepseek-ai/DeepSeek-V3 config.json: kv_lora_rank 512 + qk_rope_head_dim 64' },
        maxContextTokens: { source: 'DeepSeek-V3 technical report: 128K context' },
      },
    ),
  },
];
