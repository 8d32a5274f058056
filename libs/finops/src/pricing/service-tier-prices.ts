// Service-tier prices, which @pydantic/genai-prices does not model (checked in 0.1.8: no flex,
// batch or priority keys). Written from the providers' pricing pages:
// - OpenAI Batch API: 50% of the standard rates for every model (platform.openai.com/docs/guides/batch);
// - OpenAI flex processing (`service_tier: "flex"`): Batch API rates, i.e. 50%, for the models that
//   offer it (platform.openai.com/docs/guides/flex-processing);
// - OpenAI priority processing (`service_tier: "priority"`): rates of its own per model
//   (platform.openai.com/docs/pricing, "Priority" table);
// - Anthropic Message Batches: 50% (docs.anthropic.com/en/docs/build-with-claude/batch-processing);
// - Gemini Batch Mode: 50% (ai.google.dev/gemini-api/docs/batch-mode);
// - Bedrock batch inference: 50% of on-demand for the supported models (aws.amazon.com/bedrock/pricing).
import type { PriceRules, ServiceTierPrice, TokenRates } from './price-rules';

const HALF = 0.5;

const OPENAI_BATCH: ServiceTierPrice = {
  multiplier: HALF,
  source: 'OpenAI Batch API: 50% of standard (platform.openai.com/docs/guides/batch)',
};
const OPENAI_FLEX: ServiceTierPrice = {
  multiplier: HALF,
  source: 'OpenAI flex processing: Batch API rates (platform.openai.com/docs/guides/flex-processing)',
};
const PRIORITY_SOURCE = 'OpenAI priority processing (platform.openai.com/docs/pricing, Priority)';

/**
 * Models flex processing is offered for (the flex guide's list), by exact canonical id or a dated
 * version of one: `o3-mini`, `o3-pro` or `gpt-5-pro` do not offer flex. OpenAI answers a flex request
 * for any other model with a 400, so a flex response for one is an anomaly: it is billed at the
 * standard rate, named `service-tier:flex:unpriced-standard-rate` (selectRates), never discounted.
 */
const OPENAI_FLEX_MODELS = ['gpt-5', 'gpt-5-mini', 'gpt-5-nano', 'o3', 'o4-mini'];

function rates(input: string, cachedInput: string | null, output: string): TokenRates {
  return { inputPerMTok: input, cachedInputPerMTok: cachedInput, cacheWritePerMTok: null, outputPerMTok: output };
}

/** OpenAI priority rates per model id (exact canonical ids; longest first so `gpt-5-mini` wins over `gpt-5`). */
const OPENAI_PRIORITY: ReadonlyArray<[string, TokenRates]> = [
  ['gpt-5-mini', rates('0.45', '0.045', '3.6')],
  ['gpt-5', rates('2.5', '0.25', '20')],
  ['gpt-4.1-mini', rates('0.7', '0.175', '2.8')],
  ['gpt-4.1', rates('3.5', '0.875', '14')],
  ['gpt-4o-mini', rates('0.25', '0.125', '1')],
  ['gpt-4o', rates('4.25', '2.125', '17')],
  ['o4-mini', rates('2', '0.5', '8')],
  ['o3', rates('3.5', '0.875', '14')],
];

const BATCH_BY_PROVIDER: Readonly<Record<string, ServiceTierPrice>> = {
  anthropic: {
    multiplier: HALF,
    source: 'Anthropic Message Batches: 50% (docs.anthropic.com/en/docs/build-with-claude/batch-processing)',
  },
  google: { multiplier: HALF, source: 'Gemini Batch Mode: 50% (ai.google.dev/gemini-api/docs/batch-mode)' },
  bedrock: { multiplier: HALF, source: 'Bedrock batch inference: 50% of on-demand (aws.amazon.com/bedrock/pricing)' },
};

/** The service tiers a provider's model is sold in, besides standard. */
export function serviceTierPrices(provider: string, model: string): PriceRules['serviceTiers'] | undefined {
  const id = model.toLowerCase();
  if (provider === 'openai' || provider === 'azure') {
    const tiers: NonNullable<PriceRules['serviceTiers']> = { batch: OPENAI_BATCH };
    if (OPENAI_FLEX_MODELS.some((flex) => id === flex || isDatedVersion(id, flex))) tiers.flex = OPENAI_FLEX;
    const priority = OPENAI_PRIORITY.find(([prefix]) => id === prefix || isDatedVersion(id, prefix));
    if (priority) tiers.priority = { rates: priority[1], source: PRIORITY_SOURCE };
    return tiers;
  }
  const batch = BATCH_BY_PROVIDER[provider];
  return batch ? { batch } : undefined;
}

/** `gpt-4o-2024-08-06` is a dated `gpt-4o`; `gpt-4o-mini` is not. */
function isDatedVersion(id: string, prefix: string): boolean {
  return id.startsWith(`${prefix}-`) && /^\d{4}-\d{2}-\d{2}$/.test(id.slice(prefix.length + 1));
}
