// LiteLLM's StandardLoggingPayload (`kwargs["standard_logging_object"]` in callbacks, the body of
// its generic/webhook loggers). LiteLLM converts every provider to OpenAI's usage convention:
// `prompt_tokens` INCLUDES cache reads (`prompt_tokens_details.cached_tokens`, also mirrored as
// `cache_read_input_tokens`) and, in current LiteLLM, cache writes (`cache_creation_input_tokens`,
// `prompt_tokens_details.cache_creation_tokens`). Older LiteLLM releases left Anthropic cache
// writes outside prompt_tokens; when subtracting the writes would go below zero, that is the only
// possible reading and it is used. The detailed counts come from `metadata.usage_object` when
// LiteLLM includes it; otherwise only the top-level prompt/completion counts are known.
//
// provider: `custom_llm_provider` mapped to a canonical id (unknown → error). model: `model`,
// minus a leading `<custom_llm_provider>/` routing prefix. A positive `response_cost` is kept as
// the sender's cost (LiteLLM reports 0 when it could not price a call, so 0 is not a cost).
import { z } from 'zod';
import { costUsdFromNumber } from '../cost-usd';
import { COMMON_PROVIDER_IDS_TEXT, canonicalProviderId } from '../provider-ids';
import { optionalTokenCountSchema, tokenCountSchema } from '../token-count';
import { describeReceived, fieldError } from '../validation-error';
import { type NormalizeResult, normalizedUsage, partExceedsWholeError } from './normalized-usage';
import { reasoningDetailsSchema } from './openai-inclusive-counts';
import { modelIdSchema, objectSchema, parseProviderPayload } from './parse-provider-payload';

const usageObjectSchema = objectSchema(
  {
    prompt_tokens: optionalTokenCountSchema,
    completion_tokens: optionalTokenCountSchema,
    prompt_tokens_details: objectSchema(
      { cached_tokens: optionalTokenCountSchema, cache_creation_tokens: optionalTokenCountSchema },
      'an object of prompt token details or null',
    ).nullish(),
    completion_tokens_details: reasoningDetailsSchema('completion'),
    cache_read_input_tokens: optionalTokenCountSchema,
    cache_creation_input_tokens: optionalTokenCountSchema,
  },
  'a usage object or null',
);

const RESPONSE_COST_EXPECTATION = 'expected a non-negative number of US dollars or null';

const standardLoggingPayloadSchema = objectSchema(
  {
    model: modelIdSchema,
    custom_llm_provider: z.string({ error: 'expected the provider LiteLLM routed the call to' }),
    prompt_tokens: tokenCountSchema,
    completion_tokens: tokenCountSchema,
    response_cost: z
      .number({ error: RESPONSE_COST_EXPECTATION })
      .min(0, { error: RESPONSE_COST_EXPECTATION })
      .nullish(),
    metadata: objectSchema({ usage_object: usageObjectSchema.nullish() }, 'a metadata object or null').nullish(),
  },
  'a LiteLLM StandardLoggingPayload object',
);

export function normalizeLiteLlmStandardLogging(payload: unknown): NormalizeResult {
  const parsed = parseProviderPayload(standardLoggingPayloadSchema, payload);
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  const provider = canonicalProviderId(value.custom_llm_provider);
  if (provider === null) {
    return {
      ok: false,
      errors: [
        fieldError(
          'custom_llm_provider',
          `expected a known provider (${COMMON_PROVIDER_IDS_TEXT}), got ${describeReceived(value.custom_llm_provider)}`,
        ),
      ],
    };
  }

  const usage = value.metadata?.usage_object;
  const prompt = usage?.prompt_tokens || value.prompt_tokens;
  const completion = usage?.completion_tokens || value.completion_tokens;
  // The same number appears in two places depending on the LiteLLM version; either may be unset.
  const cacheRead = Math.max(usage?.prompt_tokens_details?.cached_tokens ?? 0, usage?.cache_read_input_tokens ?? 0);
  const cacheWrite = Math.max(
    usage?.prompt_tokens_details?.cache_creation_tokens ?? 0,
    usage?.cache_creation_input_tokens ?? 0,
  );
  const reasoning = usage?.completion_tokens_details?.reasoning_tokens ?? 0;

  let inputTokens: number;
  if (cacheRead + cacheWrite <= prompt) inputTokens = prompt - cacheRead - cacheWrite;
  else if (cacheRead <= prompt) inputTokens = prompt - cacheRead;
  else {
    return {
      ok: false,
      errors: [
        partExceedsWholeError(
          ['metadata', 'usage_object', 'prompt_tokens_details', 'cached_tokens'],
          cacheRead,
          'prompt_tokens, which includes cache reads',
          prompt,
        ),
      ],
    };
  }
  if (reasoning > completion) {
    return {
      ok: false,
      errors: [
        partExceedsWholeError(
          ['metadata', 'usage_object', 'completion_tokens_details', 'reasoning_tokens'],
          reasoning,
          'completion_tokens, which includes reasoning',
          completion,
        ),
      ],
    };
  }

  const routePrefix = `${value.custom_llm_provider.toLowerCase()}/`;
  const routed = value.model.toLowerCase().startsWith(routePrefix) ? value.model.slice(routePrefix.length) : '';
  const model = routed === '' ? value.model : routed;
  const cost = value.response_cost ? costUsdFromNumber(value.response_cost) : null;
  return normalizedUsage(
    provider,
    model,
    {
      inputTokens,
      cachedInputTokens: cacheRead,
      cacheWriteTokens: cacheWrite,
      outputTokens: completion,
      reasoningTokens: reasoning,
    },
    cost !== null && cost !== '0' ? { costUsd: cost } : {},
  );
}
