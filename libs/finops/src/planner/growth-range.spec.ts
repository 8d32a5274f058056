import { describe, expect, it } from 'vitest';
import { DEFAULT_GROWTH_RANGE, describeGrowthRange, growthRangeOf, type StoredForecast } from './growth-range';
import { daysInMonth } from './month-projection';

/** A forecast growing `monthly` (e.g. 0.1 for 10 %) a month from 1M tokens a day, in months of 30 and 31 days. */
const growing = (monthly: number, method = 'mstl-ets'): StoredForecast => ({
  method,
  months: [1, 2, 3].map((month) => ({ month, tokens: 1e6 * daysInMonth(month) * (1 + monthly) ** (month - 1) })),
});

describe('growthRangeOf', () => {
  it("spans the established scopes' monthly growth at the level, from the lowest to the highest quantile", () => {
    const rates = Array.from({ length: 21 }, (_, i) => -0.1 + i * 0.02); // −10 % … +30 % a month
    const range = growthRangeOf(
      rates.map((r) => growing(r)),
      0.9,
    );
    expect(range.scopes).toBe(21);
    // The 5th and 95th percentiles of −10 % … +30 %: −8 % and +28 %, as monthly log rates.
    expect(Math.exp(range.down) - 1).toBeCloseTo(-0.08, 2);
    expect(Math.exp(range.up) - 1).toBeCloseTo(0.28, 2);
    expect(describeGrowthRange(range)).toBe('−8 % to +28 % a month');
    const narrower = growthRangeOf(
      rates.map((r) => growing(r)),
      0.5,
    );
    expect(narrower.up).toBeLessThan(range.up);
    expect(narrower.down).toBeGreaterThan(range.down);
  });

  it('reads growth a day, not a month: month 3 has 31 days to month 1’s 30', () => {
    expect(daysInMonth(3)).toBeGreaterThan(daysInMonth(1));
    const range = growthRangeOf(
      [-0.01, -0.01, -0.01, -0.01, -0.01].map((r) => growing(r)),
      0.9,
    );
    expect(Math.exp(range.down) - 1).toBeCloseTo(-0.01, 6);
    expect(range.up).toBe(0);
  });

  it('always admits no growth at all: a fleet that only grows still has a range from 0', () => {
    const range = growthRangeOf(
      [0.05, 0.06, 0.07, 0.08, 0.09].map((r) => growing(r)),
      0.9,
    );
    expect(range.down).toBe(0);
    expect(range.up).toBeGreaterThan(Math.log(1.08));
  });

  it('reads only established forecasts, and falls back to the default range with fewer than five', () => {
    const young = [growing(3, 'mean'), growing(3, 'ets')];
    const established = [0, 0.01, 0.02, 0.03].map((r) => growing(r));
    expect(growthRangeOf([...young, ...established], 0.9)).toEqual(DEFAULT_GROWTH_RANGE);
    const atZero = { method: 'mstl-ets', months: [1, 2, 3].map((month) => ({ month, tokens: 0 })) };
    expect(growthRangeOf([...established, atZero], 0.9)).toEqual(DEFAULT_GROWTH_RANGE);
    expect(growthRangeOf([...young, ...established, growing(0.04)], 0.9).scopes).toBe(5);
    expect(describeGrowthRange(DEFAULT_GROWTH_RANGE)).toBe('−10 % to +25 % a month');
  });
});
