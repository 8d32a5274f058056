// Anthropic Messages API (`/v1/messages`) responses. Counting rules: `input_tokens` EXCLUDES
// `cache_read_input_tokens` and `cache_creation_input_tokens`, so the three are added side by side,
// never subtracted. `output_tokens` includes extended-thinking tokens; when the response breaks
// them out (`output_tokens_details.thinking_tokens`) they become reasoningTokens.
// `cache_creation.ephemeral_1h_input_tokens` (inside cache_creation_input_tokens) is billed at the
// 1-hour write rate, and `usage.service_tier` (`batch` in Message Batches results) changes the price.

import { z } from 'zod';
import { serviceTierFromProvider } from '../service-tier';
import { optionalTokenCountSchema, tokenCountSchema } from '../token-count';
import { type NormalizeResult, normalizedUsage, partExceedsWholeError } from './normalized-usage';
import { modelIdSchema, objectSchema, parseProviderPayload } from './parse-provider-payload';

const messageSchema = objectSchema(
  {
    model: modelIdSchema,
    usage: objectSchema(
      {
        input_tokens: tokenCountSchema,
        output_tokens: tokenCountSchema,
        cache_read_input_tokens: optionalTokenCountSchema,
        cache_creation_input_tokens: optionalTokenCountSchema,
        cache_creation: objectSchema(
          {
            ephemeral_5m_input_tokens: optionalTokenCountSchema,
            ephemeral_1h_input_tokens: optionalTokenCountSchema,
          },
          'an object of cache write tokens by TTL or null',
        ).nullish(),
        service_tier: z.string().nullish(),
        output_tokens_details: objectSchema(
          { thinking_tokens: optionalTokenCountSchema },
          'an object of output token details or null',
        ).nullish(),
      },
      'a usage object',
    ),
  },
  'a Messages API response object with "model" and "usage"',
);

export function normalizeAnthropicMessages(payload: unknown): NormalizeResult {
  const parsed = parseProviderPayload(messageSchema, payload);
  if (!parsed.ok) return parsed;
  const { model, usage } = parsed.value;
  const thinking = usage.output_tokens_details?.thinking_tokens ?? 0;
  if (thinking > usage.output_tokens) {
    return {
      ok: false,
      errors: [
        partExceedsWholeError(
          ['usage', 'output_tokens_details', 'thinking_tokens'],
          thinking,
          'usage.output_tokens, which includes thinking tokens',
          usage.output_tokens,
        ),
      ],
    };
  }
  const oneHour = usage.cache_creation?.ephemeral_1h_input_tokens ?? 0;
  if (oneHour > usage.cache_creation_input_tokens) {
    return {
      ok: false,
      errors: [
        partExceedsWholeError(
          ['usage', 'cache_creation', 'ephemeral_1h_input_tokens'],
          oneHour,
          'usage.cache_creation_input_tokens, which includes 1-hour writes',
          usage.cache_creation_input_tokens,
        ),
      ],
    };
  }
  const facts = { serviceTier: serviceTierFromProvider(usage.service_tier), cacheWrite1hTokens: oneHour };
  return normalizedUsage(
    'anthropic',
    model,
    {
      inputTokens: usage.input_tokens,
      cachedInputTokens: usage.cache_read_input_tokens,
      cacheWriteTokens: usage.cache_creation_input_tokens,
      outputTokens: usage.output_tokens,
      reasoningTokens: thinking,
    },
    facts,
  );
}
