import { describe, expect, it } from 'vitest';
import { flatMeanMonths } from './flat-mean-forecast';
import type { GrowthRange } from './growth-range';
import { daysInMonth } from './month-projection';

/** A young team's days: `growth` a month, weekends at 0.8, ±10 % noise (a seeded generator). */
function youngDays(days: number, growth: number, seed: number): number[] {
  let state = seed;
  const next = () => (state = (state * 16807) % 2147483647) / 2147483647;
  return Array.from(
    { length: days },
    (_, d) => 1e6 * (1 + growth) ** (d / 30) * (d % 7 >= 5 ? 0.8 : 1) * (0.9 + 0.2 * next()),
  );
}

const width = (m: { lower: number; upper: number }) => m.upper / m.lower;

describe('flatMeanMonths', () => {
  it('projects the daily mean, within an interval at the asked level that widens month by month', () => {
    const history = [1.0e6, 1.2e6, 0.9e6, 1.1e6, 1.0e6, 0.7e6, 0.8e6];
    const months = flatMeanMonths(history, 12, 0.9);
    const mean = history.reduce((a, b) => a + b, 0) / history.length;
    expect(months[0].tokens).toBeCloseTo(mean * daysInMonth(1));
    expect(months[0].lower).toBeLessThan(months[0].tokens);
    for (let m = 1; m < 12; m++) expect(width(months[m])).toBeGreaterThan(width(months[m - 1]));
    // The level's error grows as √month: month 12's half-width is close to √12 times month 1's.
    const half = (m: { tokens: number; upper: number }) => Math.log(m.upper / m.tokens);
    expect(half(months[11]) / half(months[0])).toBeGreaterThan(3);
    expect(width(flatMeanMonths(history, 1, 0.5)[0])).toBeLessThan(width(months[0]));
    expect(width(flatMeanMonths(history, 1, 0.99)[0])).toBeGreaterThan(width(months[0]));
  });

  it('holds what a young scope growing 2 % a month does in months 1, 3 and 12', () => {
    // Under z, with a width that stayed the same, 9 days held month 3 for two in three such teams and
    // month 12 for none.
    const held = [0, 0, 0];
    const seeds = 40;
    for (let seed = 1; seed <= seeds; seed++) {
      const days = youngDays(9 + 370, 0.02, seed * 7_919);
      const months = flatMeanMonths(days.slice(0, 9), 12, 0.9);
      [1, 3, 12].forEach((m, i) => {
        const from = 9 + Math.floor(((m - 1) * 365.25) / 12);
        const actual = days.slice(from, from + daysInMonth(m)).reduce((a, b) => a + b, 0);
        if (actual >= months[m - 1].lower && actual <= months[m - 1].upper) held[i]++;
      });
    }
    expect(held[0] / seeds).toBeGreaterThanOrEqual(0.85);
    expect(held[1] / seeds).toBeGreaterThanOrEqual(0.85);
    expect(held[2] / seeds).toBeGreaterThanOrEqual(0.5);
  });

  it('gives days all alike the scatter a single day is taken to have, not an interval of zero width', () => {
    const alike = flatMeanMonths(Array(10).fill(1e6), 12, 0.9);
    const single = flatMeanMonths([1e6], 12, 0.9);
    expect(width(alike[11])).toBeGreaterThan(2);
    expect(width(alike[11])).toBeLessThan(width(single[11]));
  });

  it('keeps finite bounds for a day at zero and for a single day', () => {
    for (const history of [[2e6, 0, 2e6, 2e6], [3e6]]) {
      const [month] = flatMeanMonths(history, 1, 0.9);
      expect(Number.isFinite(month.lower) && Number.isFinite(month.upper)).toBe(true);
      expect(month.lower).toBeLessThan(month.tokens);
      expect(month.upper).toBeGreaterThan(month.tokens);
    }
    expect(flatMeanMonths([], 2, 0.9)).toEqual([
      { month: 1, tokens: 0, lower: 0, upper: 0 },
      { month: 2, tokens: 0, lower: 0, upper: 0 },
    ]);
  });
});

describe('flatMeanMonths with a growth range', () => {
  const held = (growth: number, range: GrowthRange | undefined, month: number) => {
    let covered = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const days = youngDays(10 + 370, growth, seed * 7_919);
      const months = flatMeanMonths(days.slice(0, 10), 12, 0.9, range);
      const from = 10 + Math.floor(((month - 1) * 365.25) / 12);
      const actual = days.slice(from, from + daysInMonth(month)).reduce((a, b) => a + b, 0);
      if (actual >= months[month - 1].lower && actual <= months[month - 1].upper) covered++;
    }
    return covered / 40;
  };
  const none: GrowthRange = { down: 0, up: 0, scopes: 0 };
  const organization: GrowthRange = { down: Math.log(0.88), up: Math.log(1.28), scopes: 70 };

  it("holds young scopes growing or shrinking as fast as the organization's in month 12, which no range did", () => {
    for (const growth of [0.25, -0.1]) {
      expect(held(growth, none, 12)).toBe(0);
      expect(held(growth, organization, 12)).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('widens later months far more than month 1, on the side the range reaches', () => {
    const history = youngDays(10, 0, 3);
    const [plain, ranged] = [none, organization].map((range) => flatMeanMonths(history, 12, 0.9, range));
    expect(ranged[0].tokens).toBe(plain[0].tokens);
    expect(width(ranged[0]) / width(plain[0])).toBeLessThan(1.2);
    expect(width(ranged[11]) / width(plain[11])).toBeGreaterThan(10);
    // +28 % a month reaches further above than −12 % below.
    expect(ranged[11].upper / ranged[11].tokens).toBeGreaterThan(ranged[11].tokens / ranged[11].lower);
  });
});
