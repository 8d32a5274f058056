// Prices as exact integers. A price per 1M tokens with at most 6 decimal places is an integer
// number of micro-dollars per 1M tokens, i.e. of 10^-12 USD per token; multiplying by a token count
// stays an exact integer, which is how costs are computed without floats.
export const PRICE_DECIMAL_PLACES = 6;

const PRICE_TEXT = /^(\d{1,8})(?:\.(\d{1,6}))?$/;

/** `"2.5"` → 2_500_000n (micro-USD per 1M tokens). Throws on anything else: prices are configuration. */
export function parsePricePerMTok(value: string): bigint {
  const match = PRICE_TEXT.exec(value);
  if (!match) {
    throw new Error(
      `price ${JSON.stringify(value)}: expected a non-negative decimal ` +
        `with at most 8 digits before and 6 after the point`,
    );
  }
  return BigInt(match[1]!) * 1_000_000n + BigInt((match[2] ?? '').padEnd(PRICE_DECIMAL_PLACES, '0'));
}

/** A float from price data → its decimal string, rounded to 6 places (`0.08333333333333334` → `"0.083333"`). */
export function pricePerMTokFromNumber(value: number): string {
  if (!Number.isFinite(value) || value < 0) throw new Error(`price ${value}: expected a finite non-negative number`);
  return formatScaledInteger(BigInt(Math.round(value * 1_000_000)), PRICE_DECIMAL_PLACES);
}

/** An integer in units of 10^-scale → its shortest decimal string (`1250n, 4` → `"0.125"`). */
export function formatScaledInteger(units: bigint, scale: number): string {
  return formatScaledDigits(units < 0n, (units < 0n ? -units : units).toString(), scale);
}

/** formatScaledInteger for a safe integer held in a number. */
export function formatScaledNumber(units: number, scale: number): string {
  return formatScaledDigits(units < 0, String(Math.abs(units)), scale);
}

function formatScaledDigits(negative: boolean, magnitude: string, scale: number): string {
  const digits = magnitude.padStart(scale + 1, '0');
  const integer = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${integer}${fraction ? `.${fraction}` : ''}`;
}
