// Price entries seeded from @pydantic/genai-prices, which bundles a maintained price list in the
// package itself (no network). The seed script stores these with organization = false; the
// package's model-matching rules come with them (bundledModelResolver) so ids such as
// `us.anthropic.claude-3-5-sonnet-20241022-v2:0` find `regional.anthropic.claude-3-5-sonnet-…`.
//
// How the package's price model is flattened into PriceEntry:
// - one entry per (provider, model, start date): an unconstrained price is effective from
//   1970-01-01 (BUNDLED_BASE_EFFECTIVE_FROM), a `start_date` price from that date;
// - the flat rates are the base rate (below any prompt-length tier) in force for most of the day;
//   the entry's `rules` keep what the package models beyond that: prompt-length tiers, time-of-day
//   windows (DeepSeek's off-peak discount), 1-hour cache writes; service tiers, which the package
//   does not model, come from service-tier-prices.ts;
// - models without a per-token input price (audio-hours, per-page OCR) are left out;
// - a missing output price is 0 (embeddings); a missing cache price is null (billed as input);
// - prices are rounded to 6 decimal places (the column is Decimal(14, 6));
// - provider `aws` is TokenMeter's `bedrock`; other provider ids are the package's own.
import { type ConditionalPrice, findProvider, type ModelPrice, type Provider } from '@pydantic/genai-prices';
import { PROVIDER_IDS } from '@tokenmeter/contracts';
import { createModelResolver, type MatchableProvider, type ModelResolver } from './bundled-model-resolver';
import { bundledPriceEntryId } from './bundled-price-id';
import type { PriceEntry } from './price-entry';
import { pricePerMTokFromNumber } from './price-per-mtok';
import type { PriceRules, PromptTier, TimeOfDayWindow, TokenRates } from './price-rules';
import { MODEL_RENAMINGS, renamedModelEntries } from './renamed-models';
import { serviceTierPrices } from './service-tier-prices';

export const GENAI_PRICES_PACKAGE = '@pydantic/genai-prices';
/** Kept in step with node_modules by a test; bump it with the dependency. */
export const GENAI_PRICES_VERSION = '0.1.8';
export const BUNDLED_BASE_EFFECTIVE_FROM = new Date('1970-01-01T00:00:00.000Z');
export { BUNDLED_PRICE_ID_PREFIX, bundledPriceEntryId, MAX_PRICE_ENTRY_ID_LENGTH } from './bundled-price-id';

/** TokenMeter provider id → the package's provider id, where they differ. */
const PACKAGE_PROVIDER_IDS: Readonly<Record<string, string>> = { bedrock: 'aws' };

export function packageProviderId(providerId: string): string {
  return PACKAGE_PROVIDER_IDS[providerId] ?? providerId;
}

export function tokenMeterProviderId(packageId: string): string {
  return Object.entries(PACKAGE_PROVIDER_IDS).find(([, id]) => id === packageId)?.[0] ?? packageId;
}

interface BundledData {
  entries: readonly PriceEntry[];
  resolver: ModelResolver;
}

let bundled: BundledData | null = null;

/** Every bundled price, built once per process from the package's data. */
export function bundledPriceEntries(): readonly PriceEntry[] {
  return loadBundled().entries;
}

/** The package's model-matching rules, in TokenMeter provider ids. */
export function bundledModelResolver(): ModelResolver {
  return loadBundled().resolver;
}

function loadBundled(): BundledData {
  if (bundled !== null) return bundled;
  const providers = bundledProviders();
  const packaged = providers.flatMap(({ id, provider }) =>
    provider.models.flatMap((model) => modelEntries(id, provider, model)),
  );
  const entries = [...packaged, ...MODEL_RENAMINGS.flatMap((renaming) => renamedModelEntries(packaged, renaming))];
  const matchable: MatchableProvider[] = providers.map(({ id, provider }) => ({
    id,
    models: provider.models,
    fallbackProviders: (provider.fallback_model_providers ?? []).map(tokenMeterProviderId),
  }));
  bundled = {
    entries: Object.freeze(entries.map((entry) => Object.freeze(entry))),
    resolver: createModelResolver(matchable),
  };
  return bundled;
}

function bundledProviders(): Array<{ id: string; provider: Provider }> {
  const found: Array<{ id: string; provider: Provider }> = [];
  for (const id of PROVIDER_IDS) {
    const packageId = packageProviderId(id);
    const provider = findProvider({ providerId: packageId });
    // findProvider also matches loosely by name; only an exact id is this provider.
    if (provider !== undefined && provider.id === packageId) found.push({ id, provider });
  }
  return found;
}

function modelEntries(providerId: string, provider: Provider, model: Provider['models'][number]): PriceEntry[] {
  const periods: ConditionalPrice[] = Array.isArray(model.prices) ? model.prices : [{ prices: model.prices }];
  const entries: PriceEntry[] = [];
  periods.forEach((period, index) => {
    const constraint = period.constraint;
    if (constraint?.type === 'time_of_date') return;
    // The package applies the first listed price before any start date, so the first period is the base.
    const effectiveFrom =
      constraint?.type === 'start_date' && index > 0
        ? new Date(`${constraint.start_date}T00:00:00.000Z`)
        : BUNDLED_BASE_EFFECTIVE_FROM;
    const windows = ownTimeWindows(periods, index);
    const prices = priceForMostOfTheDay(period.prices, windows);
    const input = basePrice(prices['input_mtok']);
    if (input === null) return;
    const cachedInput = basePrice(prices['cache_read_mtok']);
    const cacheWrite = basePrice(prices['cache_write_mtok']);
    const rules = packageRules(providerId, model.id, period.prices, windows);
    entries.push({
      id: bundledPriceEntryId(providerId, model.id, effectiveFrom),
      provider: providerId,
      model: model.id,
      inputPerMTok: pricePerMTokFromNumber(input),
      cachedInputPerMTok: cachedInput === null ? null : pricePerMTokFromNumber(cachedInput),
      cacheWritePerMTok: cacheWrite === null ? null : pricePerMTokFromNumber(cacheWrite),
      outputPerMTok: pricePerMTokFromNumber(basePrice(prices['output_mtok']) ?? 0),
      effectiveFrom,
      source: bundledSource(provider),
      organization: false,
      ...(rules ? { rules } : {}),
    });
  });
  return entries;
}

/**
 * The time-of-day prices that belong to one period: those listed right after it, before the next
 * dated period. DeepSeek V4's peak windows follow its 2026-08-17 price; the package applies them to
 * earlier calls too (a limitation its own price_comments admit), which would bill a July call at the
 * new peak rate instead of the flat rate then in force.
 */
function ownTimeWindows(periods: readonly ConditionalPrice[], index: number): ConditionalPrice[] {
  const windows: ConditionalPrice[] = [];
  for (const period of periods.slice(index + 1)) {
    if (period.constraint?.type !== 'time_of_date') break;
    windows.push(period);
  }
  return windows;
}

/** The package's price keys per 1M tokens → TokenMeter's rate names. */
const RATE_KEYS = {
  input_mtok: 'inputPerMTok',
  cache_read_mtok: 'cachedInputPerMTok',
  cache_write_mtok: 'cacheWritePerMTok',
  output_mtok: 'outputPerMTok',
  cache_write_1h_mtok: 'cacheWrite1hPerMTok',
} as const satisfies Record<string, keyof TokenRates>;

function packageRules(
  providerId: string,
  modelId: string,
  prices: ModelPrice,
  later: readonly ConditionalPrice[],
): PriceRules | undefined {
  const rules: PriceRules = {};
  const cacheWrite1h = basePrice(prices['cache_write_1h_mtok']);
  const tiers = promptTiers(prices);
  if (cacheWrite1h !== null) rules.cacheWrite1hPerMTok = pricePerMTokFromNumber(cacheWrite1h);
  else if (sellsOneHourClaudeCache(modelId, prices)) {
    // Anthropic bills a 1-hour cache write at twice the input rate wherever Claude is sold (Bedrock's
    // cacheDetails name the TTL); the package lists that rate for Anthropic's own API only, so Bedrock's 1-hour
    // writes were billed at the 5-minute rate (21 % low on a Sonnet 4.5 call).
    rules.cacheWrite1hPerMTok = pricePerMTokFromNumber(2 * (basePrice(prices['input_mtok']) ?? 0));
    for (const tier of tiers)
      if (tier.rates.inputPerMTok !== undefined && tier.rates.cacheWrite1hPerMTok === undefined)
        tier.rates.cacheWrite1hPerMTok = pricePerMTokFromNumber(2 * Number(tier.rates.inputPerMTok));
  }
  if (tiers.length > 0) rules.promptTiers = tiers;
  const windows: TimeOfDayWindow[] = later.flatMap((period) =>
    period.constraint?.type === 'time_of_date'
      ? [
          {
            startUtc: period.constraint.start_time,
            endUtc: period.constraint.end_time,
            rates: baseRates(period.prices),
          },
        ]
      : [],
  );
  if (windows.length > 0) rules.timeOfDay = { windows, outside: baseRates(prices) };
  const serviceTiers = serviceTierPrices(providerId, modelId);
  if (serviceTiers) rules.serviceTiers = serviceTiers;
  return Object.keys(rules).length > 0 ? rules : undefined;
}

/** A Claude model priced with cache writes (Anthropic's 5-minute rate) but no 1-hour rate of its own. */
function sellsOneHourClaudeCache(modelId: string, prices: ModelPrice): boolean {
  return (
    /claude/i.test(modelId) &&
    basePrice(prices['cache_write_mtok']) !== null &&
    basePrice(prices['input_mtok']) !== null
  );
}

function baseRates(prices: ModelPrice): TokenRates {
  const rate = (key: string) => {
    const value = basePrice(prices[key]);
    return value === null ? null : pricePerMTokFromNumber(value);
  };
  return {
    inputPerMTok: rate('input_mtok') ?? '0',
    cachedInputPerMTok: rate('cache_read_mtok'),
    cacheWritePerMTok: rate('cache_write_mtok'),
    outputPerMTok: rate('output_mtok') ?? '0',
    cacheWrite1hPerMTok: rate('cache_write_1h_mtok'),
  };
}

/** The package's per-key tiers (`{base, tiers: [{start, price}]}`) as one rate set per threshold. */
function promptTiers(prices: ModelPrice): PromptTier[] {
  const starts = new Set<number>();
  for (const key of Object.keys(RATE_KEYS)) {
    const value = prices[key];
    if (typeof value === 'object' && value !== null) for (const tier of value.tiers) starts.add(tier.start);
  }
  return [...starts]
    .sort((a, b) => a - b)
    .map((start) => {
      const rates: Partial<TokenRates> = {};
      for (const [key, name] of Object.entries(RATE_KEYS)) {
        const value = prices[key];
        if (typeof value !== 'object' || value === null) continue;
        // The package bills a call above `start` at the last tier whose start it exceeds.
        let price = value.base;
        for (const tier of [...value.tiers].sort((a, b) => a.start - b.start))
          if (start + 1 > tier.start) price = tier.price;
        rates[name] = pricePerMTokFromNumber(price);
      }
      return { aboveTokens: start, rates };
    });
}

function basePrice(value: ModelPrice[string]): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'object' && value !== null && typeof value.base === 'number') return value.base;
  return null;
}

const DAY_SECONDS = 24 * 60 * 60;

/**
 * Time-of-day prices listed after a period override it inside their windows. A price book keyed
 * by date can hold one price per day, so it keeps the one that applies for the most seconds.
 */
function priceForMostOfTheDay(prices: ModelPrice, later: readonly ConditionalPrice[]): ModelPrice {
  const windows = later.flatMap((period) =>
    period.constraint?.type === 'time_of_date'
      ? [{ prices: period.prices, seconds: windowSeconds(period.constraint.start_time, period.constraint.end_time) }]
      : [],
  );
  if (windows.length === 0) return prices;
  // Windows with equal prices add up (DeepSeek lists two peak windows with the same rates).
  const covered = Math.min(
    DAY_SECONDS,
    windows.reduce((sum, window) => sum + window.seconds, 0),
  );
  const seconds = new Map<string, { prices: ModelPrice; seconds: number }>([
    [JSON.stringify(prices), { prices, seconds: DAY_SECONDS - covered }],
  ]);
  for (const window of windows) {
    const key = JSON.stringify(window.prices);
    const total = seconds.get(key) ?? { prices: window.prices, seconds: 0 };
    total.seconds += window.seconds;
    seconds.set(key, total);
  }
  // Ties keep the period's own price, the first one in the map.
  let best = { prices, seconds: -1 };
  for (const candidate of seconds.values()) if (candidate.seconds > best.seconds) best = candidate;
  return best.prices;
}

function windowSeconds(start: string, end: string): number {
  const seconds = (time: string) => {
    const [hours, minutes, rest] = time.split(':');
    return Number(hours) * 3600 + Number(minutes) * 60 + Number.parseFloat(rest ?? '0');
  };
  return (((seconds(end) - seconds(start)) % DAY_SECONDS) + DAY_SECONDS) % DAY_SECONDS;
}

function bundledSource(provider: Provider): string {
  const page = provider.pricing_urls?.[0];
  return `${GENAI_PRICES_PACKAGE}@${GENAI_PRICES_VERSION}: ${provider.name}${page ? ` (${page})` : ''}`.slice(0, 500);
}
