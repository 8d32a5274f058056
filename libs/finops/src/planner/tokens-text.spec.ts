import { describe, expect, it } from 'vitest';
import { tokensText } from './tokens-text';

describe('tokensText', () => {
  it('shows four significant digits in the largest unit the volume reaches', () => {
    expect(tokensText(1_512_345_678)).toBe('1.512B');
    expect(tokensText(60_114_000_000)).toBe('60.11B');
    expect(tokensText(587_640_000)).toBe('587.6M');
    expect(tokensText(345_678)).toBe('345.7K');
    expect(tokensText(48_523)).toBe('48.52K');
  });

  it('drops trailing zeros, and moves up a unit where rounding reaches it', () => {
    expect(tokensText(50_000_000)).toBe('50M');
    expect(tokensText(999_960_000)).toBe('1B');
    expect(tokensText(1.5e13)).toBe('15000B');
  });

  it('keeps a shown volume within 0.05 % of the one meant', () => {
    for (let v = 1e5; v < 1e11; v *= 1.0137) {
      const [, digits, unit] = /^([\d.]+)([KMB])$/.exec(tokensText(v)) as RegExpExecArray;
      const shown = Number(digits) * { K: 1e3, M: 1e6, B: 1e9 }[unit as 'K' | 'M' | 'B'];
      expect(Math.abs(shown / v - 1)).toBeLessThanOrEqual(0.0005);
    }
  });

  it('reads "n/a" for no volume', () => {
    expect(tokensText(null)).toBe('n/a');
  });
});
