// OpenAI Chat Completions (`/v1/chat/completions`) responses, and the same usage shape served by
// Azure OpenAI and Mistral. Counting rules: `prompt_tokens` INCLUDES
// `prompt_tokens_details.cached_tokens` (and `cache_write_tokens` where reported);
// `completion_tokens` INCLUDES `completion_tokens_details.reasoning_tokens`.
import { optionalTokenCountSchema, tokenCountSchema } from '../token-count';
import type { ProviderId } from '../provider-ids';
import type { FieldError } from '../validation-error';
import { normalizedUsage, partExceedsWholeError, type NormalizeResult } from './normalized-usage';
import { modelIdSchema, objectSchema, parseProviderPayload } from './parse-provider-payload';

const chatCompletionSchema = objectSchema(
  {
    model: modelIdSchema,
    usage: objectSchema(
      {
        prompt_tokens: tokenCountSchema,
        completion_tokens: tokenCountSchema,
        prompt_tokens_details: objectSchema(
          { cached_tokens: optionalTokenCountSchema, cache_write_tokens: optionalTokenCountSchema },
          'an object of prompt token details or null',
        ).nullish(),
        completion_tokens_details: objectSchema(
          { reasoning_tokens: optionalTokenCountSchema },
          'an object of completion token details or null',
        ).nullish(),
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
  const cached = usage.prompt_tokens_details?.cached_tokens ?? 0;
  const cacheWrite = usage.prompt_tokens_details?.cache_write_tokens ?? 0;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens ?? 0;
  const errors: FieldError[] = [];
  if (cached + cacheWrite > usage.prompt_tokens) {
    errors.push(
      partExceedsWholeError(
        cacheWrite > 0 ? ['usage', 'prompt_tokens_details'] : ['usage', 'prompt_tokens_details', 'cached_tokens'],
        cached + cacheWrite,
        'usage.prompt_tokens, which includes cached tokens',
        usage.prompt_tokens,
        cacheWrite > 0 ? 'cached_tokens + cache_write_tokens' : undefined,
      ),
    );
  }
  if (reasoning > usage.completion_tokens) {
    errors.push(
      partExceedsWholeError(
        ['usage', 'completion_tokens_details', 'reasoning_tokens'],
        reasoning,
        'usage.completion_tokens, which includes reasoning tokens',
        usage.completion_tokens,
      ),
    );
  }
  if (errors.length > 0) return { ok: false, errors };
  return normalizedUsage(provider, model, {
    inputTokens: usage.prompt_tokens - cached - cacheWrite,
    cachedInputTokens: cached,
    cacheWriteTokens: cacheWrite,
    outputTokens: usage.completion_tokens,
    reasoningTokens: reasoning,
  });
}

export function normalizeOpenAiChat(payload: unknown): NormalizeResult {
  return normalizeChatCompletionUsage('openai', payload);
}
