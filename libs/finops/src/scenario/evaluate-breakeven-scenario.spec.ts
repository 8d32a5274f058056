import { describe, expect, it } from 'vitest';
import { BreakevenScenarioInput, parseBreakevenScenario } from './breakeven-scenario';
import { evaluateBreakevenScenario } from './evaluate-breakeven-scenario';

const evaluate = (input: BreakevenScenarioInput) => {
  const parsed = parseBreakevenScenario(input);
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  return evaluateBreakevenScenario(parsed.scenario);
};

const article: BreakevenScenarioInput = {
  workload: {
    tokensPerMonth: 50_000_000,
    matchCapacity: false,
    inputShare: 0.25,
    cachedInputShare: 0,
    apiMonthlyUsd: null,
    monthlyGrowth: 0,
  },
  api: { inputPerMTok: 10, outputPerMTok: 30, cachedInputPerMTok: null },
  selfHosted: {
    gpuCount: 1,
    gpuUnitPriceUsd: 15_000,
    otherCapexUsd: 0,
    gpuPowerWatts: 400,
    hoursPerMonth: 730,
    pue: 1,
    electricityUsdPerKwh: 0.15,
    electricityUsdPerMonth: 50,
    hostingUsdPerMonth: 0,
    personnelUsdPerMonth: 0,
    maintenanceUsdPerMonth: 0,
    amortizationMonths: 36,
    throughputTokensPerSec: null,
  },
  horizonMonths: 60,
  targetBreakEvenMonths: 12,
};

describe('evaluateBreakevenScenario', () => {
  it('evaluates the issue’s example scenario', () => {
    const result = evaluate(article);
    expect(result).toMatchObject({
      breakEvenMonths: expect.closeTo(12.5, 9),
      verdict: 'api', // 12.5 months misses the 12-month target
      apiMonthlyUsd: expect.closeTo(1_250, 9),
      selfHostedOpexMonthlyUsd: 50,
      capexUsd: 15_000,
      amortizedMonthlyUsd: expect.closeTo(15_000 / 36 + 50, 9),
      capacityTokensPerMonth: null,
      deploymentsNeeded: 1,
      cumulativeSavingsUsd: {
        '12': expect.closeTo(-600, 6),
        '36': expect.closeTo(28_200, 6),
        '60': expect.closeTo(57_000, 6),
      },
      thresholdTokensPerMonth: expect.closeTo(52_000_000, 2),
    });
    expect(result.sensitivity.map((p) => p.volumeMultiplier)).toEqual([0.5, 0.75, 1, 1.25, 1.5, 2]);
  });

  it('computes electricity when no measured figure is given', () => {
    const result = evaluate({ ...article, selfHosted: { ...article.selfHosted, electricityUsdPerMonth: null } });
    expect(result.electricityUsdPerMonth).toBeCloseTo(43.8, 9); // 400 W × 730 h × $0.15/kWh
    expect(result.breakEvenMonths).toBeCloseTo(15_000 / (1_250 - 43.8), 9);
  });

  it('uses a known bill instead of tokens × prices (the SaaS example)', () => {
    const result = evaluate({
      workload: { apiMonthlyUsd: 3_000 },
      selfHosted: { gpuCount: 2, gpuUnitPriceUsd: 2_000, electricityUsdPerMonth: 0, hostingUsdPerMonth: 100 },
    });
    expect(result.breakEvenMonths).toBeCloseTo(1.379, 3);
    expect(result.amortizedMonthlyUsd).toBeCloseTo(211.11, 2);
    expect(result.verdict).toBe('self-host');
    expect(result.tokensPerMonth).toBeNull();
    expect(result.thresholdTokensPerMonth).toBeNull();
    expect(result.thresholdApiMonthlyUsd).toBeCloseTo(4_000 / 12 + 100, 9);
  });

  it('multiplies deployments when volume exceeds capacity, and can match capacity', () => {
    const capacity = 10 * 730 * 3600; // 26.28M tokens/month at 10 tokens/s
    const over = evaluate({ ...article, selfHosted: { ...article.selfHosted, throughputTokensPerSec: 10 } });
    expect(over.capacityTokensPerMonth).toBe(capacity);
    expect(over.deploymentsNeeded).toBe(2);
    expect(over.capexUsd).toBe(30_000);
    expect(over.selfHostedOpexMonthlyUsd).toBe(100);
    expect(over.breakEvenMonths).toBeCloseTo(30_000 / (1_250 - 100), 9);
    const matched = evaluate({
      ...article,
      workload: { ...article.workload, matchCapacity: true },
      selfHosted: { ...article.selfHosted, throughputTokensPerSec: 10 },
    });
    expect(matched.tokensPerMonth).toBe(capacity);
    expect(matched.deploymentsNeeded).toBe(1);
  });

  it('fills price, power and throughput from the catalogs and says so', () => {
    const result = evaluate({
      workload: { tokensPerMonth: 1e9, inputShare: 0.25 },
      api: { inputPerMTok: 3, outputPerMTok: 15 },
      selfHosted: { gpu: 'h100-80gb', model: 'llama-3.1-70b', precision: 'fp8', electricityUsdPerKwh: 0.1 },
    });
    expect(result.capexUsd).toBe(30_000);
    expect(result.electricityUsdPerMonth).toBeCloseTo((700 * 730 * 0.1) / 1000, 9);
    // 418.92 output tokens/s at a 75% output share is 558.56 tokens/s of this mix.
    expect(result.capacityTokensPerMonth).toBeCloseTo((418.92 / 0.75) * 730 * 3600, 3);
    expect(result.assumptions.join('\n')).toMatch(/GPU price 30000 USD from catalog h100-80gb \(estimate/);
    expect(result.assumptions.join('\n')).toMatch(/Lambda/);
    // A saturated server's throughput beside memory for one sequence: said, so neither is read alone.
    expect(result.assumptions.join('\n')).toMatch(/memory checked for 1 sequence, while the catalog's throughput/);
  });

  it('says why a named model and GPU give no throughput: no published run at that precision', () => {
    const result = evaluate({
      workload: { tokensPerMonth: 1e9, inputShare: 0.25 },
      api: { inputPerMTok: 3, outputPerMTok: 15 },
      // fp16 by default
      selfHosted: { gpu: 'h100-80gb', gpuCount: 2, model: 'llama-3.1-70b', electricityUsdPerKwh: 0.1 },
    });
    expect(result.capacityTokensPerMonth).toBeNull();
    expect(result.assumptions).toContain(
      'throughput unknown (no published vLLM run of llama-3.1-70b at fp16 on 2 GPUs; published: fp8 on 1, ' +
        'fp8 on 2, fp8 on 4, fp8 on 8): one deployment is assumed to serve the whole volume',
    );
  });

  it('follows a growing volume, adding deployments as it outgrows them', () => {
    const growing = (throughputTokensPerSec: number) =>
      evaluate({
        ...article,
        workload: { ...article.workload, monthlyGrowth: 0.1 },
        selfHosted: { ...article.selfHosted, throughputTokensPerSec },
      });
    // 100 tokens/s holds 262.8M/month: the volume outgrows it in month 19, after break-even.
    const roomy = growing(100);
    expect(roomy.breakEvenMonths!).toBeLessThan(12.5);
    expect(roomy.deploymentsNeeded).toBe(1);
    expect(roomy.deploymentsNeededAtHorizon).toBeGreaterThan(1);
    expect(roomy.thresholdTokensPerMonth!).toBeLessThan(52_000_000);
    // 30 tokens/s holds 78.8M: a second $15,000 deployment in month 6 pushes break-even past 12.5.
    expect(growing(30).breakEvenMonths!).toBeGreaterThan(12.5);
  });

  it('walks a forecast series', () => {
    const result = evaluate({
      ...article,
      workload: { ...article.workload, tokensPerMonth: null, forecastTokensPerMonth: [20e6, 40e6, 60e6] },
    });
    // Months 1–3 save 450 + 950 + 1,450; then 1,450/month on the held 60M pays back the rest.
    expect(result.breakEvenMonths).toBeCloseTo(3 + (15_000 - 2_850) / 1_450, 9);
    expect(result.tokensPerMonth).toBe(20e6);
  });

  it('answers never (null) when the API bill does not exceed opex', () => {
    const result = evaluate({ ...article, workload: { ...article.workload, tokensPerMonth: 1_000_000 } });
    expect(result.breakEvenMonths).toBeNull();
    expect(result.verdict).toBe('api');
  });
});
