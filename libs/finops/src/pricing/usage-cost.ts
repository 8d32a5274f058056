// The cost of one usage record under one price entry, exactly:
//   input × inputPrice + cached × (cachedPrice ?? inputPrice)
//   + cacheWrite × (cacheWritePrice ?? inputPrice) + output × outputPrice,   prices per 1M tokens.
// Reasoning tokens are inside output already and are never added again.
// Computed in integers of 10^-12 USD (a token count times micro-dollars per 1M tokens), summed,
// then rounded half-up once to the 10 decimal places of the `Decimal(20, 10)` column.
// A cost the client supplied wins; no price gives no cost (null), never a guess.
import type { PriceEntry } from './price-entry';
import { formatScaledInteger, parsePricePerMTok } from './price-per-mtok';

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
}

interface MicroPrices {
  input: bigint;
  cachedInput: bigint;
  cacheWrite: bigint;
  output: bigint;
}

// Entries are immutable once loaded; parsing their decimal strings once keeps the hot path to
// four multiplications.
const parsedPrices = new WeakMap<PriceEntry, MicroPrices>();

function microPrices(entry: PriceEntry): MicroPrices {
  let prices = parsedPrices.get(entry);
  if (prices === undefined) {
    const input = parsePricePerMTok(entry.inputPerMTok);
    prices = {
      input,
      cachedInput: entry.cachedInputPerMTok === null ? input : parsePricePerMTok(entry.cachedInputPerMTok),
      cacheWrite: entry.cacheWritePerMTok === null ? input : parsePricePerMTok(entry.cacheWritePerMTok),
      output: parsePricePerMTok(entry.outputPerMTok),
    };
    parsedPrices.set(entry, prices);
  }
  return prices;
}

const COST_DECIMAL_PLACES = 10;
/** 10^-12 USD units per 10^-10 USD. */
const ROUNDING_UNIT = 100n;

export function usageCost(usage: CostableUsage, entry: PriceEntry | null): UsageCost {
  if (usage.costUsd !== undefined && usage.costUsd !== null) return { costUsd: usage.costUsd, priceVersion: CLIENT_PRICE_VERSION };
  if (entry === null) return { costUsd: null, priceVersion: null };
  const prices = microPrices(entry);
  const picoDollars =
    BigInt(usage.inputTokens) * prices.input +
    BigInt(usage.cachedInputTokens) * prices.cachedInput +
    BigInt(usage.cacheWriteTokens) * prices.cacheWrite +
    BigInt(usage.outputTokens) * prices.output;
  const rounded = (picoDollars + ROUNDING_UNIT / 2n) / ROUNDING_UNIT;
  return { costUsd: formatScaledInteger(rounded, COST_DECIMAL_PLACES), priceVersion: entry.id };
}
