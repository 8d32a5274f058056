// Properties FinOps relies on when reading break-even: more capex or less volume never makes
// self-hosting pay back sooner, and break-even is exactly where cumulative savings reach zero.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { breakEvenMonths } from './breakeven';
import { deploymentsNeeded } from './deployments-needed';
import { BreakEvenInput, cumulativeSavingsAt } from './savings-timeline';
import type { VolumePath } from './volume-path';

// Money from nothing to millions in tenths of a cent and up; volumes from none to billions.
const money = (max: number) => fc.oneof(fc.constant(0), fc.double({ min: 0.001, max, noNaN: true }));
const tokens = fc.oneof(fc.constant(0), fc.double({ min: 1, max: 5e9, noNaN: true }));

const volumePath: fc.Arbitrary<VolumePath> = fc.oneof(
  tokens.map((tokensPerMonth) => ({ kind: 'constant' as const, tokensPerMonth })),
  fc
    .record({ tokensPerMonth: tokens, monthlyGrowth: fc.double({ min: -0.3, max: 0.3, noNaN: true }) })
    .map((path) => ({ kind: 'growth' as const, ...path })),
  fc
    .array(tokens, { minLength: 1, maxLength: 36 })
    .map((series) => ({ kind: 'series' as const, tokensPerMonth: series })),
);

const scenario = (capacity: fc.Arbitrary<number | null>): fc.Arbitrary<BreakEvenInput> =>
  fc.record({
    volume: volumePath,
    apiUsdPerToken: fc.double({ min: 1e-8, max: 1e-4, noNaN: true }),
    deployment: fc.record({ capexUsd: money(2e6), opexUsdPerMonth: money(5e4), capacityTokensPerMonth: capacity }),
  });

const scale = (path: VolumePath, factor: number): VolumePath =>
  path.kind === 'series'
    ? { kind: 'series', tokensPerMonth: path.tokensPerMonth.map((v) => v * factor) }
    : { ...path, tokensPerMonth: path.tokensPerMonth * factor };

/** null (never) sorts after every number. */
const notEarlier = (later: number | null, earlier: number | null) =>
  later === null || (earlier !== null && later >= earlier - 1e-9 * Math.max(1, earlier));

const deploymentsPerMonth = (input: BreakEvenInput, months: number) => {
  const counts: number[] = [];
  let current = 0;
  for (let month = 1; month <= months; month += 1) {
    const path = input.volume;
    const volume =
      path.kind === 'constant'
        ? path.tokensPerMonth
        : path.kind === 'growth'
          ? path.tokensPerMonth * (1 + path.monthlyGrowth) ** (month - 1)
          : path.tokensPerMonth[Math.min(month, path.tokensPerMonth.length) - 1];
    current = Math.max(current, deploymentsNeeded(volume, input.deployment.capacityTokensPerMonth));
    counts.push(current);
  }
  return counts;
};

describe('break-even properties', () => {
  it('never decreases when capex rises', () => {
    fc.assert(
      fc.property(scenario(fc.option(fc.double({ min: 1e5, max: 1e10, noNaN: true }))), money(1e6), (input, extra) => {
        const dearer = { ...input, deployment: { ...input.deployment, capexUsd: input.deployment.capexUsd + extra } };
        expect(notEarlier(breakEvenMonths(dearer), breakEvenMonths(input))).toBe(true);
      }),
    );
  });

  it('never decreases when volume falls, as long as the same deployments are needed', () => {
    // Crossing a capacity step is the exception: one deployment fewer can pay back sooner.
    fc.assert(
      fc.property(
        scenario(fc.option(fc.double({ min: 1e5, max: 1e10, noNaN: true }))),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (input, factor) => {
          const smaller = { ...input, volume: scale(input.volume, factor) };
          const original = deploymentsPerMonth(input, 240);
          fc.pre(deploymentsPerMonth(smaller, 240).every((n, i) => n === original[i]));
          expect(notEarlier(breakEvenMonths(smaller), breakEvenMonths(input))).toBe(true);
        },
      ),
    );
  });

  it('never decreases when volume falls, with capacity unknown (one deployment)', () => {
    fc.assert(
      fc.property(scenario(fc.constant(null)), fc.double({ min: 0, max: 1, noNaN: true }), (input, factor) => {
        const smaller = { ...input, volume: scale(input.volume, factor) };
        expect(notEarlier(breakEvenMonths(smaller), breakEvenMonths(input))).toBe(true);
      }),
    );
  });

  it('leaves cumulative savings at zero, within rounding, at the break-even month', () => {
    fc.assert(
      fc.property(scenario(fc.option(fc.double({ min: 1e5, max: 1e10, noNaN: true }))), (input) => {
        const months = breakEvenMonths(input);
        fc.pre(months !== null);
        const capex =
          input.deployment.capexUsd *
          deploymentsPerMonth(input, Math.min(Math.ceil(months as number) + 1, 1300)).at(-1)!;
        // Half a cent, or a relative 1e-9 of the money involved for very large figures.
        expect(Math.abs(cumulativeSavingsAt(input, months as number))).toBeLessThanOrEqual(
          Math.max(0.005, capex * 1e-9),
        );
      }),
    );
  });
});
