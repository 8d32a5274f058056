// DeepSeek chat completions (`/chat/completions`): OpenAI's usage shape, but cache hits are reported
// in DeepSeek's own `prompt_cache_hit_tokens` (with `prompt_cache_miss_tokens`; hit + miss =
// `prompt_tokens`); newer responses also copy them to `prompt_tokens_details.cached_tokens`. Without
// this reader a DeepSeek response could only be read as OpenAI's, attributed to `openai` and left
// unpriced, and its cache hits billed as full-price input.

import { optionalTokenCountSchema } from '../token-count';
import { type NormalizeResult, normalizedUsage, partExceedsWholeError } from './normalized-usage';
import { normalizeChatCompletionUsage } from './openai-chat';
import { objectSchema, parseProviderPayload } from './parse-provider-payload';

const cacheHitSchema = objectSchema(
  { usage: objectSchema({ prompt_cache_hit_tokens: optionalTokenCountSchema }, 'a usage object') },
  'a chat completion object with "model" and "usage"',
);

export function normalizeDeepSeekChat(payload: unknown): NormalizeResult {
  const result = normalizeChatCompletionUsage('deepseek', payload);
  if (!result.ok) return result;
  const hits = parseProviderPayload(cacheHitSchema, payload);
  if (!hits.ok) return hits;
  const cached = Math.max(hits.value.usage.prompt_cache_hit_tokens, result.usage.cachedInputTokens);
  const { provider, model, totalTokens, requests, ...rest } = result.usage;
  const prompt = rest.inputTokens + rest.cachedInputTokens + rest.cacheWriteTokens;
  if (cached + rest.cacheWriteTokens > prompt) {
    return {
      ok: false,
      errors: [
        partExceedsWholeError(
          ['usage', 'prompt_cache_hit_tokens'],
          cached,
          'usage.prompt_tokens, which includes cache hits',
          prompt,
        ),
      ],
    };
  }
  const { serviceTier, cacheWrite1hTokens, costUsd, ...counts } = rest;
  return normalizedUsage(
    provider,
    model,
    { ...counts, cachedInputTokens: cached, inputTokens: prompt - cached - rest.cacheWriteTokens },
    { serviceTier, cacheWrite1hTokens, costUsd },
  );
}
