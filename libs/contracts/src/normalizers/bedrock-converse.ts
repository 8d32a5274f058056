// AWS Bedrock Converse / ConverseStream usage. Counting rules: `usage.inputTokens` EXCLUDES
// `cacheReadInputTokens` and `cacheWriteInputTokens`; `outputTokens` is all output. `cacheDetails`
// ([{ ttl: '5m' | '1h', inputTokens }]) splits the cache writes by TTL: the 1-hour ones are priced apart.
//
// The Converse response carries no model id, so TokenMeter requires the caller to add the
// `modelId` it called (the request's modelId: a model id, an inference profile id such as
// `us.anthropic.claude-3-5-sonnet-20241022-v2:0`, or an ARN) at the top level of the payload.
// The stream's final `metadata` event (`{ metadata: { usage } }`) is accepted the same way.
import { z } from 'zod';
import { optionalTokenCountSchema, tokenCountSchema } from '../token-count';
import { fieldError } from '../validation-error';
import { type NormalizeResult, normalizedUsage, partExceedsWholeError } from './normalized-usage';
import { modelIdSchema, objectSchema, parseProviderPayload } from './parse-provider-payload';

const MODEL_ID_EXPECTATION =
  'expected the Bedrock modelId that was called (the Converse response has no model id; add "modelId" beside "usage")';

const usageSchema = objectSchema(
  {
    inputTokens: tokenCountSchema,
    outputTokens: tokenCountSchema,
    cacheReadInputTokens: optionalTokenCountSchema,
    cacheWriteInputTokens: optionalTokenCountSchema,
    cacheDetails: z
      .array(
        objectSchema(
          { ttl: z.string({ error: 'expected a TTL such as "5m" or "1h"' }), inputTokens: tokenCountSchema },
          'a cache detail object with "ttl" and "inputTokens"',
        ),
        { error: 'expected an array of cache details' },
      )
      .nullish(),
  },
  'a usage object',
);

const converseSchema = objectSchema(
  {
    modelId: z.string({ error: MODEL_ID_EXPECTATION }).pipe(modelIdSchema),
    usage: usageSchema.optional(),
    metadata: objectSchema({ usage: usageSchema }, 'a stream metadata object with "usage"').optional(),
  },
  'a Converse response object with "modelId" and "usage"',
);

export function normalizeBedrockConverse(payload: unknown): NormalizeResult {
  const parsed = parseProviderPayload(converseSchema, payload);
  if (!parsed.ok) return parsed;
  const usage = parsed.value.usage ?? parsed.value.metadata?.usage;
  if (usage === undefined) {
    return {
      ok: false,
      errors: [fieldError('usage', 'missing; expected a usage object (or a stream "metadata.usage")')],
    };
  }
  const oneHour = (usage.cacheDetails ?? []).filter((d) => d.ttl === '1h').reduce((sum, d) => sum + d.inputTokens, 0);
  if (oneHour > usage.cacheWriteInputTokens) {
    return {
      ok: false,
      errors: [
        partExceedsWholeError(
          ['usage', 'cacheDetails'],
          oneHour,
          'usage.cacheWriteInputTokens, which includes 1-hour writes',
          usage.cacheWriteInputTokens,
        ),
      ],
    };
  }
  return normalizedUsage(
    'bedrock',
    parsed.value.modelId,
    {
      inputTokens: usage.inputTokens,
      cachedInputTokens: usage.cacheReadInputTokens,
      cacheWriteTokens: usage.cacheWriteInputTokens,
      outputTokens: usage.outputTokens,
      reasoningTokens: 0,
    },
    { cacheWrite1hTokens: oneHour },
  );
}
