import { describe, expect, it } from 'vitest';
import { parseBreakevenScenario } from './breakeven-scenario';

const minimal = {
  workload: { tokensPerMonth: 50_000_000, inputShare: 0.25 },
  api: { inputPerMTok: 10, outputPerMTok: 30 },
  selfHosted: { gpuUnitPriceUsd: 15_000, electricityUsdPerMonth: 50 },
};

const problems = (input: unknown) => {
  const result = parseBreakevenScenario(input);
  return result.ok ? [] : result.problems;
};

describe('parseBreakevenScenario', () => {
  it('fills the documented defaults', () => {
    const result = parseBreakevenScenario(minimal);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.scenario).toMatchObject({
      workload: {
        matchCapacity: false,
        cachedInputShare: 0,
        cacheWriteShare: 0,
        apiMonthlyUsd: null,
        monthlyGrowth: 0,
      },
      api: { cachedInputPerMTok: null, cacheWritePerMTok: null },
      selfHosted: {
        gpuCount: 1,
        otherCapexUsd: 0,
        hoursPerMonth: 730,
        pue: 1,
        amortizationMonths: 36,
        throughputTokensPerSec: null,
      },
      horizonMonths: 60,
      targetBreakEvenMonths: 12,
    });
  });

  it('names every problem by path, with what was expected and what was given', () => {
    expect(
      problems({
        workload: { tokensPerMonth: -5, inputShare: 1.5, typo: true },
        api: { inputPerMTok: 'ten', outputPerMTok: 30 },
        selfHosted: { gpuUnitPriceUsd: 15_000, electricityUsdPerMonth: 50, gpuCount: 0.5 },
        horizonMonths: 0,
      }),
    ).toEqual([
      'workload.tokensPerMonth: expected a non-negative number or null, got -5',
      'workload.inputShare: expected a share between 0 and 1 or null, got 1.5',
      'workload.typo: unknown field',
      'api.inputPerMTok: expected a non-negative number or null, got "ten"',
      'selfHosted.gpuCount: expected a positive whole number, got 0.5',
      'horizonMonths: expected a positive whole number, got 0',
    ]);
  });

  it('reports rules between fields alongside field errors', () => {
    expect(
      problems({
        workload: { inputShare: 0.8, cachedInputShare: 0.4, monthlyGrowth: 'fast' },
        api: {},
        selfHosted: { gpu: 'tpu-v5', pue: 0.5 },
      }),
    ).toEqual([
      'workload.monthlyGrowth: expected a monthly growth rate above -1, such as 0.05 for 5%, got "fast"',
      'selfHosted.pue: expected a PUE of at least 1, got 0.5',
      'workload: inputShare + cachedInputShare + cacheWriteShare must not exceed 1 (output is the rest), got 1.2',
      'workload.tokensPerMonth: required unless workload.apiMonthlyUsd, ' +
        'workload.forecastTokensPerMonth or workload.matchCapacity is given',
      'api.inputPerMTok: required unless workload.apiMonthlyUsd is given',
      'api.outputPerMTok: required unless workload.apiMonthlyUsd is given',
      'api.cachedInputPerMTok: required when workload.cachedInputShare is above 0',
      expect.stringMatching(/^selfHosted\.gpu: unknown GPU "tpu-v5"; known: a100-40gb, /),
      'selfHosted.electricityUsdPerKwh: required unless selfHosted.electricityUsdPerMonth is given',
    ]);
  });

  it('needs no prices or shares when the monthly bill is known', () => {
    expect(
      problems({
        workload: { apiMonthlyUsd: 3_000 },
        selfHosted: { gpuUnitPriceUsd: 2_000, electricityUsdPerMonth: 0 },
      }),
    ).toEqual([]);
  });

  it('needs a throughput to match capacity', () => {
    expect(problems({ ...minimal, workload: { ...minimal.workload, matchCapacity: true } })).toEqual([
      'workload.matchCapacity: needs selfHosted.throughputTokensPerSec, ' +
        'or selfHosted.model and selfHosted.gpu with a catalog throughput for that GPU count and precision',
    ]);
    const fromCatalog = {
      ...minimal,
      workload: { ...minimal.workload, matchCapacity: true },
      selfHosted: { ...minimal.selfHosted, gpu: 'a100-80gb', model: 'llama-3.1-8b' },
    };
    expect(problems(fromCatalog)).toEqual([]);
  });

  it('rejects input that is not an object', () => {
    expect(problems([1, 2])).toEqual(['scenario: expected a JSON object, got [1,2]']);
  });
});
