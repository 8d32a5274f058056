// The one shape every token count has, in normalized records and in provider payloads alike.
import { z } from 'zod';
import { MAX_TOKENS } from './usage-limits';

export const TOKEN_COUNT_EXPECTATION = 'expected a non-negative integer below 10^12';

/** A required token count. */
export const tokenCountSchema = z
  .number({ error: TOKEN_COUNT_EXPECTATION })
  .int({ error: TOKEN_COUNT_EXPECTATION })
  .min(0, { error: TOKEN_COUNT_EXPECTATION })
  .max(MAX_TOKENS, { error: TOKEN_COUNT_EXPECTATION });

const OPTIONAL_EXPECTATION = `${TOKEN_COUNT_EXPECTATION} or null`;

/**
 * An optional provider count. Providers send `null` for "not applicable" (LiteLLM writes Python
 * `None`, OpenAI nulls unused details), which counts as zero.
 */
export const optionalTokenCountSchema = z
  .number({ error: OPTIONAL_EXPECTATION })
  .int({ error: OPTIONAL_EXPECTATION })
  .min(0, { error: OPTIONAL_EXPECTATION })
  .max(MAX_TOKENS, { error: OPTIONAL_EXPECTATION })
  .nullish()
  .transform((value) => value ?? 0);

export function isTokenCount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0 && value <= MAX_TOKENS;
}
