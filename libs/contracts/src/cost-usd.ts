// Client-supplied costs: a non-negative decimal (string or number) that must fit the
// `Decimal(20, 10)` column. Stored and passed on as a canonical decimal string so that no float
// ever reaches storage.
import { z } from 'zod';
import { MAX_COST_DECIMAL_PLACES, MAX_COST_INTEGER_DIGITS } from './usage-limits';

export const COST_USD_EXPECTATION =
  'expected a non-negative decimal number of US dollars (string or number) ' +
  `with at most ${MAX_COST_INTEGER_DIGITS} digits before and ${MAX_COST_DECIMAL_PLACES} after the point`;

const DECIMAL = new RegExp(`^(\\d{1,${MAX_COST_INTEGER_DIGITS}})(?:\\.(\\d{1,${MAX_COST_DECIMAL_PLACES}}))?$`);

/** `"0012.50"` → `"12.5"`; null when the text is not an acceptable decimal. */
export function canonicalCostUsd(text: string): string | null {
  const match = DECIMAL.exec(text);
  if (!match) return null;
  const integer = match[1]!.replace(/^0+(?=\d)/, '');
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  return fraction === '' ? integer : `${integer}.${fraction}`;
}

/**
 * A number cost, rounded to 10 decimal places: a float such as 0.1 has no exact decimal form, so
 * it is read as the shortest decimal that prints as that float, then rounded.
 */
export function costUsdFromNumber(value: number): string | null {
  if (!Number.isFinite(value) || value < 0) return null;
  return canonicalCostUsd(value.toFixed(MAX_COST_DECIMAL_PLACES));
}

export const costUsdSchema = z
  .union([z.string(), z.number()], { error: COST_USD_EXPECTATION })
  .transform((value, ctx) => {
    const canonical = typeof value === 'number' ? costUsdFromNumber(value) : canonicalCostUsd(value.trim());
    if (canonical === null) {
      ctx.addIssue({ code: 'custom', message: COST_USD_EXPECTATION, input: value });
      return z.NEVER;
    }
    return canonical;
  });
