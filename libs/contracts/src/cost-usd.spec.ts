import { describe, expect, it } from 'vitest';
import { canonicalCostUsd, costUsdFromNumber } from './cost-usd';

describe('client-supplied costs', () => {
  it('canonicalizes decimal strings without changing their value', () => {
    expect(canonicalCostUsd('0')).toBe('0');
    expect(canonicalCostUsd('000.0100')).toBe('0.01');
    expect(canonicalCostUsd('9999999999.9999999999')).toBe('9999999999.9999999999');
  });

  it('refuses what does not fit Decimal(20, 10) or is not a plain decimal', () => {
    for (const text of ['', '-1', '1e-3', '0.00000000001', '12345678901', '1.', '.5', ' 1', '0x10', 'NaN']) {
      expect(canonicalCostUsd(text)).toBeNull();
    }
  });

  it('reads floats as the decimal they print as, rounded to 10 places', () => {
    expect(costUsdFromNumber(0.1)).toBe('0.1');
    expect(costUsdFromNumber(2.85e-5)).toBe('0.0000285');
    expect(costUsdFromNumber(1e-11)).toBe('0');
    expect(costUsdFromNumber(Number.POSITIVE_INFINITY)).toBeNull();
    expect(costUsdFromNumber(-0.5)).toBeNull();
  });
});
