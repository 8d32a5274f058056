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
import { addDays } from '@tokenmeter/contracts';
import { formatScaledInteger, parsePricePerMTok } from '../pricing/price-per-mtok';

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

const PICO = 12;

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
function picoFromDecimal(value: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value);
  if (!match) throw new Error(`costUsd ${JSON.stringify(value)}: expected a decimal`);
  const units = BigInt(match[2]!) * 10n ** BigInt(PICO) + BigInt((match[3] ?? '').slice(0, PICO).padEnd(PICO, '0'));
  return match[1] ? -units : units;
}

const isoDay = (day: string) => `${day}T00:00:00Z`;

function billingPeriod(day: string): { start: string; end: string } {
  const [year, month] = day.split('-').map(Number) as [number, number];
  const next = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
  return { start: `${day.slice(0, 7)}-01T00:00:00Z`, end: `${next}-01T00:00:00Z` };
}

interface ClassCost {
  tokenClass: TokenClass;
  tokens: bigint;
  /** 10^-12 USD per token, or null when unknown. */
  unitPrice: bigint | null;
  cost: bigint;
}

function classCosts(usage: DailyPricedUsage): ClassCost[] {
  const tokens: Record<TokenClass, bigint> = {
    input: usage.inputTokens,
    'cached-input': usage.cachedInputTokens,
    'cache-write': usage.cacheWriteTokens,
    output: usage.outputTokens,
  };
  const present = TOKEN_CLASSES.filter((tokenClass) => tokens[tokenClass] > 0n);
  const stored = usage.costUsd === null ? null : picoFromDecimal(usage.costUsd);
  const hasEntry = usage.inputPerMTok !== null && usage.outputPerMTok !== null;
  if (hasEntry && usage.priceVersion !== 'client') {
    const input = parsePricePerMTok(usage.inputPerMTok!);
    const prices: Record<TokenClass, bigint> = {
      input,
      'cached-input': usage.cachedInputPerMTok === null ? input : parsePricePerMTok(usage.cachedInputPerMTok),
      'cache-write': usage.cacheWritePerMTok === null ? input : parsePricePerMTok(usage.cacheWritePerMTok),
      output: parsePricePerMTok(usage.outputPerMTok!),
    };
    const costs = present.map((tokenClass) => ({
      tokenClass,
      tokens: tokens[tokenClass],
      unitPrice: prices[tokenClass],
      cost: tokens[tokenClass] * prices[tokenClass],
    }));
    if (stored !== null && costs.length) {
      const residual = stored - costs.reduce((sum, c) => sum + c.cost, 0n);
      costs.reduce((max, c) => (c.cost > max.cost ? c : max)).cost += residual;
    }
    return costs;
  }
  if (stored === null)
    return present.map((tokenClass) => ({ tokenClass, tokens: tokens[tokenClass], unitPrice: null, cost: 0n }));
  // A client-supplied cost: split by token share, remainders to the largest shares (largest remainder).
  const total = present.reduce((sum, tokenClass) => sum + tokens[tokenClass], 0n);
  const shares = present.map((tokenClass) => {
    const exact = stored * tokens[tokenClass];
    return { tokenClass, tokens: tokens[tokenClass], cost: exact / total, remainder: exact % total };
  });
  let left = stored - shares.reduce((sum, s) => sum + s.cost, 0n);
  for (const share of [...shares].sort((a, b) =>
    b.remainder > a.remainder ? 1 : b.remainder < a.remainder ? -1 : 0,
  )) {
    if (left <= 0n) break;
    share.cost += 1n;
    left -= 1n;
  }
  return shares.map((s) => ({
    tokenClass: s.tokenClass,
    tokens: s.tokens,
    cost: s.cost,
    unitPrice: (s.cost + s.tokens / 2n) / s.tokens,
  }));
}

/** FOCUS rows for the given daily usage, in input order then token class order. */
export function focusRows(usage: readonly DailyPricedUsage[]): FocusRow[] {
  return usage.flatMap((day) => {
    const providerName = providerDisplayName(day.provider);
    const period = billingPeriod(day.day);
    return classCosts(day).map((c): FocusRow => {
      const cost = formatScaledInteger(c.cost, PICO);
      const unitPrice = c.unitPrice === null ? null : formatScaledInteger(c.unitPrice, PICO);
      const quantity = c.tokens.toString();
      return {
        BilledCost: cost,
        BillingAccountId: `tokenmeter:${day.provider}`,
        BillingAccountName: `${providerName} (metered by TokenMeter)`,
        BillingAccountType: 'Provider Account',
        BillingCurrency: 'USD',
        BillingPeriodEnd: period.end,
        BillingPeriodStart: period.start,
        ChargeCategory: 'Usage',
        ChargeClass: null,
        ChargeDescription:
          `${day.model} ${CLASS_LABEL[c.tokenClass]} tokens for team ${day.team}` +
          `${c.unitPrice === null ? ' (no price known)' : ''}`,
        ChargeFrequency: 'Usage-Based',
        ChargePeriodEnd: isoDay(addDays(day.day, 1)),
        ChargePeriodStart: isoDay(day.day),
        ConsumedQuantity: quantity,
        ConsumedUnit: 'Tokens',
        ContractedCost: cost,
        ContractedUnitPrice: unitPrice,
        EffectiveCost: cost,
        InvoiceIssuerName: PROVIDERS[day.provider]?.invoiceIssuer ?? providerName,
        ListCost: cost,
        ListUnitPrice: unitPrice,
        PricingCategory: 'Standard',
        PricingCurrency: 'USD',
        PricingQuantity: quantity,
        PricingUnit: 'Tokens',
        ProviderName: providerName,
        PublisherName: modelPublisher(day.provider, day.model),
        RegionId: null,
        RegionName: null,
        ResourceId: null,
        ResourceName: null,
        ResourceType: null,
        ServiceCategory: 'AI and Machine Learning',
        ServiceName: day.provider === 'self-hosted' ? 'Self-hosted LLM inference' : `${providerName} models`,
        ServiceSubcategory: 'Generative AI',
        SkuId: `${day.provider}/${day.model}/${c.tokenClass}`,
        SkuPriceId: `${day.priceVersion ?? 'unpriced'}/${c.tokenClass}`,
        SubAccountId: day.team,
        SubAccountName: day.teamName ?? day.team,
        SubAccountType: 'Team',
        Tags: JSON.stringify({ 'tokenmeter/team': day.team }),
        x_TokenClass: c.tokenClass,
        x_PriceVersion: day.priceVersion,
        x_Unpriced: c.unitPrice === null ? 'true' : 'false',
      };
    });
  });
}
