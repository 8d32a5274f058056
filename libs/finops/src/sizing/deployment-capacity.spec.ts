import { describe, expect, it } from 'vitest';
import { resolveCatalogs } from '../catalogs/resolve-catalogs';
import {
  deploymentCapacity,
  latencyBoundOutputTokensPerSec,
  registeredDeploymentCapacity,
} from './deployment-capacity';
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

  const registered = {
    ratedThroughputTokensPerSec: null,
    servedModel: 'llama-3.1-70b',
    gpuType: 'h100-80gb',
    gpuCount: 4,
  };

  it('looks a registered deployment up by model × GPU × count × precision × concurrency', () => {
    // A load test at 32 sequences (600 tokens/s, under 32 × 1000 / 50 = 640), next to the saturating 2,242.99.
    const catalogs = resolveCatalogs({
      vllmThroughput: [
        {
          id: 'llama-3.1-70b@4xh100-80gb/fp8@32',
          modelId: 'llama-3.1-70b',
          gpuId: 'h100-80gb',
          gpuCount: 4,
          precision: 'fp8',
          concurrency: 32,
          outputTokensPerSec: 600,
        },
      ],
    });
    const at32 = registeredDeploymentCapacity({ ...registered, precision: 'fp8', concurrency: 32 }, catalogs, 50);
    expect(at32).toMatchObject({ outputTokensPerSec: 600, basis: 'catalog', precision: 'fp8' });
    expect(at32.source).toMatch(/measured with 32 sequences/);
    expect(
      registeredDeploymentCapacity({ ...registered, precision: 'fp8', concurrency: 16 }, catalogs).source,
    ).not.toMatch(/measured with/);
    // No run at 16: the saturating run, held to 16 × 1000 / 50 = 320 by the latency target.
    const at16 = registeredDeploymentCapacity({ ...registered, precision: 'fp8', concurrency: 16 }, catalogs, 50);
    expect(at16.outputTokensPerSec).toBe(320);
    // Registered FP16: the catalog has no 70B FP16 run on 4× H100, so capacity (and utilization) is unknown.
    const fp16 = registeredDeploymentCapacity({ ...registered, precision: 'fp16', concurrency: 16 }, catalogs, 50);
    expect(fp16).toMatchObject({ outputTokensPerSec: null, basis: 'unknown' });
  });
});
