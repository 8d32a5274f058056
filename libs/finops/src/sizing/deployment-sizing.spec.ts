import { describe, expect, it } from 'vitest';
import { sizeDeployment } from './deployment-sizing';

const fits = (modelId: string, precision: 'fp16' | 'fp8', gpuId: string, gpuCount: number, contextTokens = 2000) =>
  sizeDeployment({ modelId, precision, contextTokens, gpuIds: [gpuId], gpuCounts: [gpuCount] }).candidates[0].fits;

describe('deployment sizing', () => {
  it('agrees with what Lambda could and could not serve on 80 GB GPUs (vLLM benchmark, Sep 2024)', () => {
    expect(fits('llama-3.1-70b', 'fp8', 'h100-80gb', 1)).toBe(true);
    expect(fits('llama-3.1-70b', 'fp8', 'a100-80gb', 1)).toBe(true);
    expect(fits('llama-3.1-70b', 'fp8', 'h100-80gb', 1, 131072)).toBe(false);
    expect(fits('llama-3.1-70b', 'fp8', 'h100-80gb', 2, 131072)).toBe(true);
    expect(fits('llama-3.1-405b', 'fp8', 'h100-80gb', 4)).toBe(false);
    expect(fits('llama-3.1-405b', 'fp8', 'h100-80gb', 8, 131072)).toBe(true);
    expect(fits('mixtral-8x7b', 'fp16', 'h100-80gb', 1)).toBe(false);
    expect(fits('mixtral-8x7b', 'fp16', 'h100-80gb', 2)).toBe(true);
  });

  it('needs two nodes of H100 but one of H200 for DeepSeek-V3 in its native FP8', () => {
    expect(fits('deepseek-v3', 'fp8', 'h100-80gb', 8)).toBe(false);
    expect(fits('deepseek-v3', 'fp8', 'h100-80gb', 16)).toBe(true);
    expect(fits('deepseek-v3', 'fp8', 'h200-141gb', 8)).toBe(true);
  });

  it('counts the KV cache of every concurrent sequence', () => {
    const one = sizeDeployment({
      modelId: 'llama-3.1-8b',
      contextTokens: 8192,
      gpuIds: ['rtx-4090-24gb'],
      gpuCounts: [1],
    });
    const many = sizeDeployment({
      modelId: 'llama-3.1-8b',
      contextTokens: 8192,
      concurrentSequences: 16,
      gpuIds: ['rtx-4090-24gb'],
      gpuCounts: [1],
    });
    expect(one.candidates[0].fits).toBe(true);
    expect(many.candidates[0].memory.kvCacheGb).toBeCloseTo(16 * one.candidates[0].memory.kvCacheGb, 9);
    expect(many.candidates[0].fits).toBe(false);
  });

  it('picks the cheapest configuration that holds the model when no volume is given', () => {
    const { chosen, servesVolume } = sizeDeployment({ modelId: 'llama-3.1-8b' });
    expect(chosen).toMatchObject({ gpuId: 'rtx-4090-24gb', gpuCount: 1, gpuCapexUsd: 1_599 });
    expect(servesVolume).toBeNull();
  });

  it('replicates the cheapest configuration whose published throughput serves the volume', () => {
    const outputTokensPerMonth = 3e9;
    const { chosen, servesVolume } = sizeDeployment({
      modelId: 'llama-3.1-70b',
      precision: 'fp8',
      outputTokensPerMonth,
      gpuIds: ['h100-80gb'],
    });
    expect(servesVolume).toBe(true);
    const monthly = chosen!.throughput!.outputTokensPerSec * 730 * 3600 * chosen!.replicas!;
    expect(monthly).toBeGreaterThanOrEqual(outputTokensPerMonth);
    // One 2×H100 replica (1,728 tok/s ≈ 4.5B/month, $60k) beats three 1×H100 replicas ($90k).
    expect(chosen).toMatchObject({ gpuCount: 2, replicas: 1, gpuCapexUsd: 60_000 });
  });

  it('says so when no fitting configuration has a known throughput, and uses catalog overrides', () => {
    const unknown = sizeDeployment({ modelId: 'qwen3-30b-a3b', outputTokensPerMonth: 1e9 });
    expect(unknown.servesVolume).toBe(false);
    expect(unknown.chosen).toMatchObject({ gpuId: 'rtx-4090-24gb', gpuCount: 4, replicas: null });
    expect(unknown.notes.join(' ')).toMatch(/no published or estimated throughput/);

    const measured = sizeDeployment({
      modelId: 'qwen3-30b-a3b',
      outputTokensPerMonth: 1e9,
      gpuIds: ['h100-80gb'],
      catalogs: {
        vllmThroughput: [
          {
            id: 'qwen3-30b-a3b@1xh100-80gb/fp16',
            modelId: 'qwen3-30b-a3b',
            gpuId: 'h100-80gb',
            gpuCount: 1,
            precision: 'fp16',
            outputTokensPerSec: 2_000,
          },
        ],
      },
    });
    expect(measured.servesVolume).toBe(true);
    expect(measured.chosen).toMatchObject({ gpuId: 'h100-80gb', gpuCount: 1, replicas: 1 });
    expect(measured.chosen!.throughput!.source.source).toBe('override supplied by the caller');
  });

  it('uses a quantization method’s real bit width', () => {
    const awq = sizeDeployment({
      modelId: 'llama-3.1-70b',
      quantizationMethodId: 'awq',
      gpuIds: ['h100-80gb'],
      gpuCounts: [1],
    });
    expect(awq.candidates[0].memory.weightsGb).toBeCloseTo((70.6 * (4 + 20 / 128)) / 8, 6);
    expect(awq.chosen).toMatchObject({ gpuId: 'h100-80gb', gpuCount: 1 });
  });
});
