// What every provider normalizer produces: the usage part of a normalized record, with the
// counting rules of DESIGN §4 already applied (cache reads and writes out of inputTokens,
// reasoning inside outputTokens).
import type { ProviderId } from '../provider-ids';
import type { ServiceTier } from '../service-tier';
import { MAX_TOKENS } from '../usage-limits';
import { type FieldError, fieldError, joinPath } from '../validation-error';

/** Payload formats TokenMeter can normalize (the CLI's `--provider` values). */
export const PROVIDER_NAMES = [
  'openai',
  'openai-responses',
  'azure-openai',
  'anthropic',
  'gemini',
  'bedrock',
  'mistral',
  'deepseek',
  'otel',
  'litellm',
] as const;

/** A payload format, named after who produces it; not the same as the record's ProviderId. */
export type ProviderName = (typeof PROVIDER_NAMES)[number];

export function isProviderName(name: string): name is ProviderName {
  return (PROVIDER_NAMES as readonly string[]).includes(name);
}

export interface NormalizedUsage {
  provider: ProviderId;
  model: string;
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  /** inputTokens + cachedInputTokens + cacheWriteTokens + outputTokens. */
  totalTokens: number;
  requests: number;
  /** A cost the payload itself reports (LiteLLM's response_cost); absent otherwise. */
  costUsd?: string;
  /** A service tier other than standard (flex, batch, priority) that changes the price; absent for standard. */
  serviceTier?: ServiceTier;
  /** The part of cacheWriteTokens written with a 1-hour TTL; absent when none. */
  cacheWrite1hTokens?: number;
}

/** What a payload says about its price beyond the token counts. */
export interface PricingFacts {
  costUsd?: string;
  serviceTier?: ServiceTier | null;
  cacheWrite1hTokens?: number;
}

export type NormalizeResult = { ok: true; usage: NormalizedUsage } | { ok: false; errors: FieldError[] };

export type UsageCounts = Omit<
  NormalizedUsage,
  'provider' | 'model' | 'totalTokens' | 'requests' | 'costUsd' | 'serviceTier' | 'cacheWrite1hTokens'
>;

/**
 * Assembles the result, checking what the provider's own counts cannot guarantee: that derived
 * counts (sums such as Gemini's candidates + thoughts) stay within bounds.
 */
export function normalizedUsage(
  provider: ProviderId,
  model: string,
  counts: UsageCounts,
  extra: PricingFacts = {},
): NormalizeResult {
  const totalTokens = counts.inputTokens + counts.cachedInputTokens + counts.cacheWriteTokens + counts.outputTokens;
  const errors: FieldError[] = [];
  for (const [field, value] of Object.entries({ ...counts, totalTokens })) {
    if (value > MAX_TOKENS) errors.push(fieldError(field, `derived count ${value} is not below 10^12`));
  }
  if (errors.length > 0) return { ok: false, errors };
  const usage: NormalizedUsage = { provider, model, ...counts, totalTokens, requests: 1 };
  if (extra.costUsd !== undefined) usage.costUsd = extra.costUsd;
  // Only what changes the price is kept, so a standard call normalizes as it always did.
  if (extra.serviceTier && extra.serviceTier !== 'standard') usage.serviceTier = extra.serviceTier;
  if (extra.cacheWrite1hTokens) usage.cacheWrite1hTokens = extra.cacheWrite1hTokens;
  return { ok: true, usage };
}

/**
 * A provider reports a part inside a whole (cached inside prompt tokens); the part can never be
 * larger. When it is, the payload is not what its provider would send, so guessing is unsafe.
 * `sumDescription` names the part when it is a sum of several fields under `partPath`.
 */
export function partExceedsWholeError(
  partPath: readonly (string | number)[],
  part: number,
  wholeDescription: string,
  whole: number,
  sumDescription?: string,
): FieldError {
  const detail = sumDescription
    ? `expected ${sumDescription} (${part}) to be at most ${wholeDescription} (${whole})`
    : `expected at most ${wholeDescription} (${whole}), got ${part}`;
  return fieldError(joinPath('', partPath), detail);
}
