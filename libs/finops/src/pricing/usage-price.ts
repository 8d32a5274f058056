// Prices one call by every rule its price entry carries (prompt-length tier, time of day, 1-hour
// cache writes, service tier) and says which rates and rules produced the cost, so a FinOps analyst
// can check it by hand: `price` = { source, version, the rates applied, rules }.
// When only the standard rules apply the flat entry is priced by usageCost (its fast path), so a
// record without rules costs exactly what it always did.
import type { ServiceTier } from '@tokenmeter/contracts';
import type { PriceEntry } from './price-entry';
import { formatScaledInteger, parsePricePerMTok } from './price-per-mtok';
import { selectRates } from './price-rules';
import { type CostableUsage, type UsageCost, usageCost } from './usage-cost';

export interface RuleCostableUsage extends CostableUsage {
  /** Part of cacheWriteTokens written with a 1-hour TTL. */
  cacheWrite1hTokens?: number;
  serviceTier?: ServiceTier | null;
}

/** The price entry and rates that billed a call (numbers per 1M tokens, for reading). */
export interface AppliedPrice {
  source: string;
  /** The price entry id (stored on the record as its priceVersion). */
  version: string;
  inputPerMTok: number;
  cachedInputPerMTok: number;
  cacheWritePerMTok: number;
  cacheWrite1hPerMTok: number;
  outputPerMTok: number;
  effectiveFrom: string;
  /** The rules applied, e.g. `['prompt-tier:>200000']`, `['service-tier:batch×0.5']`, `['standard']`. */
  rules: string[];
}

export interface RulePricedCost extends UsageCost {
  /** Null when the cost came from the client or no price is known. */
  price: AppliedPrice | null;
}

/** 10^-12 USD units per 10^-10 USD (the stored cost has 10 decimal places). */
const ROUNDING_UNIT = 100n;

/**
 * The cost alone, for the ingest hot path: entries and records that no rule can touch (no tiers, no
 * time windows, a standard call without 1-hour writes) skip rule selection entirely.
 */
export function usageCostByRules(usage: RuleCostableUsage, entry: PriceEntry | null, time: Date): UsageCost {
  const rules = entry?.rules;
  const touched =
    rules !== undefined &&
    (rules.promptTiers !== undefined ||
      rules.timeOfDay !== undefined ||
      (usage.serviceTier != null && usage.serviceTier !== 'standard') ||
      (rules.cacheWrite1hPerMTok !== undefined && (usage.cacheWrite1hTokens ?? 0) > 0));
  if (!touched) return usageCost(usage, entry);
  const { costUsd, priceVersion, price } = usagePrice(usage, entry, time);
  return { costUsd, priceVersion, priceRules: appliedRules(price) };
}

/** The rules that changed the standard rates, as stored on the record (`priceRules`); null: none. */
export function appliedRules(price: AppliedPrice | null): string | null {
  // A region names which entry was chosen; it changes none of that entry's rates.
  const changed = price?.rules.filter((rule) => rule !== 'standard' && !rule.startsWith('region:')) ?? [];
  return changed.length === 0 ? null : changed.join(',');
}

export function usagePrice(usage: RuleCostableUsage, entry: PriceEntry | null, time: Date): RulePricedCost {
  const flat = usageCost(usage, entry);
  if (entry === null || flat.priceVersion !== entry.id) return { ...flat, price: null };
  const promptTokens = usage.inputTokens + usage.cachedInputTokens + usage.cacheWriteTokens;
  const selected = selectRates(entry, entry.rules, {
    time,
    promptTokens,
    serviceTier: usage.serviceTier ?? 'standard',
  });
  const { rates } = selected;
  const region = regionRule(entry);
  const applied = region ? [region, ...selected.applied.filter((rule) => rule !== 'standard')] : selected.applied;
  const input = parsePricePerMTok(rates.inputPerMTok);
  const cachedInput = rates.cachedInputPerMTok === null ? input : parsePricePerMTok(rates.cachedInputPerMTok);
  const cacheWrite = rates.cacheWritePerMTok === null ? input : parsePricePerMTok(rates.cacheWritePerMTok);
  const cacheWrite1h = rates.cacheWrite1hPerMTok === null ? cacheWrite : parsePricePerMTok(rates.cacheWrite1hPerMTok);
  const output = parsePricePerMTok(rates.outputPerMTok);
  const oneHour = Math.min(usage.cacheWrite1hTokens ?? 0, usage.cacheWriteTokens);
  if (oneHour > 0 && rates.cacheWrite1hPerMTok !== null) applied.push('cache-write-1h');
  const price: AppliedPrice = {
    source: entry.source,
    version: entry.id,
    inputPerMTok: Number(input) / 1e6,
    cachedInputPerMTok: Number(cachedInput) / 1e6,
    cacheWritePerMTok: Number(cacheWrite) / 1e6,
    cacheWrite1hPerMTok: Number(cacheWrite1h) / 1e6,
    outputPerMTok: Number(output) / 1e6,
    effectiveFrom: entry.effectiveFrom.toISOString(),
    rules: applied,
  };
  // The flat entry already is the region's price; only rates chosen by rules need pricing again.
  if (applied.every((rule) => rule === 'standard' || rule === region)) return { ...flat, price };
  const picoDollars =
    BigInt(usage.inputTokens) * input +
    BigInt(usage.cachedInputTokens) * cachedInput +
    BigInt(usage.cacheWriteTokens - oneHour) * cacheWrite +
    BigInt(oneHour) * cacheWrite1h +
    BigInt(usage.outputTokens) * output;
  const rounded = (picoDollars + ROUNDING_UNIT / 2n) / ROUNDING_UNIT;
  return { costUsd: formatScaledInteger(rounded, 10), priceVersion: entry.id, price };
}

/**
 * Bedrock sells the same model through in-region inference profiles (`us.`, `eu.`, `apac.`…), priced
 * as the package's `regional.` entry, and a `global.` one; the entry chosen is the regional rule.
 */
function regionRule(entry: PriceEntry): string | null {
  const scope = /^(regional|global)\./.exec(entry.model)?.[1];
  return entry.provider === 'bedrock' && scope ? `region:${scope}` : null;
}
