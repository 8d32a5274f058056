import { describe, expect, it } from 'vitest';
import { breakEvenMonths, breakEvenMonthsClosedForm } from './breakeven';
import { breakEvenSensitivity } from './breakeven-sensitivity';
import type { DeploymentEconomics } from './cost-model';
import { deploymentsNeeded } from './deployments-needed';
import { BreakEvenInput, cumulativeSavingsAt, cumulativeSavingsAtMonths, savingsTimeline } from './savings-timeline';

const perToken = 25 / 1e6; // the seed article's mix: $25 per million tokens
const a100: DeploymentEconomics = { capexUsd: 15_000, opexUsdPerMonth: 50, capacityTokensPerMonth: null };
const constant = (tokensPerMonth: number, deployment = a100): BreakEvenInput => ({
  volume: { kind: 'constant', tokensPerMonth },
  apiUsdPerToken: perToken,
  deployment,
});

describe('break-even at constant volume', () => {
  it('is capex ÷ (API − opex)', () => {
    expect(breakEvenMonths(constant(50_000_000))).toBeCloseTo(12.5, 12);
  });

  it('never comes when the API bill does not exceed opex', () => {
    expect(breakEvenMonthsClosedForm({ apiUsdPerMonth: 50, capexUsd: 15_000, opexUsdPerMonth: 50 })).toBeNull();
    expect(breakEvenMonths(constant(2_000_000))).toBeNull(); // $50 of API against $50 of opex
    expect(breakEvenMonths(constant(0))).toBeNull();
  });

  it('is immediate without capex when the API costs more than opex', () => {
    expect(breakEvenMonthsClosedForm({ apiUsdPerMonth: 100, capexUsd: 0, opexUsdPerMonth: 50 })).toBe(0);
  });

  it('buys several deployments when the volume exceeds one deployment’s capacity', () => {
    const limited = { ...a100, capacityTokensPerMonth: 40_000_000 };
    expect(deploymentsNeeded(50_000_000, 40_000_000)).toBe(2);
    expect(deploymentsNeeded(80_000_000, 40_000_000)).toBe(2);
    expect(deploymentsNeeded(80_000_001, 40_000_000)).toBe(3);
    // 2 × 15,000 / (1,250 − 2 × 50)
    expect(breakEvenMonths(constant(50_000_000, limited))).toBeCloseTo(30_000 / 1_150, 12);
  });

  it('never comes when even a fully used deployment does not cover its opex', () => {
    const tiny = { capexUsd: 1_000, opexUsdPerMonth: 100, capacityTokensPerMonth: 1_000_000 }; // $25 of API at full use
    expect(breakEvenMonths(constant(50_000_000, tiny))).toBeNull();
    expect(
      breakEvenMonths({ ...constant(1, tiny), volume: { kind: 'growth', tokensPerMonth: 1e6, monthlyGrowth: 0.5 } }),
    ).toBeNull();
  });
});

describe('break-even on a volume path', () => {
  it('reproduces the closed form for a flat forecast', () => {
    const flat: BreakEvenInput = { ...constant(0), volume: { kind: 'series', tokensPerMonth: [50e6, 50e6, 50e6] } };
    expect(breakEvenMonths(flat)).toBeCloseTo(12.5, 9); // walked 3 months, then finished in closed form
    const longFlat: BreakEvenInput = {
      ...constant(0),
      volume: { kind: 'series', tokensPerMonth: Array(24).fill(50e6) },
    };
    expect(breakEvenMonths(longFlat)).toBeCloseTo(12.5, 9); // crossing found inside month 13
  });

  it('crosses earlier when volume grows, interpolating within the month', () => {
    const growing: BreakEvenInput = {
      ...constant(0),
      volume: { kind: 'growth', tokensPerMonth: 50e6, monthlyGrowth: 0.1 },
    };
    const months = breakEvenMonths(growing) as number;
    expect(months).toBeLessThan(12.5);
    expect(cumulativeSavingsAt(growing, months)).toBeCloseTo(0, 6);
    const timeline = savingsTimeline(growing, Math.ceil(months));
    expect(timeline[timeline.length - 2].cumulativeSavingsUsd).toBeLessThan(0);
    expect(timeline[timeline.length - 1].cumulativeSavingsUsd).toBeGreaterThanOrEqual(0);
  });

  it('returns null for a shrinking volume that stops paying before capex is recovered', () => {
    const shrinking: BreakEvenInput = {
      ...constant(0),
      volume: { kind: 'growth', tokensPerMonth: 50e6, monthlyGrowth: -0.2 },
    };
    expect(breakEvenMonths(shrinking)).toBeNull();
  });

  it('adds deployments in the month volume first needs them, paying their capex then', () => {
    const path: BreakEvenInput = {
      volume: { kind: 'series', tokensPerMonth: [30e6, 30e6, 60e6] },
      apiUsdPerToken: perToken,
      deployment: { ...a100, capacityTokensPerMonth: 40e6 },
    };
    const months = savingsTimeline(path, 4);
    expect(months.map((m) => m.deployments)).toEqual([1, 1, 2, 2]);
    expect(months.map((m) => m.capexUsd)).toEqual([15_000, 0, 15_000, 0]);
    expect(months[3].cumulativeSavingsUsd).toBeCloseTo(-30_000 + 2 * (750 - 50) + 2 * (1_500 - 100), 9);
    // After month 3 (savings −$27,200) the series holds 60M: $1,400/month pays back the rest.
    expect(breakEvenMonths(path)).toBeCloseTo(3 + 27_200 / 1_400, 9);
  });
});

describe('cumulative savings', () => {
  it('reports 12, 36 and 60 months, starting from −capex', () => {
    const input = constant(50_000_000);
    expect(cumulativeSavingsAt(input, 0)).toBe(-15_000);
    expect(cumulativeSavingsAtMonths(input, [12, 36, 60])).toEqual({
      '12': expect.closeTo(-600, 6),
      '36': expect.closeTo(28_200, 6),
      '60': expect.closeTo(57_000, 6),
    });
  });
});

describe('sensitivity of break-even to volume', () => {
  it('recomputes break-even at 0.5× … 2× the volume', () => {
    const points = breakEvenSensitivity(constant(50_000_000));
    expect(points.map((p) => p.volumeMultiplier)).toEqual([0.5, 0.75, 1, 1.25, 1.5, 2]);
    expect(points[2].breakEvenMonths).toBeCloseTo(12.5, 9);
    expect(points[0].breakEvenMonths).toBeCloseTo(15_000 / (625 - 50), 9);
    expect(points[5].tokensPerMonth).toBe(100_000_000);
    const months = points.map((p) => p.breakEvenMonths as number);
    expect([...months].sort((a, b) => b - a)).toEqual(months);
  });
});
