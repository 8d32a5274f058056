import { describe, expect, it } from 'vitest';
import { deploymentCapacity, latencyBoundOutputTokensPerSec } from './deployment-capacity';
import { PCIE_TENSOR_PARALLEL_DERATING } from './throughput-lookup';

const base = { ratedOutputTokensPerSec: null, modelId: null, gpuId: null, gpuCount: 1, precision: null } as const;

describe('deploymentCapacity', () => {
  it('takes the operator rating first', () => {
    expect(deploymentCapacity({ ...base, ratedOutputTokensPerSec: 1234 })).toMatchObject({
      outputTokensPerSec: 1234,
      basis: 'rated',
    });
  });

  it('falls back to the catalog for model × GPU × count, saying which precision it assumed', () => {
    const c = deploymentCapacity({ ...base, modelId: 'llama-3.1-70b', gpuId: 'h100-80gb', gpuCount: 4 });
    expect(c).toMatchObject({ outputTokensPerSec: 2242.99, basis: 'catalog' });
    expect(c.source).toMatch(/fp8 assumed/);
  });

  it('is unknown without a rating or a catalog figure', () => {
    const c = deploymentCapacity({ ...base, modelId: 'qwen3-30b-a3b', gpuId: 'l40s-48gb', gpuCount: 2 });
    expect(c).toMatchObject({ outputTokensPerSec: null, basis: 'unknown' });
  });

  it('is bounded by concurrency × 1000 / latency target', () => {
    // 16 sequences at 50 ms per token: 16 × 20 = 320 tokens/s, below the 2,243 saturating figure.
    expect(latencyBoundOutputTokensPerSec(16, 50)).toBe(320);
    const c = deploymentCapacity({
      ...base,
      ratedOutputTokensPerSec: 2242.99,
      concurrency: 16,
      latencyTargetMsPerToken: 50,
    });
    expect(c.outputTokensPerSec).toBe(320);
    const loose = deploymentCapacity({
      ...base,
      ratedOutputTokensPerSec: 100,
      concurrency: 16,
      latencyTargetMsPerToken: 50,
    });
    expect(loose.outputTokensPerSec).toBe(100);
  });

  it('derates tensor parallelism over PCIe when scaling from an NVLink run', () => {
    // No L40S run of Llama 70B: the 2×A100 run (662.64) × 864/2039 GB/s × 0.55 for PCIe.
    const c = deploymentCapacity({
      ...base,
      modelId: 'llama-3.1-70b',
      gpuId: 'l40s-48gb',
      gpuCount: 2,
      precision: 'fp8',
    });
    expect(c.outputTokensPerSec).toBeCloseTo(662.64 * (864 / 2039) * PCIE_TENSOR_PARALLEL_DERATING, 6);
    expect(c.source).toMatch(/over PCIe/);
  });
});
