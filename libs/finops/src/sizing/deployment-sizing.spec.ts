import fc from 'fast-check';
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
    expect(chosen).toMatchObject({ gpuId: 'rtx-4090-24gb', gpuCount: 1, gpuCapexUsd: 1_599, replicas: 1 });
    expect(servesVolume).toBeNull();
  });

  it('replicates the configuration with the lowest cost of ownership that serves the busiest hour', () => {
    const peakOutputTokensPerSec = 3e9 / (730 * 3600);
    const { chosen, servesVolume } = sizeDeployment({
      modelId: 'llama-3.1-70b',
      precision: 'fp8',
      peakOutputTokensPerSec,
      gpuIds: ['h100-80gb'],
    });
    expect(servesVolume).toBe(true);
    expect(chosen!.throughput!.outputTokensPerSec * chosen!.replicas!).toBeGreaterThanOrEqual(peakOutputTokensPerSec);
    // Organization defaults, per replica a month: GPUs × (30,000 + 2,500) ÷ 36 + GPUs × 700 W × 730 h × 1.3 ×
    // 0.15 ÷ 1000 + GPUs × 150 hosting + 500 personnel + 5% of capex ÷ 12.
    // One 2×H100 replica (1,728 tok/s): 1,805.56 + 199.29 + 300 + 500 + 270.83 = 3,075.68;
    // three 1×H100 replicas (419 tok/s each): 3 × (902.78 + 99.65 + 150 + 500 + 135.42) = 5,363.53.
    expect(chosen).toMatchObject({ gpuCount: 2, replicas: 1, gpuCapexUsd: 60_000 });
    expect(chosen!.costOfOwnershipUsdPerMonth).toBeCloseTo(3_075.68, 1);
    const three = sizeDeployment({
      modelId: 'llama-3.1-70b',
      precision: 'fp8',
      peakOutputTokensPerSec,
      gpuIds: ['h100-80gb'],
      gpuCounts: [1],
    }).chosen;
    expect(three).toMatchObject({ replicas: 3 });
    expect(three!.costOfOwnershipUsdPerMonth).toBeCloseTo(5_363.53, 1);
  });

  // Round figures so the sums can be done by hand: 0.10 USD/kWh, PUE 1, 100 USD hosting per GPU,
  // 1,000 USD staff per deployment, nothing else; 36 months.
  const costs = {
    electricityUsdPerKwh: 0.1,
    pue: 1,
    hostingUsdPerGpuMonth: 100,
    personnelUsdPerDeploymentMonth: 1_000,
    personnelUsdPerGpuMonth: 0,
    otherCapexUsdPerGpu: 0,
    maintenanceShareOfCapexPerYear: 0,
    amortizationMonths: 36,
    hoursPerMonth: 730,
  };
  const run = (gpuId: string, outputTokensPerSec: number) => ({
    id: `llama-3.1-8b@1x${gpuId}/fp16`,
    modelId: 'llama-3.1-8b',
    gpuId,
    gpuCount: 1,
    precision: 'fp16' as const,
    outputTokensPerSec,
  });

  it('prefers the dearer GPU when the cheap one costs more to own (not the lowest purchase price)', () => {
    const sized = sizeDeployment({
      modelId: 'llama-3.1-8b',
      peakOutputTokensPerSec: 900,
      gpuIds: ['rtx-4090-24gb', 'h100-80gb'],
      gpuCounts: [1],
      costs,
      horizonMonths: 36,
      catalogs: { vllmThroughput: [run('rtx-4090-24gb', 100), run('h100-80gb', 1_000)] },
    });
    // RTX 4090: 9 replicas, 14,391 USD of GPUs; each 1,599 ÷ 36 + 450 W × 730 h × 0.1 ÷ 1000 + 100 + 1,000
    //   = 44.42 + 32.85 + 1,100 = 1,177.27 a month → 10,595.40 for nine.
    // H100: 1 replica, 30,000 USD; 833.33 + 51.10 + 1,100 = 1,984.43 a month.
    const rtx = sized.candidates.find((c) => c.gpuId === 'rtx-4090-24gb')!;
    expect(rtx).toMatchObject({ replicas: 9, gpuCapexUsd: 14_391, datacenterUseRestricted: true });
    expect(rtx.costOfOwnershipUsdPerMonth).toBeCloseTo(10_595.4, 1);
    expect(sized.chosen).toMatchObject({ gpuId: 'h100-80gb', replicas: 1, gpuCapexUsd: 30_000 });
    expect(sized.chosen!.costOfOwnershipUsdPerMonth).toBeCloseTo(1_984.43, 1);
    expect(sized.chosen!.costOfOwnershipUsd).toBeCloseTo(1_984.43 * 36, 0);
  });

  it('holds the busiest hour’s sequences at the latency target in memory, adding replicas until they fit', () => {
    // 500 output tokens/s at 50 ms per token: 500 × 50 ÷ 1000 = 25 sequences in flight.
    // KV cache per sequence: 2 × 32 layers × 8 KV heads × 128 × 2 bytes × 4096 tokens = 0.537 GB;
    // weights 8.03 × 2 = 16.06 GB; overhead 2 GB; usable 24 GiB × 0.9 = 23.19 GB.
    // 1 replica × 25: 31.48 GB, 2 × 13: 25.04 GB — too big; 3 × 9: 22.89 GB fits, and each then
    // serves min(1,000, 9 × 1000 ÷ 50) = 180 tokens/s: 540 ≥ 500.
    const sized = sizeDeployment({
      modelId: 'llama-3.1-8b',
      peakOutputTokensPerSec: 500,
      latencyTargetMsPerToken: 50,
      gpuIds: ['rtx-4090-24gb'],
      gpuCounts: [1],
      costs,
      catalogs: { vllmThroughput: [run('rtx-4090-24gb', 1_000)] },
    });
    expect(sized.chosen).toMatchObject({ replicas: 3, concurrencyPerReplica: 9, capacityOutputTokensPerSec: 180 });
    expect(sized.chosen!.memory.requiredGb).toBeCloseTo(16.06 + 9 * 0.536870912 + 2, 6);
    // Without the latency target one sequence is assumed and one replica "serves" it: the old mistake.
    const naive = sizeDeployment({
      modelId: 'llama-3.1-8b',
      peakOutputTokensPerSec: 500,
      gpuIds: ['rtx-4090-24gb'],
      gpuCounts: [1],
      costs,
      catalogs: { vllmThroughput: [run('rtx-4090-24gb', 1_000)] },
    });
    expect(naive.chosen).toMatchObject({ replicas: 1, concurrencyPerReplica: 1 });
  });

  it('sizes the busiest hour at the utilization target', () => {
    // 630 tokens/s at a 70% target needs 900 of capacity: nine 100-token/s replicas, not seven.
    const sized = sizeDeployment({
      modelId: 'llama-3.1-8b',
      peakOutputTokensPerSec: 630,
      utilizationTarget: 0.7,
      gpuIds: ['rtx-4090-24gb'],
      gpuCounts: [1],
      costs,
      catalogs: { vllmThroughput: [run('rtx-4090-24gb', 100)] },
    });
    expect(sized.chosen).toMatchObject({ replicas: 9 });
  });

  it('says so when no fitting configuration has a known throughput, and uses catalog overrides', () => {
    const unknown = sizeDeployment({ modelId: 'qwen3-30b-a3b', peakOutputTokensPerSec: 400 });
    expect(unknown.servesVolume).toBe(false);
    // 61 GB of FP16 weights: 1× A100 80GB costs 486.11 + 56.94 + 150 + 500 + 72.92 = 1,265.97 a month to own,
    // 4× RTX 4090 455.44 + 256.23 + 600 + 500 + 68.31 = 1,879.98 (organization defaults).
    expect(unknown.chosen).toMatchObject({ gpuId: 'a100-80gb', gpuCount: 1, replicas: null });
    expect(unknown.chosen!.costOfOwnershipUsdPerMonth).toBeCloseTo(1_265.97, 1);
    expect(unknown.notes.join(' ')).toMatch(/no published or estimated throughput/);

    const measured = sizeDeployment({
      modelId: 'qwen3-30b-a3b',
      peakOutputTokensPerSec: 400,
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

  it('always chooses what holds its sequences and serves the busiest hour at the target (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('llama-3.1-8b', 'llama-3.1-70b', 'mixtral-8x7b'),
        fc.double({ min: 1, max: 20_000, noNaN: true }),
        fc.constantFrom(null, 20, 50, 100),
        fc.double({ min: 0.3, max: 1, noNaN: true }),
        (modelId, peak, latency, target) => {
          const { chosen, servesVolume } = sizeDeployment({
            modelId,
            precision: 'fp8',
            peakOutputTokensPerSec: peak,
            latencyTargetMsPerToken: latency,
            utilizationTarget: target,
          });
          if (!servesVolume || chosen === null) return;
          expect(chosen.fits).toBe(true);
          expect(chosen.memory.requiredGb).toBeLessThanOrEqual(chosen.memory.usableGb);
          expect(chosen.replicas! * chosen.capacityOutputTokensPerSec! * target).toBeGreaterThanOrEqual(
            peak * (1 - 1e-9),
          );
          if (latency !== null) {
            // Each replica's capacity never exceeds what its sequences can emit at the latency target.
            expect(chosen.capacityOutputTokensPerSec!).toBeLessThanOrEqual(
              (chosen.concurrencyPerReplica * 1000) / latency,
            );
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
