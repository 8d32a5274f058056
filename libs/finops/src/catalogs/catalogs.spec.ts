// The bundled catalogs: complete for the lists, and every figure traceable to a source.
import { describe, expect, it } from 'vitest';
import { GPU_CATALOG, GPU_CATALOG_SHAPE } from './gpus';
import { OPEN_MODEL_CATALOG, OPEN_MODEL_CATALOG_SHAPE } from './open-models';
import { memoryReductionVsFp16, QUANTIZATION_CATALOG, QUANTIZATION_CATALOG_SHAPE } from './quantization-methods';
import { throughputEntryId, VLLM_THROUGHPUT_CATALOG, VLLM_THROUGHPUT_CATALOG_SHAPE } from './vllm-throughput';

const catalogs = [
  [GPU_CATALOG_SHAPE, GPU_CATALOG],
  [OPEN_MODEL_CATALOG_SHAPE, OPEN_MODEL_CATALOG],
  [QUANTIZATION_CATALOG_SHAPE, QUANTIZATION_CATALOG],
  [VLLM_THROUGHPUT_CATALOG_SHAPE, VLLM_THROUGHPUT_CATALOG],
] as const;

describe('bundled catalogs', () => {
  it.each(catalogs)('give every figure of $name a source', (shape, entries) => {
    for (const entry of entries) {
      for (const field of shape.figureFields as readonly string[]) {
        const source = (entry.sources as Record<string, { source: string } | undefined>)[field];
        expect(source?.source, `${entry.id}.${field}`).toMatch(/\S{3,}/);
      }
      for (const field of shape.requiredFields as readonly string[]) {
        expect((entry as unknown as Record<string, unknown>)[field], `${entry.id}.${field}`).not.toBeUndefined();
      }
    }
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
  });

  it('hold the GPUs, models and methods the issue lists', () => {
    expect(GPU_CATALOG.map((g) => g.id)).toEqual([
      'a100-40gb',
      'a100-80gb',
      'h100-80gb',
      'h200-141gb',
      'l40s-48gb',
      'rtx-4090-24gb',
      'rtx-5090-32gb',
    ]);
    expect(OPEN_MODEL_CATALOG.map((m) => m.id)).toEqual([
      'phi-3-mini',
      'mistral-7b',
      'llama-3.1-8b',
      'llama-3.1-70b',
      'llama-3.1-405b',
      'qwen3-30b-a3b',
      'qwen3-235b-a22b',
      'mixtral-8x7b',
      'deepseek-v3',
    ]);
    expect(QUANTIZATION_CATALOG.map((q) => q.id)).toEqual(
      expect.arrayContaining(['none', 'gptq', 'awq', 'gguf-q4_k_m', 'int8']),
    );
  });

  it('mark street prices and quality judgements as estimates', () => {
    for (const gpu of GPU_CATALOG.filter((g) => !g.id.startsWith('rtx')))
      expect(gpu.sources.unitPriceUsd.estimate).toBe(true);
    for (const method of QUANTIZATION_CATALOG.filter((q) => q.id !== 'none'))
      expect(method.sources.qualityRetention.estimate).toBe(true);
  });

  it('derive memory reduction from the real bit width', () => {
    const byId = Object.fromEntries(QUANTIZATION_CATALOG.map((q) => [q.id, q]));
    expect(memoryReductionVsFp16(byId.none)).toBe(0);
    expect(memoryReductionVsFp16(byId.int8)).toBe(0.5);
    expect(memoryReductionVsFp16(byId.awq)).toBeCloseTo(0.74, 2);
    expect(memoryReductionVsFp16(byId['gguf-q4_k_m'])).toBeCloseTo(0.7, 2);
  });

  it('keep published vLLM throughput for known models and GPUs, including the issue’s two reference runs', () => {
    const models = new Set(OPEN_MODEL_CATALOG.map((m) => m.id));
    const gpus = new Set(GPU_CATALOG.map((g) => g.id));
    for (const run of VLLM_THROUGHPUT_CATALOG) {
      expect(models.has(run.modelId), run.id).toBe(true);
      expect(gpus.has(run.gpuId), run.id).toBe(true);
      expect(run.id).toBe(throughputEntryId(run.modelId, run.gpuCount, run.gpuId, run.precision));
    }
    const run = (id: string) => VLLM_THROUGHPUT_CATALOG.find((r) => r.id === id)!;
    expect(run('llama-3.1-8b@1xa100-80gb/fp16').outputTokensPerSec).toBeCloseTo(4100, -2);
    expect(run('llama-3.1-70b@1xh100-80gb/fp8').outputTokensPerSec).toBeCloseTo(420, -1);
    expect(run('llama-3.1-70b@1xh100-80gb/fp8').sources.outputTokensPerSec.source).toMatch(/Lambda/);
  });
});
