// OpenAI Responses API (`/v1/responses`) response objects, or the `response.completed` stream
// event that wraps one. Counting rules: `input_tokens` INCLUDES `input_tokens_details.cached_tokens`
// (and `cache_write_tokens` where reported); `output_tokens` INCLUDES
// `output_tokens_details.reasoning_tokens`.
import { z } from 'zod';
import { optionalTokenCountSchema, tokenCountSchema } from '../token-count';
import { prefixFieldError, type FieldError } from '../validation-error';
import { normalizedUsage, partExceedsWholeError, type NormalizeResult } from './normalized-usage';
import { modelIdSchema, objectSchema, parseProviderPayload } from './parse-provider-payload';

const responseSchema = objectSchema(
  {
    model: modelIdSchema,
    usage: objectSchema(
      {
        input_tokens: tokenCountSchema,
        output_tokens: tokenCountSchema,
        input_tokens_details: objectSchema(
          { cached_tokens: optionalTokenCountSchema, cache_write_tokens: optionalTokenCountSchema },
          'an object of input token details or null',
        ).nullish(),
        output_tokens_details: objectSchema(
          { reasoning_tokens: optionalTokenCountSchema },
          'an object of output token details or null',
        ).nullish(),
      },
      'a usage object (a response that has completed)',
    ),
  },
  'a Responses API response object with "model" and "usage"',
);

const completedEventSchema = z.looseObject({ type: z.literal('response.completed'), response: z.unknown() });

export function normalizeOpenAiResponses(payload: unknown): NormalizeResult {
  // A streamed response ends with `{ type: "response.completed", response: {…} }`.
  const completed = completedEventSchema.safeParse(payload);
  const parsed = parseProviderPayload(responseSchema, completed.success ? completed.data.response : payload);
  if (!parsed.ok) {
    if (!completed.success) return parsed;
    return { ok: false, errors: parsed.errors.map((error) => prefixFieldError('response', error)) };
  }
  const { model, usage } = parsed.value;
  const cached = usage.input_tokens_details?.cached_tokens ?? 0;
  const cacheWrite = usage.input_tokens_details?.cache_write_tokens ?? 0;
  const reasoning = usage.output_tokens_details?.reasoning_tokens ?? 0;
  const errors: FieldError[] = [];
  if (cached + cacheWrite > usage.input_tokens) {
    errors.push(
      partExceedsWholeError(
        cacheWrite > 0 ? ['usage', 'input_tokens_details'] : ['usage', 'input_tokens_details', 'cached_tokens'],
        cached + cacheWrite,
        'usage.input_tokens, which includes cached tokens',
        usage.input_tokens,
        cacheWrite > 0 ? 'cached_tokens + cache_write_tokens' : undefined,
      ),
    );
  }
  if (reasoning > usage.output_tokens) {
    errors.push(
      partExceedsWholeError(
        ['usage', 'output_tokens_details', 'reasoning_tokens'],
        reasoning,
        'usage.output_tokens, which includes reasoning tokens',
        usage.output_tokens,
      ),
    );
  }
  if (errors.length > 0) return { ok: false, errors };
  return normalizedUsage('openai', model, {
    inputTokens: usage.input_tokens - cached - cacheWrite,
    cachedInputTokens: cached,
    cacheWriteTokens: cacheWrite,
    outputTokens: usage.output_tokens,
    reasoningTokens: reasoning,
  });
}
