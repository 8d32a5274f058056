// The fast path of usage-event validation. Nearly every event on the wire is a normalized-usage
// event (dev.tokenmeter.usage.v1) with nothing unusual in it; this reads such an event into its
// record with plain checks, several times faster than the zod schemas (which dominate the ingest
// consumer's time per event). Anything else (a raw provider event, an extension attribute, a
// broken rule, or merely an unusual but valid shape) returns null and goes through the full
// schemas of usage-event-parser.ts, which have the final word and write the error messages.
// plain-usage-event.spec.ts holds the two together: whatever this accepts, the full parser
// accepts as the same record.
import {
  CLOUDEVENT_CONTEXT_ATTRIBUTES,
  CLOUDEVENTS_SPEC_VERSION,
  JSON_CONTENT_TYPE_PATTERN,
  USAGE_EVENT_TYPE,
} from './cloud-event';
import { canonicalCostUsd, costUsdFromNumber } from './cost-usd';
import { parseEventTime } from './event-time';
import { canonicalProviderId } from './provider-ids';
import { SELF_HOSTED_SOURCE_PATTERN } from './self-hosted-usage';
import { isTagKey, PLAIN_TEXT, TAG_VALUE_PATTERN, TEAM_SLUG_PATTERN } from './usage-field-schemas';
import {
  MAX_DEPLOYMENT_LENGTH,
  MAX_EVENT_ID_LENGTH,
  MAX_MODEL_LENGTH,
  MAX_PROJECT_LENGTH,
  MAX_PROVIDER_LENGTH,
  MAX_REQUESTS,
  MAX_SOURCE_LENGTH,
  MAX_TAG_VALUE_LENGTH,
  MAX_TAGS,
  MAX_TEAM_LENGTH,
  MAX_TOKENS,
} from './usage-limits';
import { PRICING_FACT_FIELDS, USAGE_DATA_FIELDS, type UsageRecord } from './usage-record';

// The attributes a plain event may carry: the CloudEvents context attributes with JSON `data`
// (dataschema and data_base64 are left to the full parser) and the `project` extension.
const ENVELOPE_FIELDS: ReadonlySet<string> = new Set(
  [...CLOUDEVENT_CONTEXT_ATTRIBUTES, 'project'].filter((name) => name !== 'dataschema' && name !== 'data_base64'),
);
const DATA_FIELDS: ReadonlySet<string> = new Set(
  USAGE_DATA_FIELDS.filter((field) => !PRICING_FACT_FIELDS.includes(field)),
);

/** The record of a plainly valid normalized-usage event, or null: then the full parser decides. */
export function parsePlainUsageEvent(json: unknown, now: Date): UsageRecord | null {
  if (!isPlainObject(json)) return null;
  const event = json as Record<string, unknown>;
  if (!onlyFields(event, ENVELOPE_FIELDS)) return null;
  const { id, source, subject, data } = event;
  if (event['specversion'] !== CLOUDEVENTS_SPEC_VERSION || event['type'] !== USAGE_EVENT_TYPE) return null;
  if (!isText(id, MAX_EVENT_ID_LENGTH) || !isText(source, MAX_SOURCE_LENGTH)) return null;
  if (SELF_HOSTED_SOURCE_PATTERN.test(source)) return null;
  if (typeof subject !== 'string' || subject.length > MAX_TEAM_LENGTH || !TEAM_SLUG_PATTERN.test(subject)) return null;
  const contentType = event['datacontenttype'];
  if (contentType !== undefined && (typeof contentType !== 'string' || !JSON_CONTENT_TYPE_PATTERN.test(contentType)))
    return null;
  const extensionProject = event['project'];
  if (extensionProject !== undefined && !isText(extensionProject, MAX_PROJECT_LENGTH)) return null;
  const time = parseEventTime(event['time'], now);
  if (!time.ok || !isPlainObject(data)) return null;

  const usage = data as Record<string, unknown>;
  if (!onlyFields(usage, DATA_FIELDS)) return null;
  const { model, deployment, project } = usage;
  const provider = isText(usage['provider'], MAX_PROVIDER_LENGTH) ? canonicalProviderId(usage['provider']) : null;
  if (provider === null || !isText(model, MAX_MODEL_LENGTH)) return null;
  if (!isAbsentOr(deployment, MAX_DEPLOYMENT_LENGTH) || !isAbsentOr(project, MAX_PROJECT_LENGTH)) return null;
  if (project != null && extensionProject !== undefined && project !== extensionProject) return null;
  const tags = plainTags(usage['tags']);
  const inputTokens = usage['inputTokens'];
  const outputTokens = usage['outputTokens'];
  const cachedInputTokens = orDefault(usage['cachedInputTokens'], 0);
  const cacheWriteTokens = orDefault(usage['cacheWriteTokens'], 0);
  const reasoningTokens = orDefault(usage['reasoningTokens'], 0);
  const totalTokens = usage['totalTokens'];
  const requests = orDefault(usage['requests'], 1);
  if (
    tags === null ||
    !isCount(inputTokens) ||
    !isCount(outputTokens) ||
    !isCount(cachedInputTokens) ||
    !isCount(cacheWriteTokens) ||
    !isCount(reasoningTokens) ||
    reasoningTokens > outputTokens ||
    (totalTokens !== undefined &&
      (!isCount(totalTokens) || totalTokens !== inputTokens + cachedInputTokens + cacheWriteTokens + outputTokens)) ||
    !isInteger(requests, 1, MAX_REQUESTS)
  ) {
    return null;
  }
  const costUsd = plainCost(usage['costUsd']);
  if (costUsd === undefined) return null;

  return {
    id: id as string,
    source: source as string,
    time: time.iso,
    team: subject,
    project: (project as string | null | undefined) ?? (extensionProject as string | undefined) ?? null,
    tags,
    provider,
    model,
    deployment: (deployment as string | null | undefined) ?? null,
    inputTokens,
    cachedInputTokens,
    cacheWriteTokens,
    outputTokens,
    reasoningTokens,
    requests,
    costUsd,
  };
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function onlyFields(object: Record<string, unknown>, allowed: ReadonlySet<string>): boolean {
  for (const key of Object.keys(object)) if (!allowed.has(key)) return false;
  return true;
}

/** boundedTextSchema: 1 to max characters, no control characters, no surrounding spaces. */
function isText(value: unknown, maxLength: number): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= maxLength && PLAIN_TEXT.test(value);
}

/** A nullish bounded text. */
function isAbsentOr(value: unknown, maxLength: number): boolean {
  return value === undefined || value === null || isText(value, maxLength);
}

/** zod's .default(): only a missing field (undefined) takes the default, null does not. */
function orDefault(value: unknown, fallback: number): unknown {
  return value === undefined ? fallback : value;
}

function isCount(value: unknown): value is number {
  return isInteger(value, 0, MAX_TOKENS);
}

function isInteger(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max;
}

/** A copy of well-formed tags (absent: none), or null. */
function plainTags(value: unknown): Record<string, string> | null {
  const tags: Record<string, string> = {};
  if (value === undefined) return tags;
  if (!isPlainObject(value)) return null;
  const keys = Object.keys(value as object);
  if (keys.length > MAX_TAGS) return null;
  for (const key of keys) {
    const tag = (value as Record<string, unknown>)[key];
    if (!isTagKey(key) || typeof tag !== 'string' || tag.length > MAX_TAG_VALUE_LENGTH || !TAG_VALUE_PATTERN.test(tag))
      return null;
    tags[key] = tag;
  }
  return tags;
}

/** The canonical client cost (null when absent), or undefined when it is not acceptable. */
function plainCost(value: unknown): string | null | undefined {
  if (value === undefined || value === null) return null;
  const canonical =
    typeof value === 'number'
      ? costUsdFromNumber(value)
      : typeof value === 'string'
        ? canonicalCostUsd(value.trim())
        : null;
  return canonical ?? undefined;
}
