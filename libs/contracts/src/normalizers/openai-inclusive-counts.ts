// OpenAI's counting rule, shared by Chat Completions (and the APIs that copy it) and the Responses
// API: the input count INCLUDES cached tokens and cache writes, the output count INCLUDES reasoning
// tokens. Only the field names differ, so the check and the split are written once, here.
import { optionalTokenCountSchema } from '../token-count';
import type { FieldError } from '../validation-error';
import { partExceedsWholeError, type UsageCounts } from './normalized-usage';
import { objectSchema } from './parse-provider-payload';

/** The names of the four usage fields in one OpenAI API. */
export interface OpenAiUsageFieldNames {
  input: string;
  inputDetails: string;
  output: string;
  outputDetails: string;
}

export const CHAT_COMPLETION_FIELDS: OpenAiUsageFieldNames = {
  input: 'prompt_tokens',
  inputDetails: 'prompt_tokens_details',
  output: 'completion_tokens',
  outputDetails: 'completion_tokens_details',
};

export const RESPONSES_API_FIELDS: OpenAiUsageFieldNames = {
  input: 'input_tokens',
  inputDetails: 'input_tokens_details',
  output: 'output_tokens',
  outputDetails: 'output_tokens_details',
};

/** `{ reasoning_tokens }` under an output count, or null. */
export function reasoningDetailsSchema(what: string) {
  return objectSchema(
    { reasoning_tokens: optionalTokenCountSchema },
    `an object of ${what} token details or null`,
  ).nullish();
}

type TokenDetails =
  | { cached_tokens?: number; cache_write_tokens?: number; reasoning_tokens?: number }
  | null
  | undefined;

/**
 * The normalized counts of a usage object already validated against its API's schema, or the
 * errors of a part that exceeds the whole it is included in.
 */
export function openAiInclusiveCounts(
  names: OpenAiUsageFieldNames,
  usage: Record<string, unknown>,
): { ok: true; counts: UsageCounts } | { ok: false; errors: FieldError[] } {
  const inputDetails = usage[names.inputDetails] as TokenDetails;
  const outputDetails = usage[names.outputDetails] as TokenDetails;
  const input = usage[names.input] as number;
  const output = usage[names.output] as number;
  const cached = inputDetails?.cached_tokens ?? 0;
  const cacheWrite = inputDetails?.cache_write_tokens ?? 0;
  const reasoning = outputDetails?.reasoning_tokens ?? 0;
  const errors: FieldError[] = [];
  if (cached + cacheWrite > input) {
    errors.push(
      partExceedsWholeError(
        cacheWrite > 0 ? ['usage', names.inputDetails] : ['usage', names.inputDetails, 'cached_tokens'],
        cached + cacheWrite,
        `usage.${names.input}, which includes cached tokens`,
        input,
        cacheWrite > 0 ? 'cached_tokens + cache_write_tokens' : undefined,
      ),
    );
  }
  if (reasoning > output) {
    errors.push(
      partExceedsWholeError(
        ['usage', names.outputDetails, 'reasoning_tokens'],
        reasoning,
        `usage.${names.output}, which includes reasoning tokens`,
        output,
      ),
    );
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    counts: {
      inputTokens: input - cached - cacheWrite,
      cachedInputTokens: cached,
      cacheWriteTokens: cacheWrite,
      outputTokens: output,
      reasoningTokens: reasoning,
    },
  };
}
