// The four options of a break-even scenario, checked by hand, and the properties the issue names.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BreakevenScenarioInput, parseBreakevenScenario } from './breakeven-scenario';
import { evaluateBreakevenScenario } from './evaluate-breakeven-scenario';

// Money compared to a thousandth of a cent: the figures are sums of binary fractions.
const cents = (value: unknown): unknown =>
  typeof value === 'number'
    ? Math.round(value * 1e5) / 1e5
    : value !== null && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cents(v)]))
      : value;

const evaluate = (input: BreakevenScenarioInput) => {
  const parsed = parseBreakevenScenario(input);
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  return evaluateBreakevenScenario(parsed.scenario);
};

// 100M tokens a month, half input: API 0.5 × 10 + 0.5 × 30 = 20 USD/MTok → 2,000 USD a month.
const base: BreakevenScenarioInput = {
  workload: { tokensPerMonth: 100e6, inputShare: 0.5 },
  api: { inputPerMTok: 10, outputPerMTok: 30 },
  selfHosted: {
    gpuUnitPriceUsd: 12_000,
    gpuPowerWatts: 400,
    electricityUsdPerMonth: 100,
    electricityUsdPerKwh: 0.15,
    personnelUsdPerMonth: 400,
    resaleValueUsd: 3_000,
    rent: { usdPerGpuHour: 1, hoursPerMonth: 500 },
  },
  hostedOpenModel: { inputPerMTok: 0.6, outputPerMTok: 1 },
  horizonMonths: 48,
  discountRatePerYear: 0.1,
};

describe('serving options', () => {
  it('compares only the APIs when nothing could be sized to buy or rent (selfHosted.unsizedReason)', () => {
    const reason = 'no catalog GPU configuration has a published throughput for qwen3-235b-a22b';
    const r = evaluate({ ...base, selfHosted: { ...base.selfHosted, unsizedReason: reason } });
    // Hosted: 100 × (0.5 × 0.6 + 0.5 × 1) = 80 USD a month against the API's 2,000; 12 months: 960 and 24,000.
    expect(r.options.map((o) => [o.option, o.available])).toEqual([
      ['api', true],
      ['buy', false],
      ['hosted-open-model', true],
    ]);
    expect(r.options.map((o) => cents(o.monthlyUsd))).toEqual([2000, expect.any(Number), 80]);
    expect(r.options.find((o) => o.option === 'buy')?.note).toBe(reason);
    expect(cents(r.options.find((o) => o.option === 'hosted-open-model')?.cumulativeUsd['12'])).toBe(960);
    expect(r).toMatchObject({
      cheapestOption: 'hosted-open-model',
      selfHostedSized: false,
      breakEvenMonths: null,
      thresholdTokensPerMonth: null,
      verdict: 'api',
      sensitivity: [],
      // Buying's savings would be those of free hardware: the whole API bill.
      cumulativeSavingsUsd: {},
      npvUsd: null,
    });
    expect(r.assumptions).toContain(`buying and renting not compared: ${reason}`);
  });

  it('prices api, buy, rent and the hosted open model month by month', () => {
    const r = evaluate(base);
    const by = Object.fromEntries(r.options.map((o) => [o.option, cents(o) as typeof o]));
    expect(by.api).toMatchObject({ monthlyUsd: 2_000, capexUsd: 0, breakEvenMonths: null });
    expect(by.api.cumulativeUsd).toEqual({ '12': 24_000, '36': 72_000, '48': 96_000 });
    // Buy: 12,000 up front, 500 a month (100 electricity + 400 personnel); break-even 12,000 / 1,500 = 8 months.
    expect(by.buy).toMatchObject({ monthlyUsd: 500, capexUsd: 12_000, breakEvenMonths: 8 });
    // Resale of 3,000 at the end of the 36-month amortization.
    expect(by.buy.cumulativeUsd).toEqual({ '12': 18_000, '36': 27_000, '48': 33_000 });
    // Rent: 1 GPU × 1 USD × 500 h + 400 personnel = 900 a month, no break-even.
    expect(by.rent).toMatchObject({ monthlyUsd: 900, capexUsd: 0, breakEvenMonths: null });
    expect(by.rent.cumulativeUsd['12']).toBe(10_800);
    // Hosted: 0.5 × 0.6 + 0.5 × 1 = 0.8 USD/MTok → 80 a month.
    expect(by['hosted-open-model'].monthlyUsd).toBeCloseTo(80, 9);
    expect(r.cheapestOption).toBe('hosted-open-model');
  });

  it('counts the resale received at the end of amortization in the cumulative savings, as in the buy option', () => {
    const r = evaluate(base);
    const buy = r.options.find((o) => o.option === 'buy');
    // Month 12: 24,000 API − 18,000 buy; month 36: 72,000 − (12,000 + 36 × 500 − 3,000 resale) = 45,000.
    expect(cents(r.cumulativeSavingsUsd)).toMatchObject({ '12': 6_000, '36': 45_000, '48': 63_000 });
    expect(r.cumulativeSavingsUsd['36']).toBeCloseTo(72_000 - (buy?.cumulativeUsd['36'] as number), 6);
  });

  it('discounts buying at the yearly rate: NPV = −capex + Σ net/(1+i)^m + resale/(1+i)^36', () => {
    const r = evaluate(base);
    const i = 1.1 ** (1 / 12) - 1;
    let expected = -12_000;
    for (let m = 1; m <= 48; m++) expected += 1_500 / (1 + i) ** m;
    expected += 3_000 / (1 + i) ** 36;
    expect(r.npvUsd).toBeCloseTo(expected, 6);
  });

  it('never chooses an option the organization does not allow or that does not fit', () => {
    const noHosted = { ...base, hostedOpenModel: null };
    expect(evaluate(noHosted).cheapestOption).toBe('buy');
    expect(evaluate({ ...noHosted, allowBuy: false }).cheapestOption).toBe('rent');
    expect(evaluate({ ...noHosted, allowBuy: false, allowRent: false }).cheapestOption).toBe('api');
    const tooBig = evaluate({
      ...noHosted,
      selfHosted: {
        ...base.selfHosted,
        gpu: 'rtx-4090-24gb',
        model: 'llama-3.1-70b',
        precision: 'fp8',
        gpuCount: 4,
        concurrency: 64,
        contextTokens: 8192,
      },
    });
    expect(tooBig.fits).toBe(false);
    // Buying and renting are out; the same model on a hosted open-model API (priced from the price book,
    // which lists llama-3.1-70b with open-weight hosts) still serves it, and costs less than the API.
    expect(tooBig.cheapestOption).toBe('hosted-open-model');
    const hosted = tooBig.options.find((o) => o.option === 'hosted-open-model');
    expect(hosted?.note).toMatch(/from the price book: \S+\/\S*llama-3.1-70b\S*, price entry genai-prices:/i);
    const noModel = evaluate({ ...noHosted, selfHosted: { ...base.selfHosted, gpuCount: 4, concurrency: 64 } });
    expect(noModel.options.some((o) => o.option === 'hosted-open-model')).toBe(false);
  });

  it('never says self-host when buying is not allowed or the model does not fit', () => {
    // Buying breaks even in 8 months (see above), but the verdict is about buying these GPUs.
    expect(evaluate(base).verdict).toBe('self-host');
    expect(evaluate({ ...base, allowBuy: false }).verdict).toBe('api');
    const tooSmall = evaluate({
      ...base,
      selfHosted: {
        ...base.selfHosted,
        gpu: 'rtx-4090-24gb',
        model: 'llama-3.1-70b',
        precision: 'fp8',
        gpuCount: 4,
        concurrency: 32, // (70.6 + 42.95 KV + 8) / 4 = 30.4 GB per GPU of 23.19 usable
      },
    });
    expect(tooSmall.fits).toBe(false);
    expect(tooSmall.breakEvenMonths).not.toBeNull(); // the arithmetic stays visible
    expect(tooSmall.verdict).toBe('api');
    // Figures inside the sentences are for reading: 956.53 × 1008/2039 × 0.55, at an output share of
    // 1 − 0.7 − 0.1 (0.20000000000000004 in binary floating point).
    const mixed = evaluate({
      ...base,
      workload: { tokensPerMonth: 100e6, inputShare: 0.7, cachedInputShare: 0.1 },
      api: { inputPerMTok: 10, outputPerMTok: 30, cachedInputPerMTok: 5 },
      selfHosted: { ...base.selfHosted, gpu: 'rtx-4090-24gb', model: 'llama-3.1-70b', precision: 'fp8', gpuCount: 4 },
    });
    const throughput = mixed.assumptions.find((a) => a.startsWith('throughput '));
    expect(throughput).toMatch(/^throughput 260\.08 output tokens\/s from catalog .*, counted as 1300\.39 tokens\/s/);
    expect(throughput).toMatch(/ at this mix's output share 0\.2$/);
  });

  it('sizes memory per GPU as weights + KV cache for concurrency × context + overhead', () => {
    // Llama 3.1 70B FP8 on 4× H100: 70.6 GB weights + 64 × 8192 × 327,680 B = 171.8 GB KV + 4 × 2 GB.
    const r = evaluate({
      ...base,
      selfHosted: {
        ...base.selfHosted,
        gpu: 'h100-80gb',
        model: 'llama-3.1-70b',
        precision: 'fp8',
        gpuCount: 4,
        concurrency: 64,
        contextTokens: 8192,
      },
    });
    const kv = (64 * 8192 * 327_680) / 1e9;
    expect(r.memoryGbPerGpu).toBeCloseTo((70.6 + kv + 8) / 4, 6);
    expect(r.fits).toBe(true);
  });

  it('fits never turns true when concurrency or context grows (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('llama-3.1-8b', 'llama-3.1-70b', 'mixtral-8x7b'),
        fc.constantFrom('h100-80gb', 'l40s-48gb', 'rtx-4090-24gb'),
        fc.constantFrom(1, 2, 4, 8),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 256, max: 32_768 }),
        fc.integer({ min: 0, max: 64 }),
        fc.integer({ min: 0, max: 32_768 }),
        (model, gpu, gpuCount, concurrency, contextTokens, moreSeq, moreContext) => {
          const at = (c: number, ctx: number) =>
            evaluate({
              ...base,
              selfHosted: {
                ...base.selfHosted,
                model,
                gpu,
                gpuCount,
                precision: 'fp8',
                concurrency: c,
                contextTokens: ctx,
              },
            }).fits;
          if (at(concurrency, contextTokens) === false) {
            expect(at(concurrency + moreSeq, contextTokens + moreContext)).toBe(false);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('renting never has a break-even (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e6, max: 1e10, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.double({ min: 1, max: 744, noNaN: true }),
        (tokensPerMonth, usdPerGpuHour, hoursPerMonth) => {
          const r = evaluate({
            ...base,
            workload: { tokensPerMonth, inputShare: 0.5 },
            selfHosted: { ...base.selfHosted, rent: { usdPerGpuHour, hoursPerMonth } },
          });
          const rent = r.options.find((o) => o.option === 'rent');
          expect(rent?.breakEvenMonths).toBeNull();
          expect(rent?.capexUsd).toBe(0);
        },
      ),
      { numRuns: 50 },
    );
  });
});
