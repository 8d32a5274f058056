// FOCUS 1.2 cost-and-usage rows from daily priced usage: one row per UTC day × team × provider ×
// model × token class (input, cached input, cache write, output) × price entry. Reasoning tokens are
// part of output and never a row of their own (they would be counted twice).
//
// Money is exact: prices per 1M tokens with ≤ 6 decimals are integers of 10^-12 USD per token, so a
// class's cost is tokens × price in 10^-12 USD. The stored cost (summed per-record roundings) wins
// for the total: the few 10^-12 of rounding difference go to the class with the largest cost, so the
// export adds up to the same dollars as the usage API. A client-supplied cost has no per-class
// split; it is apportioned by token count. A record without any price adds tokens at cost 0 and the
// row says so (unit prices null, x_Unpriced true).
import { addDays, SELF_HOSTED_PROVIDER } from '@tokenmeter/contracts';
import { bundledPriceEntries } from '../pricing/bundled-prices';
import { formatScaledInteger, parsePricePerMTok } from '../pricing/price-per-mtok';
import { type PriceRules, ratesOfAppliedRules, type TokenRates } from '../pricing/price-rules';
import { serviceTierPrices } from '../pricing/service-tier-prices';

export const FOCUS_VERSION = '1.2';

/** FOCUS columns this export writes, in order; x_ columns (TokenMeter's own) come after. */
export const FOCUS_EXPORT_COLUMNS = [
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingAccountType',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargeFrequency',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'ConsumedQuantity',
  'ConsumedUnit',
  'ContractedCost',
  'ContractedUnitPrice',
  'EffectiveCost',
  'InvoiceIssuerName',
  'ListCost',
  'ListUnitPrice',
  'PricingCategory',
  'PricingCurrency',
  'PricingQuantity',
  'PricingUnit',
  'ProviderName',
  'PublisherName',
  'RegionId',
  'RegionName',
  'ResourceId',
  'ResourceName',
  'ResourceType',
  'ServiceCategory',
  'ServiceName',
  'ServiceSubcategory',
  'SkuId',
  'SkuPriceId',
  'SubAccountId',
  'SubAccountName',
  'SubAccountType',
  'Tags',
  'x_TokenClass',
  'x_PriceVersion',
  'x_Unpriced',
  'x_ServiceTier',
  'x_PriceRules',
] as const;

export type FocusColumn = (typeof FOCUS_EXPORT_COLUMNS)[number];
export type FocusRow = Record<FocusColumn, string | null>;

export const TOKEN_CLASSES = ['input', 'cached-input', 'cache-write', 'output'] as const;
export type TokenClass = (typeof TOKEN_CLASSES)[number];

/** What the export reads: one UTC day × team × provider × model × price version. */
export interface DailyPricedUsage {
  day: string;
  team: string;
  teamName: string | null;
  provider: string;
  model: string;
  priceVersion: string | null;
  /** `batch`, `flex`, `priority`; absent or null: the standard tier. */
  serviceTier?: string | null;
  /** The price rules the day's records were billed by (as stored on each, `,` between rules); null: none. */
  priceRules?: string | null;
  inputTokens: bigint;
  cachedInputTokens: bigint;
  cacheWriteTokens: bigint;
  outputTokens: bigint;
  costUsd: string | null;
  inputPerMTok: string | null;
  cachedInputPerMTok: string | null;
  cacheWritePerMTok: string | null;
  outputPerMTok: string | null;
}

/** Money in the export is counted in 10^-12 USD. */
export const PICO = 12;

// Display names and the company that invoices: Bedrock is billed by AWS, Azure OpenAI by Microsoft.
const PROVIDERS: Record<string, { name: string; invoiceIssuer?: string }> = {
  openai: { name: 'OpenAI' },
  azure: { name: 'Microsoft Azure', invoiceIssuer: 'Microsoft' },
  anthropic: { name: 'Anthropic' },
  google: { name: 'Google Cloud', invoiceIssuer: 'Google' },
  bedrock: { name: 'Amazon Bedrock', invoiceIssuer: 'Amazon Web Services' },
  mistral: { name: 'Mistral AI' },
  cohere: { name: 'Cohere' },
  deepseek: { name: 'DeepSeek' },
  groq: { name: 'Groq' },
  'x-ai': { name: 'xAI' },
  'self-hosted': { name: 'Self-hosted', invoiceIssuer: 'Self-hosted' },
};

// Who made the model, read from its id; a reseller (Bedrock, Azure, OpenRouter) is not the publisher.
const PUBLISHERS: [RegExp, string][] = [
  [/claude|anthropic/i, 'Anthropic'],
  [/gpt|(^|[^a-z])o[134](-|$)|openai|davinci|whisper|dall-e|text-embedding/i, 'OpenAI'],
  [/gemini|gemma|palm|google/i, 'Google'],
  [/llama|meta/i, 'Meta'],
  [/mistral|mixtral|codestral|magistral|pixtral/i, 'Mistral AI'],
  [/command|cohere|embed-(english|multilingual)/i, 'Cohere'],
  [/deepseek/i, 'DeepSeek'],
  [/qwen/i, 'Alibaba Cloud'],
  [/grok/i, 'xAI'],
  [/titan|nova|amazon/i, 'Amazon'],
];

export function providerDisplayName(provider: string): string {
  return PROVIDERS[provider]?.name ?? provider;
}

export function modelPublisher(provider: string, model: string): string {
  return PUBLISHERS.find(([pattern]) => pattern.test(model))?.[1] ?? providerDisplayName(provider);
}

const CLASS_LABEL: Record<TokenClass, string> = {
  input: 'input',
  'cached-input': 'cached input (prompt cache read)',
  'cache-write': 'cache write',
  output: 'output',
};

/** A stored cost (≤ 10 decimals) in 10^-12 USD. */
export function picoFromDecimal(value: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value);
  if (!match) throw new Error(`costUsd ${JSON.stringify(value)}: expected a decimal`);
  // One BigInt parse of sign, whole digits and the fraction cut or padded to 12 places.
  return BigInt(`${match[1]}${match[2]}${(match[3] ?? '').slice(0, PICO).padEnd(PICO, '0')}`);
}

const isoDay = (day: string) => `${day}T00:00:00Z`;

function billingPeriod(day: string): { start: string; end: string } {
  const [year, month] = day.split('-').map(Number) as [number, number];
  const next = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
  return { start: `${day.slice(0, 7)}-01T00:00:00Z`, end: `${next}-01T00:00:00Z` };
}

/** The columns every row shares: one UTC day's usage by a team, in USD, billed by the calendar month. */
export function dailyUsageColumns(day: string) {
  const period = billingPeriod(day);
  return {
    BillingAccountType: 'Provider Account',
    BillingCurrency: 'USD',
    BillingPeriodEnd: period.end,
    BillingPeriodStart: period.start,
    ChargeCategory: 'Usage',
    ChargeClass: null,
    ChargeFrequency: 'Usage-Based',
    ChargePeriodEnd: isoDay(addDays(day, 1)),
    ChargePeriodStart: isoDay(day),
    PricingCurrency: 'USD',
    RegionId: null,
    RegionName: null,
    ServiceCategory: 'AI and Machine Learning',
    ServiceSubcategory: 'Generative AI',
    SubAccountType: 'Team',
  } satisfies Partial<FocusRow>;
}

export interface ClassCost {
  tokenClass: TokenClass;
  tokens: bigint;
  /** List (standard-rate) price in 10^-12 USD per token, or null when unknown. */
  unitPrice: bigint | null;
  /** tokens × the entry's standard rate: what the call costs without any discount or premium. */
  listCost: bigint;
  /** What was paid: the stored cost, apportioned over the classes. */
  cost: bigint;
}

/** Per-token prices in 10^-12 USD by class; cache rates left null are the input rate. */
function perTokenPrices(rates: TokenRates): Record<TokenClass, bigint> {
  const input = parsePricePerMTok(rates.inputPerMTok);
  return {
    input,
    'cached-input': rates.cachedInputPerMTok === null ? input : parsePricePerMTok(rates.cachedInputPerMTok),
    'cache-write': rates.cacheWritePerMTok === null ? input : parsePricePerMTok(rates.cacheWritePerMTok),
    output: parsePricePerMTok(rates.outputPerMTok),
  };
}

let bundledRules: ReadonlyMap<string, PriceRules> | null = null;

/** The rules of the day's price entry: the bundled entry's by id, else the provider's service tiers. */
function entryRules(usage: DailyPricedUsage): PriceRules | undefined {
  bundledRules ??= new Map(bundledPriceEntries().flatMap((e) => (e.rules ? [[e.id, e.rules] as const] : [])));
  const bundled = usage.priceVersion === null ? undefined : bundledRules.get(usage.priceVersion);
  if (bundled) return bundled;
  const serviceTiers = serviceTierPrices(usage.provider, usage.model);
  return serviceTiers ? { serviceTiers } : undefined;
}

/** `total` split by `weights` exactly: floor shares, the remainder one unit at a time to the largest remainders. */
export function apportion(total: bigint, weights: readonly bigint[]): bigint[] {
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (sum === 0n) return weights.map((_, i) => (i === 0 ? total : 0n));
  const shares = weights.map((w, index) => ({ index, share: (total * w) / sum, remainder: (total * w) % sum }));
  let left = total - shares.reduce((a, s) => a + s.share, 0n);
  const step = left < 0n ? -1n : 1n;
  for (const s of [...shares].sort((a, b) => (b.remainder > a.remainder ? 1 : b.remainder < a.remainder ? -1 : 0))) {
    if (left === 0n) break;
    s.share += step;
    left -= step;
  }
  return shares.map((s) => s.share);
}

/**
 * A stored cost split over a row's classes by their weights (tokens × the rates applied). With 1-hour cache
 * writes among the records (`cache-write-1h`), the rows keep the count of cache writes but not how many were
 * 1-hour ones, so the weights price them all as 5-minute writes: the other classes then cost exactly their
 * weight, and the cache writes (`writes`, their index) carry the rest, the 1-hour premium included.
 */
export function splitStoredCost(
  stored: bigint,
  weights: readonly bigint[],
  writes: number,
  priceRules: string | null | undefined,
): bigint[] {
  if (writes >= 0 && priceRules?.split(',').includes('cache-write-1h')) {
    const others = weights.reduce((sum, w, i) => (i === writes ? sum : sum + w), 0n);
    if (stored - others >= weights[writes]!) return weights.map((w, i) => (i === writes ? stored - others : w));
  }
  return apportion(stored, weights);
}

/** A price entry's per-token list and paid prices under its rules (10^-12 USD per token). */
export interface ClassRates {
  prices: ReturnType<typeof perTokenPrices>;
  paidPrices: ReturnType<typeof perTokenPrices>;
}

/** True when the row is priced by its price entry's rates (else by a client-supplied cost, or not at all). */
export function isEntryPriced(usage: DailyPricedUsage): boolean {
  return usage.inputPerMTok !== null && usage.outputPerMTok !== null && usage.priceVersion !== 'client';
}

/** The list and paid per-token prices of an entry-priced row (isEntryPriced) under the rules it was billed by. */
export function entryClassRates(usage: DailyPricedUsage): ClassRates {
  const entryRates: TokenRates = {
    inputPerMTok: usage.inputPerMTok!,
    cachedInputPerMTok: usage.cachedInputPerMTok,
    cacheWritePerMTok: usage.cacheWritePerMTok,
    outputPerMTok: usage.outputPerMTok!,
  };
  // The rates of the rules the records were billed by: a prompt-length tier or a time-of-day window
  // is the list price of that call; a service tier changes only what was paid. Rules that cannot be
  // replayed (several records' mixed) leave the entry's standard rates.
  const rules = entryRules(usage);
  const listRates = ratesOfAppliedRules(entryRates, rules, usage.priceRules ?? null, false) ?? entryRates;
  const paidRates = ratesOfAppliedRules(entryRates, rules, usage.priceRules ?? null) ?? listRates;
  return { prices: perTokenPrices(listRates), paidPrices: perTokenPrices(paidRates) };
}

/** entryClassRates, kept in `cache`: rows of one price entry and rules share their rates (once an export). */
export function cachedEntryClassRates(usage: DailyPricedUsage, cache: Map<string, ClassRates>): ClassRates {
  const key = [
    usage.priceVersion,
    usage.priceRules,
    usage.provider,
    usage.model,
    usage.inputPerMTok,
    usage.cachedInputPerMTok,
    usage.cacheWritePerMTok,
    usage.outputPerMTok,
  ].join('|');
  let rates = cache.get(key);
  if (!rates) {
    rates = entryClassRates(usage);
    cache.set(key, rates);
  }
  return rates;
}

export function classCosts(usage: DailyPricedUsage, ratesCache: Map<string, ClassRates>): ClassCost[] {
  const tokens: Record<TokenClass, bigint> = {
    input: usage.inputTokens,
    'cached-input': usage.cachedInputTokens,
    'cache-write': usage.cacheWriteTokens,
    output: usage.outputTokens,
  };
  const present = TOKEN_CLASSES.filter((tokenClass) => tokens[tokenClass] > 0n);
  const stored = usage.costUsd === null ? null : picoFromDecimal(usage.costUsd);
  if (isEntryPriced(usage)) {
    const rates = cachedEntryClassRates(usage, ratesCache);
    const { prices, paidPrices } = rates;
    const list = present.map((tokenClass) => tokens[tokenClass] * prices[tokenClass]);
    // The stored cost is what the rules charged; it is spread over the classes by the rates applied,
    // so each class's cost is right, and the per-record roundings land on the largest.
    const paid =
      stored === null
        ? list
        : splitStoredCost(
            stored,
            present.map((tokenClass) => tokens[tokenClass] * paidPrices[tokenClass]),
            present.indexOf('cache-write'),
            usage.priceRules,
          );
    return present.map((tokenClass, i) => ({
      tokenClass,
      tokens: tokens[tokenClass],
      unitPrice: prices[tokenClass],
      listCost: list[i]!,
      cost: paid[i]!,
    }));
  }
  if (stored === null)
    return present.map((tokenClass) => ({
      tokenClass,
      tokens: tokens[tokenClass],
      unitPrice: null,
      listCost: 0n,
      cost: 0n,
    }));
  // A client-supplied cost: split by token share; it is its own list price (nothing to compare with).
  const paid = apportion(
    stored,
    present.map((tokenClass) => tokens[tokenClass]),
  );
  return present.map((tokenClass, i) => ({
    tokenClass,
    tokens: tokens[tokenClass],
    cost: paid[i]!,
    listCost: paid[i]!,
    unitPrice: (paid[i]! + tokens[tokenClass] / 2n) / tokens[tokenClass],
  }));
}

/**
 * FOCUS PricingCategory of a day's usage. FOCUS 1.2: `Standard` is pricing predetermined at the
 * agreed rate, tiered pricing included; `Dynamic` is a price the provider sets and may change
 * regardless of the agreement (spot). So a prompt-length tier (Gemini 2.5 Pro above 200k) and a
 * published time-of-day window (DeepSeek off-peak) are `Standard`: both are rates set in advance,
 * and the row's list price is that tier's or window's. `Standard` when paid at those list rates
 * (per-record rounding aside: under 10^-9 USD per 1k tokens); `Other` for a non-standard service
 * tier (Batch API, flex, priority) or a cost the list rates do not explain; null when unpriced.
 */
export function pricingCategory(costs: readonly ClassCost[], serviceTier: string | null): string | null {
  if (costs.some((c) => c.unitPrice === null)) return null;
  // A Batch API, flex or priority call is not the standard offer, even where its rate happens to match.
  if (serviceTier !== null && serviceTier !== 'standard') return 'Other';
  const list = costs.reduce((sum, c) => sum + c.listCost, 0n);
  const paid = costs.reduce((sum, c) => sum + c.cost, 0n);
  const tokens = costs.reduce((sum, c) => sum + c.tokens, 0n);
  const tolerance = 1000n + tokens; // 10^-12 USD per token, at least 10^-9 USD
  const gap = paid > list ? paid - list : list - paid;
  return gap <= tolerance ? 'Standard' : 'Other';
}

/** FOCUS rows for the given daily usage, in input order then token class order. */
export function focusRows(usage: readonly DailyPricedUsage[]): FocusRow[] {
  const ratesCache = new Map<string, ClassRates>();
  // Self-hosted tokens carry no price: their cost is the deployments' (selfHostedFocusRows).
  return usage
    .filter((day) => day.provider !== SELF_HOSTED_PROVIDER)
    .flatMap((day) => {
      const shared = dailyUsageColumns(day.day);
      const costs = classCosts(day, ratesCache);
      const category = pricingCategory(costs, day.serviceTier ?? null);
      return costs.map((c) =>
        usageFocusRow(
          day,
          c.tokenClass,
          {
            cost: formatScaledInteger(c.cost, PICO),
            listCost: formatScaledInteger(c.listCost, PICO),
            unitPrice: c.unitPrice === null ? null : formatScaledInteger(c.unitPrice, PICO),
            quantity: c.tokens.toString(),
          },
          category,
          shared,
        ),
      );
    });
}

/** A usage row's figures, already written as decimal text. */
export interface UsageRowFigures {
  cost: string;
  listCost: string;
  /** null: no price known. */
  unitPrice: string | null;
  quantity: string;
}

/**
 * One token class of a day's usage as a FOCUS row: the one place its columns are laid out (the CSV
 * writer's byte templates are rendered from it too).
 */
export function usageFocusRow(
  day: DailyPricedUsage,
  tokenClass: TokenClass,
  figures: UsageRowFigures,
  category: string | null,
  shared: ReturnType<typeof dailyUsageColumns>,
): FocusRow {
  const { cost, listCost, unitPrice, quantity } = figures;
  const providerName = providerDisplayName(day.provider);
  // The shared columns are spread last: V8 builds an object literal that starts with a spread
  // property by property, about ten times slower (it was most of a month's export time).
  return {
    BilledCost: cost,
    BillingAccountId: `tokenmeter:${day.provider}`,
    BillingAccountName: `${providerName} (metered by TokenMeter)`,
    ChargeDescription:
      `${day.model} ${CLASS_LABEL[tokenClass]} tokens for team ${day.team}` +
      `${unitPrice === null ? ' (no price known)' : category === 'Other' ? ' (price rule applied)' : ''}`,
    ConsumedQuantity: quantity,
    ConsumedUnit: 'Tokens',
    // No negotiated contract beyond the price entry (an organization's override is its contract rate).
    ContractedCost: listCost,
    ContractedUnitPrice: unitPrice,
    EffectiveCost: cost,
    InvoiceIssuerName: PROVIDERS[day.provider]?.invoiceIssuer ?? providerName,
    ListCost: listCost,
    ListUnitPrice: unitPrice,
    PricingCategory: category ?? 'Standard',
    PricingQuantity: quantity,
    PricingUnit: 'Tokens',
    ProviderName: providerName,
    PublisherName: modelPublisher(day.provider, day.model),
    ResourceId: null,
    ResourceName: null,
    ResourceType: null,
    ServiceName: day.provider === 'self-hosted' ? 'Self-hosted LLM inference' : `${providerName} models`,
    SkuId: `${day.provider}/${day.model}/${tokenClass}`,
    SkuPriceId: `${day.priceVersion ?? 'unpriced'}/${tokenClass}`,
    SubAccountId: day.team,
    SubAccountName: day.teamName ?? day.team,
    Tags: JSON.stringify({ 'tokenmeter/team': day.team }),
    x_TokenClass: tokenClass,
    x_PriceVersion: day.priceVersion,
    x_Unpriced: unitPrice === null ? 'true' : 'false',
    x_ServiceTier: day.serviceTier ?? (unitPrice === null ? null : 'standard'),
    x_PriceRules: day.priceRules ?? null,
    ...shared,
  };
}

/** One self-hosted deployment's day: its cost of ownership and the tokens each team was served. */
export interface SelfHostedDeploymentDay {
  day: string;
  deployment: string;
  /** The team that owns the deployment: it is charged the idle part. */
  ownerTeam: string;
  model: string;
  /** The day's cost of ownership (dailyCostOfOwnership, as the planner stored it), decimal USD. */
  dailyCostUsd: string;
  /** Paid for, not used ((1 − utilization) × the day's cost); null when utilization is unknown. */
  idleWasteUsd: string | null;
  /** Output tokens the paid capacity could have served that day (capacity's unit); null when unknown. */
  capacityTokens: bigint | null;
  /** Output tokens it served that day (what its utilization is of capacityTokens); null when unknown. */
  servedOutputTokens?: bigint | null;
  paidHours: number;
  /** Input + output tokens served per team (self-hosted usage records of the day). */
  served: { team: string; tokens: bigint }[];
}

/**
 * Showback of self-hosted cost: the day's cost of ownership minus its idle part, split over the
 * teams by the tokens each was served, and the idle part (or all of it, on a day nothing was
 * served) as its own row charged to the owning team. The rows add up to the day's cost exactly.
 */
export function selfHostedFocusRows(
  days: readonly SelfHostedDeploymentDay[],
  teamNames: Readonly<Record<string, string>>,
): FocusRow[] {
  return days.flatMap((d) => {
    const daily = picoFromDecimal(d.dailyCostUsd);
    const served = d.served.filter((s) => s.tokens > 0n);
    let idle = served.length === 0 ? daily : d.idleWasteUsd === null ? 0n : picoFromDecimal(d.idleWasteUsd);
    if (idle > daily) idle = daily;
    const shares = apportion(
      daily - idle,
      served.map((s) => s.tokens),
    );
    // Utilization unknown: no idle part can be told apart, so the served teams carry the whole day.
    const whole = d.idleWasteUsd === null ? ' (utilization unknown: the whole day, idle time included)' : '';
    const rows = served.map((s, i) =>
      selfHostedRow(d, s.team, teamNames, shares[i]!, s.tokens, 'Tokens', `tokens served to team ${s.team}${whole}`),
    );
    if (idle > 0n) {
      // In capacity's own unit, output tokens: capacity × (1 − utilization), what the idle cost paid for. Served
      // input + output tokens taken from output capacity mixed two units (9.0M instead of 87.9M on a day at 16 %).
      const idleTokens = d.capacityTokens === null ? 0n : d.capacityTokens - (d.servedOutputTokens ?? d.capacityTokens);
      const [quantity, unit] =
        idleTokens > 0n ? [idleTokens, 'Output Tokens'] : [BigInt(Math.round(d.paidHours * 3600)), 'Seconds'];
      rows.push(
        selfHostedRow(d, d.ownerTeam, teamNames, idle, quantity, unit, 'idle capacity (paid for, not used)', true),
      );
    }
    return rows;
  });
}

function selfHostedRow(
  d: SelfHostedDeploymentDay,
  team: string,
  teamNames: Readonly<Record<string, string>>,
  cost: bigint,
  quantity: bigint,
  unit: string,
  what: string,
  idle = false,
): FocusRow {
  const money = formatScaledInteger(cost, PICO);
  const unitPrice = formatScaledInteger((cost + quantity / 2n) / quantity, PICO);
  return {
    BilledCost: money,
    BillingAccountId: `tokenmeter:${SELF_HOSTED_PROVIDER}`,
    BillingAccountName: 'Self-hosted (cost of ownership, metered by TokenMeter)',
    ChargeDescription:
      `${d.deployment} (${d.model}) cost of ownership: ${what} ` +
      '(amortized capex, electricity, hosting, personnel, maintenance)',
    ConsumedQuantity: quantity.toString(),
    ConsumedUnit: unit,
    ContractedCost: money,
    ContractedUnitPrice: unitPrice,
    EffectiveCost: money,
    InvoiceIssuerName: 'Self-hosted',
    ListCost: money,
    ListUnitPrice: unitPrice,
    // Owned capacity: no provider price list, so neither standard, committed nor dynamic.
    PricingCategory: 'Other',
    PricingQuantity: quantity.toString(),
    PricingUnit: unit,
    ProviderName: providerDisplayName(SELF_HOSTED_PROVIDER),
    PublisherName: modelPublisher(SELF_HOSTED_PROVIDER, d.model),
    ResourceId: d.deployment,
    ResourceName: d.deployment,
    ResourceType: 'LLM inference deployment',
    ServiceName: 'Self-hosted LLM inference',
    SkuId: `${SELF_HOSTED_PROVIDER}/${d.deployment}/${idle ? 'idle' : 'served'}`,
    SkuPriceId: `${SELF_HOSTED_PROVIDER}/${d.deployment}/${d.day}`,
    SubAccountId: team,
    SubAccountName: teamNames[team] ?? team,
    Tags: JSON.stringify({ 'tokenmeter/team': team, 'tokenmeter/deployment': d.deployment }),
    x_TokenClass: idle ? 'idle' : 'served',
    x_PriceVersion: null,
    x_Unpriced: 'false',
    x_ServiceTier: null,
    x_PriceRules: null,
    ...dailyUsageColumns(d.day), // last, as in focusRows
  };
}

/**
 * The whole export: API usage priced by its rules, self-hosted cost of ownership shown back by tokens
 * served. For one team (a team key, or a filter) its own rows only, idle capacity of the deployments it owns included.
 */
export function focusExportRows(
  usage: readonly DailyPricedUsage[],
  deploymentDays: readonly SelfHostedDeploymentDay[],
  teamNames: Readonly<Record<string, string>>,
  team?: string,
): FocusRow[] {
  const selfHosted = selfHostedFocusRows(deploymentDays, teamNames);
  return [
    ...focusRows(team === undefined ? usage : usage.filter((u) => u.team === team)),
    ...(team === undefined ? selfHosted : selfHosted.filter((row) => row.SubAccountId === team)),
  ];
}
