// Validates usage CloudEvents (already parsed from JSON) and turns them into normalized usage
// records. Used by the HTTP ingest endpoint, the Kafka consumer (through usage-message-decoder)
// and the CLI. Every problem is reported, not only the first, so a sender fixes a batch in one go.
import {
  CLOUDEVENT_CONTEXT_ATTRIBUTES,
  cloudEventEnvelopeSchema,
  EVENT_TYPE_EXPECTATION,
  EXTENSION_NAME_PATTERN,
  PROJECT_EXTENSION,
  providerNameOfEventType,
  USAGE_EVENT_TYPE,
} from './cloud-event';
import { parseEventTime } from './event-time';
import { normalizeProviderUsage } from './normalizers/normalize-provider-usage';
import type { ProviderName } from './normalizers/normalized-usage';
import { parsePlainUsageEvent } from './plain-usage-event';
import { COMMON_PROVIDER_IDS_TEXT, canonicalProviderId, type ProviderId } from './provider-ids';
import type { ServiceTier } from './service-tier';
import { isTagKey, TAG_KEY_EXPECTATION, TAG_VALUE_EXPECTATION, TAG_VALUE_PATTERN } from './usage-field-schemas';
import { MAX_BATCH_EVENTS, MAX_TAG_VALUE_LENGTH, MAX_TAGS } from './usage-limits';
import {
  looseUsageDataSchema,
  strictUsageDataSchema,
  USAGE_DATA_FIELDS,
  type UsageQuantities,
  type UsageRecord,
  usageQuantities,
} from './usage-record';
import {
  describeReceived,
  expectationDetail,
  type FieldError,
  fieldError,
  joinPath,
  safeParseReporting,
  zodIssuesToFieldErrors,
} from './validation-error';

export interface ParseUsageOptions {
  /** The current time; events must fall within [now − 400 days, now + 1 day]. */
  now: Date;
  /** Prefix of every error path, e.g. `usage.events` (batch) or `event` (single). Default: none / `events`. */
  path?: string;
  /**
   * Keep unknown fields of normalized data, and unknown CloudEvents extension attributes, as tags
   * (string, number and boolean values only). Off by default: an unknown field is usually a typo
   * (`outputToken`) whose tokens would otherwise be silently dropped.
   */
  allowUnknownFields?: boolean;
}

export type UsageEventResult = { ok: true; record: UsageRecord } | { ok: false; errors: FieldError[] };

export type UsageBatchResult =
  | { ok: true; records: UsageRecord[] }
  | {
      ok: false;
      errors: FieldError[];
      /** The events that were valid, for callers that accept a batch partially. */
      accepted: Array<{ index: number; record: UsageRecord }>;
    };

const KNOWN_DATA_FIELDS = new Set(USAGE_DATA_FIELDS);

export function parseUsageEvent(json: unknown, options: ParseUsageOptions): UsageEventResult {
  const plain = parsePlainUsageEvent(json, options.now);
  return plain === null ? parseUsageEventWithSchemas(json, options) : { ok: true, record: plain };
}

/** parseUsageEvent without its fast path: every event through the schemas. */
export function parseUsageEventWithSchemas(json: unknown, options: ParseUsageOptions): UsageEventResult {
  const prefix = options.path ?? '';
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    const hint = Array.isArray(json) ? ' (a batch must be sent as application/cloudevents-batch+json)' : '';
    return {
      ok: false,
      errors: [fieldError(prefix, expectationDetail(`expected a CloudEvent JSON object${hint}`, json))],
    };
  }
  const event = json as Record<string, unknown>;
  const errors: FieldError[] = [];

  const envelope = safeParseReporting(cloudEventEnvelopeSchema, event);
  if (!envelope.success) errors.push(...zodIssuesToFieldErrors(envelope.error.issues, prefix));

  const time = parseEventTime(event['time'], options.now);
  if (!time.ok) errors.push(fieldError(joinPath(prefix, ['time']), expectationDetail(time.expectation, event['time'])));

  if ('data_base64' in event) {
    errors.push(
      fieldError(joinPath(prefix, ['data_base64']), 'binary data is not accepted; send the JSON object in "data"'),
    );
  }
  const dataPath = joinPath(prefix, ['data']);
  if (!('data' in event)) errors.push(fieldError(dataPath, 'missing; expected the usage object'));

  const extensionTags = new Map<string, string>();
  for (const name of Object.keys(event)) {
    if (CLOUDEVENT_CONTEXT_ATTRIBUTES.has(name) || name === PROJECT_EXTENSION) continue;
    const value = event[name];
    const path = joinPath(prefix, [name]);
    if (!options.allowUnknownFields) {
      errors.push(
        fieldError(
          path,
          'unknown CloudEvents attribute; remove it ' +
            '(extension attributes become tags only where unknown fields are allowed)',
        ),
      );
    } else if (!EXTENSION_NAME_PATTERN.test(name)) {
      errors.push(fieldError(path, 'expected a CloudEvents extension name: 1 to 20 lower-case letters or digits'));
    } else {
      const tag = tagValueOf(value);
      if (tag === null) errors.push(fieldError(path, expectationDetail(TAG_VALUE_EXPECTATION, value)));
      else extensionTags.set(name, tag);
    }
  }

  const type = typeof event['type'] === 'string' ? event['type'] : null;
  const rawProvider = type === null ? null : providerNameOfEventType(type);
  if (type !== null && type !== USAGE_EVENT_TYPE && rawProvider === null) {
    errors.push(fieldError(joinPath(prefix, ['type']), expectationDetail(EVENT_TYPE_EXPECTATION, type)));
  }

  let usage: UsageFromData | null = null;
  if ('data' in event && (type === USAGE_EVENT_TYPE || rawProvider !== null)) {
    const fromData =
      rawProvider === null
        ? normalizedUsageFromData(event['data'], dataPath, options.allowUnknownFields === true)
        : rawUsageFromData(rawProvider, event['data'], dataPath);
    if (fromData.ok) usage = fromData.usage;
    else errors.push(...fromData.errors);
  }

  if (errors.length > 0 || !envelope.success || !time.ok || usage === null) return { ok: false, errors };

  const extensionProject = envelope.data.project ?? null;
  if (usage.project !== null && extensionProject !== null && usage.project !== extensionProject) {
    return {
      ok: false,
      errors: [
        fieldError(
          joinPath(dataPath, ['project']),
          `expected the same project as the "project" attribute (${JSON.stringify(extensionProject)}), ` +
            `got ${describeReceived(usage.project)}`,
        ),
      ],
    };
  }
  // Explicit tags win over unknown fields, which win over extension attributes.
  const tags =
    extensionTags.size + usage.unknownFieldTags.size === 0
      ? usage.tags
      : new Map([...extensionTags, ...usage.unknownFieldTags, ...usage.tags]);
  if (tags.size > MAX_TAGS) {
    return {
      ok: false,
      errors: [
        fieldError(
          joinPath(dataPath, ['tags']),
          `expected at most ${MAX_TAGS} tags in all (tags, unknown fields and extension attributes), got ${tags.size}`,
        ),
      ],
    };
  }

  return {
    ok: true,
    record: {
      id: envelope.data.id,
      source: envelope.data.source,
      time: time.iso,
      team: envelope.data.subject,
      project: usage.project ?? extensionProject,
      tags: Object.fromEntries(tags),
      provider: usage.provider,
      model: usage.model,
      deployment: usage.deployment,
      ...usageQuantities(usage),
      costUsd: usage.costUsd,
      ...pricingFacts(usage),
    },
  };
}

/** Only facts that change the price go on the record, so a standard record looks as it always did. */
function pricingFacts(usage: UsageFromData): Pick<UsageRecord, 'serviceTier' | 'cacheWrite1hTokens'> {
  const facts: Pick<UsageRecord, 'serviceTier' | 'cacheWrite1hTokens'> = {};
  if (usage.serviceTier && usage.serviceTier !== 'standard') facts.serviceTier = usage.serviceTier;
  if (usage.cacheWrite1hTokens) facts.cacheWrite1hTokens = usage.cacheWrite1hTokens;
  return facts;
}

export function parseUsageBatch(json: unknown, options: ParseUsageOptions): UsageBatchResult {
  const prefix = options.path ?? 'events';
  if (!Array.isArray(json)) {
    return {
      ok: false,
      errors: [
        fieldError(
          prefix,
          expectationDetail('expected a JSON array of CloudEvents (application/cloudevents-batch+json)', json),
        ),
      ],
      accepted: [],
    };
  }
  if (json.length > MAX_BATCH_EVENTS) {
    return {
      ok: false,
      errors: [
        fieldError(
          prefix,
          `expected at most ${MAX_BATCH_EVENTS} events per batch, got ${json.length}; split the batch`,
        ),
      ],
      accepted: [],
    };
  }
  const records: UsageRecord[] = [];
  const accepted: Array<{ index: number; record: UsageRecord }> = [];
  const errors: FieldError[] = [];
  json.forEach((event, index) => {
    const result = parseUsageEvent(event, { ...options, path: joinPath(prefix, [index]) });
    if (result.ok) {
      records.push(result.record);
      accepted.push({ index, record: result.record });
    } else errors.push(...result.errors);
  });
  return errors.length === 0 ? { ok: true, records } : { ok: false, errors, accepted };
}

interface UsageFromData extends UsageQuantities {
  provider: ProviderId;
  model: string;
  deployment: string | null;
  project: string | null;
  tags: Map<string, string>;
  unknownFieldTags: Map<string, string>;
  costUsd: string | null;
  serviceTier?: ServiceTier | null;
  cacheWrite1hTokens?: number;
}

type DataResult = { ok: true; usage: UsageFromData } | { ok: false; errors: FieldError[] };

function normalizedUsageFromData(data: unknown, dataPath: string, allowUnknownFields: boolean): DataResult {
  const schema = allowUnknownFields ? looseUsageDataSchema : strictUsageDataSchema;
  const parsed = safeParseReporting(schema, data);
  if (!parsed.success) return { ok: false, errors: zodIssuesToFieldErrors(parsed.error.issues, dataPath) };
  const value = parsed.data;
  const errors: FieldError[] = [];

  const provider = canonicalProviderId(value.provider);
  if (provider === null) {
    errors.push(
      fieldError(
        joinPath(dataPath, ['provider']),
        `expected a known provider id or alias (${COMMON_PROVIDER_IDS_TEXT}), got ${describeReceived(value.provider)}`,
      ),
    );
  }
  if (value.reasoningTokens > value.outputTokens) {
    errors.push(
      fieldError(
        joinPath(dataPath, ['reasoningTokens']),
        `expected at most outputTokens (${value.outputTokens}), which includes reasoning, got ${value.reasoningTokens}`,
      ),
    );
  }
  if (value.cacheWrite1hTokens !== undefined && value.cacheWrite1hTokens > value.cacheWriteTokens) {
    errors.push(
      fieldError(
        joinPath(dataPath, ['cacheWrite1hTokens']),
        `expected at most cacheWriteTokens (${value.cacheWriteTokens}), which includes 1-hour writes, ` +
          `got ${value.cacheWrite1hTokens}`,
      ),
    );
  }
  const sum = value.inputTokens + value.cachedInputTokens + value.cacheWriteTokens + value.outputTokens;
  if (value.totalTokens !== undefined && value.totalTokens !== sum) {
    // The classic double-count: inputTokens sent with cached tokens still inside it.
    errors.push(
      fieldError(
        joinPath(dataPath, ['totalTokens']),
        `expected inputTokens + cachedInputTokens + cacheWriteTokens + outputTokens (${sum}), ` +
          `got ${value.totalTokens}; inputTokens must exclude cache reads and writes`,
      ),
    );
  }

  const unknownFieldTags = new Map<string, string>();
  if (allowUnknownFields) {
    for (const [key, fieldValue] of Object.entries(value as Record<string, unknown>)) {
      if (KNOWN_DATA_FIELDS.has(key)) continue;
      const path = joinPath(dataPath, [key]);
      const tag = tagValueOf(fieldValue);
      if (!isTagKey(key)) errors.push(fieldError(path, `cannot be kept as a tag: ${TAG_KEY_EXPECTATION}`));
      else if (tag === null)
        errors.push(
          fieldError(path, expectationDetail(`cannot be kept as a tag: ${TAG_VALUE_EXPECTATION}`, fieldValue)),
        );
      else unknownFieldTags.set(key, tag);
    }
  }
  if (errors.length > 0 || provider === null) return { ok: false, errors };

  return {
    ok: true,
    usage: {
      provider,
      model: value.model,
      deployment: value.deployment ?? null,
      project: value.project ?? null,
      tags: new Map(Object.entries(value.tags ?? {})),
      unknownFieldTags,
      inputTokens: value.inputTokens,
      cachedInputTokens: value.cachedInputTokens,
      cacheWriteTokens: value.cacheWriteTokens,
      outputTokens: value.outputTokens,
      reasoningTokens: value.reasoningTokens,
      requests: value.requests,
      costUsd: value.costUsd ?? null,
      serviceTier: value.serviceTier ?? null,
      ...(value.cacheWrite1hTokens === undefined ? {} : { cacheWrite1hTokens: value.cacheWrite1hTokens }),
    },
  };
}

function rawUsageFromData(provider: ProviderName, data: unknown, dataPath: string): DataResult {
  const normalized = normalizeProviderUsage(provider, data, { path: dataPath });
  if (!normalized.ok) return normalized;
  const { usage } = normalized;
  return {
    ok: true,
    usage: {
      provider: usage.provider,
      model: usage.model,
      deployment: null,
      project: null,
      tags: new Map(),
      unknownFieldTags: new Map(),
      ...usageQuantities(usage),
      costUsd: usage.costUsd ?? null,
      ...(usage.serviceTier === undefined ? {} : { serviceTier: usage.serviceTier }),
      ...(usage.cacheWrite1hTokens === undefined ? {} : { cacheWrite1hTokens: usage.cacheWrite1hTokens }),
    },
  };
}

/** Strings, numbers and booleans can be tags; anything else cannot. */
function tagValueOf(value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return null;
  const text = String(value);
  return text.length <= MAX_TAG_VALUE_LENGTH && TAG_VALUE_PATTERN.test(text) ? text : null;
}
