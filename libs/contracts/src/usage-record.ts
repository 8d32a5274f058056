// The normalized usage record of DESIGN §4, and the schema of the `data` of a
// `dev.tokenmeter.usage.v1` CloudEvent, which carries one already-normalized record.
import { z } from 'zod';
import { costUsdSchema } from './cost-usd';
import type { ProviderId } from './provider-ids';
import { SERVICE_TIERS, type ServiceTier } from './service-tier';
import { tokenCountSchema } from './token-count';
import { boundedTextSchema, tagsSchema } from './usage-field-schemas';
import {
  MAX_DEPLOYMENT_LENGTH,
  MAX_MODEL_LENGTH,
  MAX_PROJECT_LENGTH,
  MAX_PROVIDER_LENGTH,
  MAX_REQUESTS,
} from './usage-limits';

/** What a record counts: its token classes and calls. */
export interface UsageQuantities {
  /** Input billed at the full input price: cache reads and cache writes are NOT in here. */
  inputTokens: number;
  /** Input read from a prompt cache. */
  cachedInputTokens: number;
  /** Input written to a prompt cache. */
  cacheWriteTokens: number;
  /** All billed output, reasoning included. */
  outputTokens: number;
  /** The reasoning part of outputTokens (informational; never billed twice). */
  reasoningTokens: number;
  requests: number;
}

/** The quantities of anything that has them (a record, a parsed event), and nothing else. */
export function usageQuantities(from: UsageQuantities): UsageQuantities {
  const { inputTokens, cachedInputTokens, cacheWriteTokens, outputTokens, reasoningTokens, requests } = from;
  return { inputTokens, cachedInputTokens, cacheWriteTokens, outputTokens, reasoningTokens, requests };
}

/** One model call, or a pre-aggregated batch of calls when `requests > 1`. */
export interface UsageRecord extends UsageQuantities {
  /** With `source`, the idempotency key: the same (source, id) is stored once, forever. */
  id: string;
  source: string;
  /** When the usage happened: ISO 8601 UTC with milliseconds (`2026-05-01T12:00:00.000Z`). */
  time: string;
  team: string;
  project: string | null;
  tags: Record<string, string>;
  provider: ProviderId;
  model: string;
  /** The deployment that served the call, for self-hosted usage. */
  deployment: string | null;
  /** Cost supplied by the sender (canonical decimal string); it wins over TokenMeter's price book. */
  costUsd: string | null;
  /** Set only by the pricer: the price entry id that produced costUsd, `client`, or null. */
  priceVersion?: string | null;
  /** How the provider served the call (batch and flex cost less, priority more); absent: standard. */
  serviceTier?: ServiceTier | null;
  /** The part of cacheWriteTokens written with a 1-hour TTL (Anthropic bills it higher); absent: 0. */
  cacheWrite1hTokens?: number;
  /** Set only by the pricer: the rules that changed the standard rates, comma-separated; null: none. */
  priceRules?: string | null;
  /** Set only by the ingest: the API key that signed the record (per-key budgets); null: unsigned. */
  apiKeyId?: string | null;
}

/** The fields of UsageQuantities, in storage order. */
export const USAGE_QUANTITY_FIELDS = [
  'inputTokens',
  'cachedInputTokens',
  'cacheWriteTokens',
  'outputTokens',
  'reasoningTokens',
  'requests',
] as const satisfies readonly (keyof UsageQuantities)[];

/** Every field of a stored record, in the order of usage_records' COPY columns (snake_case there). */
export const USAGE_RECORD_COLUMNS = [
  'source',
  'id',
  'time',
  'team',
  'project',
  'tags',
  'provider',
  'model',
  'deployment',
  ...USAGE_QUANTITY_FIELDS,
  'costUsd',
  'priceVersion',
  'serviceTier',
  'priceRules',
  'apiKeyId',
] as const satisfies readonly (keyof UsageRecord)[];

const REQUESTS_EXPECTATION = `expected a positive integer of at most ${MAX_REQUESTS}`;

/** Fields of normalized usage data, in the order documented; `provider` is canonicalized later. */
export const usageDataShape = {
  provider: boundedTextSchema(MAX_PROVIDER_LENGTH, 'a provider id'),
  model: boundedTextSchema(MAX_MODEL_LENGTH, 'a model id'),
  deployment: boundedTextSchema(MAX_DEPLOYMENT_LENGTH, 'a deployment name').nullish(),
  project: boundedTextSchema(MAX_PROJECT_LENGTH, 'a project name').nullish(),
  tags: tagsSchema.optional(),
  inputTokens: tokenCountSchema,
  cachedInputTokens: tokenCountSchema.default(0),
  cacheWriteTokens: tokenCountSchema.default(0),
  outputTokens: tokenCountSchema,
  reasoningTokens: tokenCountSchema.default(0),
  /** Optional cross-check: when sent, it must equal input + cached + cache write + output. */
  totalTokens: tokenCountSchema.optional(),
  requests: z
    .number({ error: REQUESTS_EXPECTATION })
    .int({ error: REQUESTS_EXPECTATION })
    .min(1, { error: REQUESTS_EXPECTATION })
    .max(MAX_REQUESTS, { error: REQUESTS_EXPECTATION })
    .default(1),
  costUsd: costUsdSchema.nullish(),
  /** Pricing facts (usage-event docs): the service tier and the 1-hour part of cacheWriteTokens. */
  serviceTier: z.enum(SERVICE_TIERS, { error: `expected one of ${SERVICE_TIERS.join(', ')}` }).nullish(),
  cacheWrite1hTokens: tokenCountSchema.optional(),
};

/** Data fields only the full parser reads (the plain fast path leaves events that have them to it). */
export const PRICING_FACT_FIELDS: readonly string[] = ['serviceTier', 'cacheWrite1hTokens'];

export const USAGE_DATA_FIELDS: readonly string[] = Object.keys(usageDataShape);

const DATA_EXPECTATION = 'expected an object with the normalized usage fields';

/** Rejects fields it does not know. */
export const strictUsageDataSchema = z.strictObject(usageDataShape, { error: DATA_EXPECTATION });

/** Lets unknown fields through so the caller can turn them into tags. */
export const looseUsageDataSchema = z.looseObject(usageDataShape, { error: DATA_EXPECTATION });

export type UsageData = z.output<typeof strictUsageDataSchema>;
