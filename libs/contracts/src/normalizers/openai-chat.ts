// OpenAI Chat Completions (`/v1/chat/completions`) responses, and the same usage shape served by
// Azure OpenAI and Mistral. Counting rules: `prompt_tokens` INCLUDES
// `prompt_tokens_details.cached_tokens` (and `cache_write_tokens` where reported);
// `completion_tokens` INCLUDES `completion_tokens_details.reasoning_tokens`.

import { z } from 'zod';
import type { ProviderId } from '../provider-ids';
import { serviceTierFromProvider } from '../service-tier';
import { optionalTokenCountSchema, tokenCountSchema } from '../token-count';
import { type NormalizeResult, normalizedUsage } from './normalized-usage';
import { CHAT_COMPLETION_FIELDS, openAiInclusiveCounts, reasoningDetailsSchema } from './openai-inclusive-counts';
import { modelIdSchema, objectSchema, parseProviderPayload } from './parse-provider-payload';

const chatCompletionSchema = objectSchema(
  {
    model: modelIdSchema,
    service_tier: z.string().nullish(),
    usage: objectSchema(
      {
        prompt_tokens: tokenCountSchema,
        completion_tokens: tokenCountSchema,
        prompt_tokens_details: objectSchema(
          { cached_tokens: optionalTokenCountSchema, cache_write_tokens: optionalTokenCountSchema },
          'an object of prompt token details or null',
        ).nullish(),
        completion_tokens_details: reasoningDetailsSchema('completion'),
      },
      'a usage object (the response must be requested with usage, e.g. stream_options.include_usage)',
    ),
  },
  'a chat completion object with "model" and "usage"',
);

/** Normalizes any OpenAI-compatible chat completion, attributing it to `provider`. */
export function normalizeChatCompletionUsage(provider: ProviderId, payload: unknown): NormalizeResult {
  const parsed = parseProviderPayload(chatCompletionSchema, payload);
  if (!parsed.ok) return parsed;
  const { model, usage } = parsed.value;
  const counts = openAiInclusiveCounts(CHAT_COMPLETION_FIELDS, usage);
  const serviceTier = serviceTierFromProvider(parsed.value.service_tier);
  return counts.ok ? normalizedUsage(provider, model, counts.counts, { serviceTier }) : counts;
}

export function normalizeOpenAiChat(payload: unknown): NormalizeResult {
  return normalizeChatCompletionUsage('openai', payload);
}
