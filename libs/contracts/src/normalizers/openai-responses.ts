// OpenAI Responses API (`/v1/responses`) response objects, or the `response.completed` stream
// event that wraps one. Counting rules: `input_tokens` INCLUDES `input_tokens_details.cached_tokens`
// (and `cache_write_tokens` where reported); `output_tokens` INCLUDES
// `output_tokens_details.reasoning_tokens`.
import { z } from 'zod';
import { serviceTierFromProvider } from '../service-tier';
import { optionalTokenCountSchema, tokenCountSchema } from '../token-count';
import { prefixFieldError } from '../validation-error';
import { type NormalizeResult, normalizedUsage } from './normalized-usage';
import { openAiInclusiveCounts, RESPONSES_API_FIELDS, reasoningDetailsSchema } from './openai-inclusive-counts';
import { modelIdSchema, objectSchema, parseProviderPayload } from './parse-provider-payload';

const responseSchema = objectSchema(
  {
    model: modelIdSchema,
    service_tier: z.string().nullish(),
    usage: objectSchema(
      {
        input_tokens: tokenCountSchema,
        output_tokens: tokenCountSchema,
        input_tokens_details: objectSchema(
          { cached_tokens: optionalTokenCountSchema, cache_write_tokens: optionalTokenCountSchema },
          'an object of input token details or null',
        ).nullish(),
        output_tokens_details: reasoningDetailsSchema('output'),
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
  const counts = openAiInclusiveCounts(RESPONSES_API_FIELDS, usage);
  const serviceTier = serviceTierFromProvider(parsed.value.service_tier);
  return counts.ok ? normalizedUsage('openai', model, counts.counts, { serviceTier }) : counts;
}
