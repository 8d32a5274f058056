// The cost of one usage record under one price entry, exactly:
//   input × inputPrice + cached × (cachedPrice ?? inputPrice)
//   + cacheWrite × (cacheWritePrice ?? inputPrice) + output × outputPrice,   prices per 1M tokens.
// Reasoning tokens are inside output already and are never added again.
// Computed in integers of 10^-12 USD (a token count times micro-dollars per 1M tokens), summed,
// then rounded half-up once to the 10 decimal places of the `Decimal(20, 10)` column.
// A cost the client supplied wins; no price gives no cost (null), never a guess.
import type { PriceEntry } from './price-entry';
import { formatScaledInteger, formatScaledNumber, parsePricePerMTok } from './price-per-mtok';

export const CLIENT_PRICE_VERSION = 'client';

/** The parts of a usage record that cost money. */
export interface CostableUsage {
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  /** A client-supplied cost (canonical decimal string); wins over any price entry. */
  costUsd?: string | null;
}

export interface UsageCost {
  /** Decimal string with at most 10 decimal places, or null when no price is known. */
  costUsd: string | null;
  /** The PriceEntry id that produced costUsd, `client`, or null. */
  priceVersion: string | null;
  /** The price rules that changed the entry's standard rates (usage-price.ts); absent or null: none. */
  priceRules?: string | null;
}

interface MicroPrices {
  input: bigint;
  cachedInput: bigint;
  cacheWrite: bigint;
  output: bigint;
  /** The same as numbers (exact: a price has at most 14 digits). */
  numbers: [number, number, number, number];
}

// Entries are immutable once loaded; parsing their decimal strings once keeps the hot path to
// four multiplications.
const parsedPrices = new WeakMap<PriceEntry, MicroPrices>();

function microPrices(entry: PriceEntry): MicroPrices {
  let prices = parsedPrices.get(entry);
  if (prices === undefined) {
    const input = parsePricePerMTok(entry.inputPerMTok);
    const cachedInput = entry.cachedInputPerMTok === null ? input : parsePricePerMTok(entry.cachedInputPerMTok);
    const cacheWrite = entry.cacheWritePerMTok === null ? input : parsePricePerMTok(entry.cacheWritePerMTok);
    const output = parsePricePerMTok(entry.outputPerMTok);
    prices = {
      input,
      cachedInput,
      cacheWrite,
      output,
      numbers: [Number(input), Number(cachedInput), Number(cacheWrite), Number(output)],
    };
    parsedPrices.set(entry, prices);
  }
  return prices;
}

const COST_DECIMAL_PLACES = 10;
/** 10^-12 USD units per 10^-10 USD. */
const ROUNDING_UNIT = 100n;

export function usageCost(usage: CostableUsage, entry: PriceEntry | null): UsageCost {
  if (usage.costUsd !== undefined && usage.costUsd !== null)
    return { costUsd: usage.costUsd, priceVersion: CLIENT_PRICE_VERSION };
  if (entry === null) return { costUsd: null, priceVersion: null };
  const prices = microPrices(entry);
  const small = costInSafeIntegers(usage, prices.numbers);
  if (small !== null) return { costUsd: small, priceVersion: entry.id };
  const picoDollars =
    BigInt(usage.inputTokens) * prices.input +
    BigInt(usage.cachedInputTokens) * prices.cachedInput +
    BigInt(usage.cacheWriteTokens) * prices.cacheWrite +
    BigInt(usage.outputTokens) * prices.output;
  const rounded = (picoDollars + ROUNDING_UNIT / 2n) / ROUNDING_UNIT;
  return { costUsd: formatScaledInteger(rounded, COST_DECIMAL_PLACES), priceVersion: entry.id };
}

/**
 * usageCost's arithmetic in plain numbers, for the usual case where every term and the sum are
 * non-negative and below 2^53, and so exact (BigInt costs more than the rest of pricing an event);
 * null otherwise. A true value above 2^53 rounds to at least 2^53, so the checks cannot miss one.
 */
function costInSafeIntegers(
  usage: CostableUsage,
  [input, cachedInput, cacheWrite, output]: MicroPrices['numbers'],
): string | null {
  const a = usage.inputTokens * input;
  const b = usage.cachedInputTokens * cachedInput;
  const c = usage.cacheWriteTokens * cacheWrite;
  const d = usage.outputTokens * output;
  if (!(a >= 0 && b >= 0 && c >= 0 && d >= 0)) return null;
  const halfUp = a + b + c + d + HALF_UNIT;
  if (halfUp > Number.MAX_SAFE_INTEGER) return null;
  return formatScaledNumber((halfUp - (halfUp % UNIT)) / UNIT, COST_DECIMAL_PLACES);
}

const UNIT = Number(ROUNDING_UNIT);
const HALF_UNIT = UNIT / 2;
