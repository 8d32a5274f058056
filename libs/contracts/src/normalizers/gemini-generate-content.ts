// Google Gemini `generateContent` responses (Gemini API and Vertex AI), read from
// `usageMetadata` with the model from `modelVersion`. Counting rules:
// - `promptTokenCount` INCLUDES `cachedContentTokenCount` → inputTokens = prompt − cached;
// - `toolUsePromptTokenCount` (tool results fed back, e.g. search grounding) is billed as input
//   and is NOT in promptTokenCount → added to inputTokens;
// - `thoughtsTokenCount` is billed as output but NOT in `candidatesTokenCount` →
//   outputTokens = candidates + thoughts, reasoningTokens = thoughts.
// Gemini has no per-request cache-write count (explicit caches are created and billed separately).
import { optionalTokenCountSchema } from '../token-count';
import { fieldError } from '../validation-error';
import { type NormalizeResult, normalizedUsage, partExceedsWholeError } from './normalized-usage';
import { modelIdSchema, objectSchema, parseProviderPayload } from './parse-provider-payload';

const generateContentResponseSchema = objectSchema(
  {
    modelVersion: modelIdSchema.optional(),
    // Some wrappers (and TokenMeter's own fixtures of older responses) name the model `model`.
    model: modelIdSchema.optional(),
    usageMetadata: objectSchema(
      {
        promptTokenCount: optionalTokenCountSchema,
        candidatesTokenCount: optionalTokenCountSchema,
        cachedContentTokenCount: optionalTokenCountSchema,
        thoughtsTokenCount: optionalTokenCountSchema,
        toolUsePromptTokenCount: optionalTokenCountSchema,
      },
      'a usageMetadata object',
    ),
  },
  'a generateContent response object with "modelVersion" and "usageMetadata"',
);

export function normalizeGeminiGenerateContent(payload: unknown): NormalizeResult {
  const parsed = parseProviderPayload(generateContentResponseSchema, payload);
  if (!parsed.ok) return parsed;
  const { usageMetadata: usage } = parsed.value;
  const model = parsed.value.modelVersion ?? parsed.value.model;
  if (model === undefined) {
    return {
      ok: false,
      errors: [fieldError('modelVersion', 'missing; expected the model id the response reports in "modelVersion"')],
    };
  }
  if (usage.cachedContentTokenCount > usage.promptTokenCount) {
    return {
      ok: false,
      errors: [
        partExceedsWholeError(
          ['usageMetadata', 'cachedContentTokenCount'],
          usage.cachedContentTokenCount,
          'usageMetadata.promptTokenCount, which includes cached content',
          usage.promptTokenCount,
        ),
      ],
    };
  }
  return normalizedUsage('google', model, {
    inputTokens: usage.promptTokenCount - usage.cachedContentTokenCount + usage.toolUsePromptTokenCount,
    cachedInputTokens: usage.cachedContentTokenCount,
    cacheWriteTokens: 0,
    outputTokens: usage.candidatesTokenCount + usage.thoughtsTokenCount,
    reasoningTokens: usage.thoughtsTokenCount,
  });
}
