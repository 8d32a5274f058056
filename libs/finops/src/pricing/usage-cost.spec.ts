import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PriceEntry } from './price-entry';
import { usageCost } from './usage-cost';

const entry = (prices: Partial<PriceEntry> = {}): PriceEntry => ({
  id: 'org:acme:anthropic:claude-sonnet-4:2026-01-01',
  provider: 'anthropic',
  model: 'claude-sonnet-4',
  inputPerMTok: '3',
  cachedInputPerMTok: '0.3',
  cacheWritePerMTok: '3.75',
  outputPerMTok: '15',
  effectiveFrom: new Date('2026-01-01T00:00:00Z'),
  source: 'contract 2026',
  organization: true,
  ...prices,
});

const usage = { inputTokens: 25, cachedInputTokens: 3500, cacheWriteTokens: 1200, outputTokens: 420 };

describe('usageCost', () => {
  it('prices each token class at its own rate and names the entry', () => {
    // 25×3 + 3500×0.3 + 1200×3.75 + 420×15 = 11925 µ$
    expect(usageCost(usage, entry())).toEqual({
      costUsd: '0.011925',
      priceVersion: 'org:acme:anthropic:claude-sonnet-4:2026-01-01',
    });
  });

  it('bills cache reads and writes at the input price when the entry has no cache price', () => {
    // (25 + 3500 + 1200)×3 + 420×15 = 14175 + 6300
    expect(usageCost(usage, entry({ cachedInputPerMTok: null, cacheWritePerMTok: null })).costUsd).toBe('0.020475');
  });

  it('lets a client-supplied cost win, and gives no cost without a price', () => {
    expect(usageCost({ ...usage, costUsd: '1.5' }, entry())).toEqual({ costUsd: '1.5', priceVersion: 'client' });
    expect(usageCost({ ...usage, costUsd: '0' }, null)).toEqual({ costUsd: '0', priceVersion: 'client' });
    expect(usageCost(usage, null)).toEqual({ costUsd: null, priceVersion: null });
  });

  it('is exact where floats are not, and rounds half up to 10 decimal places', () => {
    // 3 tokens at $0.1/M: 3 × 0.1 = 0.30000000000000004 in floats.
    expect(
      usageCost(
        { inputTokens: 3, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0 },
        entry({ inputPerMTok: '0.1' }),
      ).costUsd,
    ).toBe('0.0000003');
    // 1 token at $0.000050/M = 5e-11 USD → rounds up to 1e-10; 1 token at $0.000049/M rounds down to 0.
    expect(
      usageCost(
        { inputTokens: 1, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0 },
        entry({ inputPerMTok: '0.00005' }),
      ).costUsd,
    ).toBe('0.0000000001');
    expect(
      usageCost(
        { inputTokens: 1, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0 },
        entry({ inputPerMTok: '0.000049' }),
      ).costUsd,
    ).toBe('0');
  });

  it('stays exact at the largest counts and prices', () => {
    const max = 10 ** 12 - 1;
    const result = usageCost(
      { inputTokens: max, cachedInputTokens: max, cacheWriteTokens: max, outputTokens: max },
      entry({
        inputPerMTok: '99999999.999999',
        cachedInputPerMTok: '0.000001',
        cacheWritePerMTok: '1',
        outputPerMTok: '0',
      }),
    );
    // (10^12 − 1) × (99999999.999999 + 0.000001 + 1) / 10^6 = 100000001000000 − 100.000001
    expect(result.costUsd).toBe('100000000999899.999999');
  });

  it('agrees with the reference at everyday counts and prices too, and across 2^53', () => {
    const reference = (i: number, c: number, w: number, o: number, p: [number, number, number, number]) => {
      const pico =
        BigInt(i) * BigInt(p[0]) + BigInt(c) * BigInt(p[1]) + BigInt(w) * BigInt(p[2]) + BigInt(o) * BigInt(p[3]);
      const tenths = (pico + 50n) / 100n;
      const digits = tenths.toString().padStart(11, '0');
      const fraction = digits.slice(-10).replace(/0+$/, '');
      return `${digits.slice(0, -10)}${fraction ? `.${fraction}` : ''}`;
    };
    const text = (m: number) => `${Math.floor(m / 1e6)}.${String(m % 1e6).padStart(6, '0')}`;
    const costOf = (i: number, c: number, w: number, o: number, p: [number, number, number, number]) =>
      usageCost(
        { inputTokens: i, cachedInputTokens: c, cacheWriteTokens: w, outputTokens: o },
        entry({
          inputPerMTok: text(p[0]),
          cachedInputPerMTok: text(p[1]),
          cacheWritePerMTok: text(p[2]),
          outputPerMTok: text(p[3]),
        }),
      ).costUsd;
    const count = fc.integer({ min: 0, max: 10_000_000 });
    const micro = fc.integer({ min: 0, max: 200_000_000 });
    fc.assert(
      fc.property(count, count, count, count, fc.tuple(micro, micro, micro, micro), (i, c, w, o, p) => {
        expect(costOf(i, c, w, o, p)).toBe(reference(i, c, w, o, p));
      }),
      { numRuns: 2_000 },
    );
    // Sums just below, at and above 2^53 picodollars.
    for (const tokens of [90_071_992, 90_071_993, 90_071_992_547, 90_071_992_548]) {
      for (const price of [99_999_999, 100_000_000, 100_000_001]) {
        const p: [number, number, number, number] = [price, 0, 0, price];
        expect(costOf(tokens, 0, 0, tokens, p)).toBe(reference(tokens, 0, 0, tokens, p));
      }
    }
  });

  it('agrees with a decimal reference computation for any counts and prices', () => {
    const micro = fc.integer({ min: 0, max: 99_999_999_999_999 });
    const count = fc.integer({ min: 0, max: 10 ** 12 - 1 });
    fc.assert(
      fc.property(count, count, count, count, micro, micro, micro, micro, (i, c, w, o, pi, pc, pw, po) => {
        const text = (m: number) => `${Math.floor(m / 1e6)}.${String(m % 1e6).padStart(6, '0')}`;
        const result = usageCost(
          { inputTokens: i, cachedInputTokens: c, cacheWriteTokens: w, outputTokens: o },
          entry({
            inputPerMTok: text(pi),
            cachedInputPerMTok: text(pc),
            cacheWritePerMTok: text(pw),
            outputPerMTok: text(po),
          }),
        );
        const pico = BigInt(i) * BigInt(pi) + BigInt(c) * BigInt(pc) + BigInt(w) * BigInt(pw) + BigInt(o) * BigInt(po);
        const [integer, fraction = ''] = result.costUsd!.split('.');
        const tenths = BigInt(integer!) * 10n ** 10n + BigInt(fraction.padEnd(10, '0'));
        // Rounded half up: |pico − tenths×100| ≤ 50, and exactly 50 only when rounding up.
        const difference = pico - tenths * 100n;
        expect(difference >= -50n && difference < 50n).toBe(true);
      }),
    );
  });
});
