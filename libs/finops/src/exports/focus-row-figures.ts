// The figures of an entry-priced FOCUS usage row (tokens, list cost and paid cost per token class,
// and whether it reads Standard or Other), worked out as focusRows does (classCosts, pricingCategory)
// but into reused arrays: in plain numbers when every figure stays below 2^53 and the stored cost is
// the rates' sum (nothing to apportion: the common row), else in exact bigints.
import type { PriceVariant } from './focus-row-template';
import {
  type ClassRates,
  type DailyPricedUsage,
  PICO,
  picoFromDecimal,
  splitStoredCost,
  TOKEN_CLASSES,
} from './focus-rows';

const CLASS_COUNT = TOKEN_CLASSES.length;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;

/** A price entry's per-token list and paid prices by class (TOKEN_CLASSES order), as bigints and numbers. */
export interface EntryPrices {
  list: bigint[];
  paid: bigint[];
  listNumbers: number[];
  paidNumbers: number[];
  /** Per-class token counts up to this keep every product and sum of a row's figures below 2^53. */
  safeTokens: bigint;
}

export function entryPrices(rates: ClassRates): EntryPrices {
  const list = TOKEN_CLASSES.map((c) => rates.prices[c]);
  const paid = TOKEN_CLASSES.map((c) => rates.paidPrices[c]);
  const highest = [...list, ...paid].reduce((a, b) => (b > a ? b : a), 1n);
  return {
    list,
    paid,
    listNumbers: list.map(Number),
    paidNumbers: paid.map(Number),
    safeTokens: MAX_SAFE / (highest * BigInt(CLASS_COUNT)),
  };
}

/** A row's figures by class (a class without tokens is left as it was); reused from row to row. */
export interface ClassFigures<T extends number | bigint> {
  tokens: T[];
  list: T[];
  paid: T[];
}

export function classFigures<T extends number | bigint>(zero: T): ClassFigures<T> {
  const filled = () => new Array<T>(CLASS_COUNT).fill(zero);
  return { tokens: filled(), list: filled(), paid: filled() };
}

/** The row's figures in numbers and its variant; null when the row needs bigints; 'none' without tokens. */
export function figuresInNumbers(
  row: DailyPricedUsage,
  prices: EntryPrices,
  out: ClassFigures<number>,
): PriceVariant | 'none' | null {
  const limit = prices.safeTokens;
  if (
    row.inputTokens > limit ||
    row.cachedInputTokens > limit ||
    row.cacheWriteTokens > limit ||
    row.outputTokens > limit
  )
    return null;
  const stored = row.costUsd === null ? null : picoNumber(row.costUsd);
  if (Number.isNaN(stored)) return null;
  const { tokens, list, paid } = out;
  tokens[0] = Number(row.inputTokens);
  tokens[1] = Number(row.cachedInputTokens);
  tokens[2] = Number(row.cacheWriteTokens);
  tokens[3] = Number(row.outputTokens);
  let tokenSum = 0;
  let listSum = 0;
  let weightSum = 0;
  for (let k = 0; k < CLASS_COUNT; k++) {
    if (tokens[k]! <= 0) continue;
    list[k] = tokens[k]! * prices.listNumbers[k]!;
    paid[k] = tokens[k]! * prices.paidNumbers[k]!;
    tokenSum += tokens[k]!;
    listSum += list[k]!;
    weightSum += paid[k]!;
  }
  if (tokenSum === 0) return 'none';
  // paid[] holds the weights: a stored cost equal to their sum is already split by them.
  if (stored !== null && stored !== weightSum) return null;
  if (stored === null) for (let k = 0; k < CLASS_COUNT; k++) paid[k] = list[k]!;
  const paidSum = stored ?? listSum;
  const gap = paidSum > listSum ? paidSum - listSum : listSum - paidSum;
  return variantOf(row, gap > 1000 + tokenSum);
}

/** The row's figures in exact bigints and its variant ('none' without tokens). */
export function figuresInBigints(
  row: DailyPricedUsage,
  prices: EntryPrices,
  out: ClassFigures<bigint>,
): PriceVariant | 'none' {
  const { tokens, list, paid } = out;
  tokens[0] = row.inputTokens;
  tokens[1] = row.cachedInputTokens;
  tokens[2] = row.cacheWriteTokens;
  tokens[3] = row.outputTokens;
  const present: number[] = [];
  let tokenSum = 0n;
  let listSum = 0n;
  let weightSum = 0n;
  for (let k = 0; k < CLASS_COUNT; k++) {
    if (tokens[k]! <= 0n) continue;
    present.push(k);
    list[k] = tokens[k]! * prices.list[k]!;
    paid[k] = tokens[k]! * prices.paid[k]!;
    tokenSum += tokens[k]!;
    listSum += list[k]!;
    weightSum += paid[k]!;
  }
  if (present.length === 0) return 'none';
  const stored = row.costUsd === null ? null : picoFromDecimal(row.costUsd);
  if (stored === null) for (const k of present) paid[k] = list[k]!;
  else if (stored !== weightSum) {
    // Spread over the classes by the rates applied, the per-record roundings landing on the largest.
    const shares = splitStoredCost(
      stored,
      present.map((k) => paid[k]!),
      present.indexOf(TOKEN_CLASSES.indexOf('cache-write')),
      row.priceRules,
    );
    present.forEach((k, i) => {
      paid[k] = shares[i]!;
    });
  }
  const paidSum = stored ?? listSum;
  const gap = paidSum > listSum ? paidSum - listSum : listSum - paidSum;
  return variantOf(row, gap > 1000n + tokenSum);
}

/** pricingCategory: a non-standard service tier, or paid off the list rates beyond rounding, is Other. */
function variantOf(row: DailyPricedUsage, offList: boolean): PriceVariant {
  const serviceTier = row.serviceTier ?? null;
  return (serviceTier !== null && serviceTier !== 'standard') || offList ? 'Other' : 'Standard';
}

/**
 * A stored cost in 10^-12 USD as an exact number, as picoFromDecimal reads it, when it is a plain
 * decimal under 9,007 USD (the product stays below 2^53); NaN for anything else (picoFromDecimal's turn).
 */
export function picoNumber(text: string): number {
  let i = text.charCodeAt(0) === MINUS ? 1 : 0;
  const negative = i === 1;
  let whole = 0;
  const wholeFrom = i;
  for (; i < text.length; i++) {
    const digit = text.charCodeAt(i) - ZERO;
    if (digit < 0 || digit > 9) break;
    whole = whole * 10 + digit;
  }
  if (i === wholeFrom || i - wholeFrom > 4 || whole > 9006) return Number.NaN;
  let fraction = 0;
  let places = 0;
  if (i < text.length) {
    if (text.charCodeAt(i) !== DOT || i === text.length - 1) return Number.NaN;
    for (i++; i < text.length; i++) {
      const digit = text.charCodeAt(i) - ZERO;
      if (digit < 0 || digit > 9) return Number.NaN;
      // Digits past the 12th are cut, as picoFromDecimal does.
      if (places < PICO) {
        fraction = fraction * 10 + digit;
        places++;
      }
    }
  }
  const value = whole * 1e12 + fraction * 10 ** (PICO - places);
  return negative ? -value : value;
}
