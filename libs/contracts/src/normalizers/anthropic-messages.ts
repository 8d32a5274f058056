// Anthropic Messages API (`/v1/messages`) responses. Counting rules: `input_tokens` EXCLUDES
// `cache_read_input_tokens` and `cache_creation_input_tokens`, so the three are added side by side,
// never subtracted. `output_tokens` includes extended-thinking tokens; when the response breaks
// them out (`output_tokens_details.thinking_tokens`) they become reasoningTokens.
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
  return normalizedUsage('anthropic', model, {
    inputTokens: usage.input_tokens,
    cachedInputTokens: usage.cache_read_input_tokens,
    cacheWriteTokens: usage.cache_creation_input_tokens,
    outputTokens: usage.output_tokens,
    reasoningTokens: thinking,
  });
}
