// The seed article's worked examples, with the arithmetic done by the formulas (DESIGN §6).
import { describe, expect, it } from 'vitest';
import { resolveCatalogs } from '../catalogs/resolve-catalogs';
import { weightsMemoryGb } from '../sizing/model-memory';
import { apiCostUsd, blendedApiUsdPerToken, splitMonthlyTokens } from './api-cost';
import { breakEvenMonths, breakEvenMonthsClosedForm } from './breakeven';
import { costDeployment, SelfHostedDeployment } from './cost-model';
import { cumulativeSavingsAt } from './savings-timeline';

const noOpex: Omit<SelfHostedDeployment, 'gpuCount' | 'gpuUnitPriceUsd'> = {
  otherCapexUsd: 0,
  gpuPowerWatts: 0,
  hoursPerMonth: 730,
  pue: 1,
  electricityUsdPerKwh: 0,
  measuredElectricityUsdPerMonth: null,
  hostingUsdPerMonth: 0,
  personnelUsdPerMonth: 0,
  maintenanceUsdPerMonth: 0,
  amortizationMonths: 36,
  throughputTokensPerSec: null,
};

describe('the seed article, recomputed', () => {
  it('50M tokens/month at $10 input / $30 output per 1M, split 1:3, costs $1,250 (the article says $5,000)', () => {
    const prices = { inputPerMTok: 10, outputPerMTok: 30 };
    const mix = { inputShare: 0.25, cachedInputShare: 0, cacheWriteShare: 0 };
    // 12.5M input × $10/M + 37.5M output × $30/M = $125 + $1,125.
    expect(apiCostUsd(splitMonthlyTokens(50_000_000, mix), prices)).toBeCloseTo(1250, 9);
    expect(50_000_000 * blendedApiUsdPerToken(mix, prices)).toBeCloseTo(1250, 9);
  });

  it('so a $15,000 single-A100 deployment with $50/month electricity breaks even after 12.5 months', () => {
    const a100 = costDeployment({
      ...noOpex,
      gpuCount: 1,
      gpuUnitPriceUsd: 15_000,
      measuredElectricityUsdPerMonth: 50,
    });
    expect(a100.capexUsd).toBe(15_000);
    expect(a100.opexUsdPerMonth).toBe(50);
    // 15,000 / (1,250 − 50)
    expect(
      breakEvenMonthsClosedForm({
        apiUsdPerMonth: 1250,
        capexUsd: a100.capexUsd,
        opexUsdPerMonth: a100.opexUsdPerMonth,
      }),
    ).toBe(12.5);
    const input = {
      volume: { kind: 'constant' as const, tokensPerMonth: 50_000_000 },
      apiUsdPerToken: 25 / 1e6,
      deployment: a100,
    };
    expect(breakEvenMonths(input)).toBeCloseTo(12.5, 9);
    expect(cumulativeSavingsAt(input, 12.5)).toBeCloseTo(0, 6);
  });

  it('$3,000/month SaaS moving to two RTX 5090s ($4,000) with $100/month hosting breaks even in ~1.38 months', () => {
    // Assumptions stated by the example: the $100 hosting covers power (electricity 0), no staff or
    // maintenance cost, the whole $3,000 bill disappears, and capacity is not binding.
    const rtx5090s = costDeployment({
      ...noOpex,
      gpuCount: 2,
      gpuUnitPriceUsd: 2_000,
      measuredElectricityUsdPerMonth: 0,
      hostingUsdPerMonth: 100,
    });
    expect(rtx5090s.capexUsd).toBe(4_000);
    const months = breakEvenMonthsClosedForm({
      apiUsdPerMonth: 3_000,
      capexUsd: rtx5090s.capexUsd,
      opexUsdPerMonth: rtx5090s.opexUsdPerMonth,
    });
    expect(months).toBeCloseTo(4_000 / 2_900, 12);
    expect(Number(months?.toFixed(2))).toBe(1.38);
    // ...and amortizes to about $211/month over 36 months: 4,000 / 36 + 100.
    expect(rtx5090s.amortizedMonthlyUsd).toBeCloseTo(211.11, 2);
  });

  it('had the RTX 5090s drawn their 575 W on $0.15/kWh power, break-even would slip to about 1.44 months', () => {
    // Why the 1.38 figure needs electricity inside hosting: 2 × 575 W × 730 h × $0.15/kWh = $125.93/month.
    const withPower = costDeployment({
      ...noOpex,
      gpuCount: 2,
      gpuUnitPriceUsd: 2_000,
      gpuPowerWatts: 575,
      electricityUsdPerKwh: 0.15,
      hostingUsdPerMonth: 100,
    });
    expect(withPower.electricityUsdPerMonth).toBeCloseTo(125.925, 9);
    expect(breakEvenMonthsClosedForm({ apiUsdPerMonth: 3_000, ...withPower })).toBeCloseTo(1.44, 2);
  });

  it('Llama 2-70B needs about 140 GB at FP16 and about 40 GB at 4 bits', () => {
    // Llama 2 70B is not in the bundled catalog; passing it as an override is how users add models.
    const { models, quantizationMethods } = resolveCatalogs({
      models: [
        {
          id: 'llama-2-70b',
          name: 'Llama 2 70B',
          totalParamsB: 68.98,
          activeParamsB: 68.98,
          layers: 80,
          attentionHeads: 64,
          kvHeads: 8,
          headDim: 128,
          mlaLatentDim: null,
          maxContextTokens: 4096,
          licence: 'Llama 2 Community License',
          sources: { totalParamsB: { source: 'meta-llama/Llama-2-70b-hf safetensors parameter count' } },
        },
      ],
    });
    const llama2 = models.find((m) => m.id === 'llama-2-70b')!;
    expect(weightsMemoryGb(llama2, 'fp16')).toBeCloseTo(138, 0); // ≈ 140 GB
    // Nominal 4 bits is 34.5 GB; real 4-bit formats carry scales: GPTQ/AWQ ≈ 35.9 GB, Q4_K_M ≈ 41.8 GB.
    expect(weightsMemoryGb(llama2, 'int4')).toBeCloseTo(34.5, 1);
    for (const id of ['gptq', 'awq', 'gguf-q4_k_m']) {
      const gb = weightsMemoryGb(llama2, quantizationMethods.find((q) => q.id === id)!);
      expect(gb).toBeGreaterThan(34);
      expect(gb).toBeLessThan(43);
    }
  });
});
