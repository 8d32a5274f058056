// The CloudEvents 1.0 envelope (JSON event format) that carries usage into TokenMeter.
//
// Two event types:
// - `dev.tokenmeter.usage.v1`: `data` is one normalized usage record (the fields of
//   usage-record.ts). This is what SDKs, the CLI and the HTTP API produce.
// - `dev.tokenmeter.usage.<provider>.v1`, <provider> one of PROVIDER_NAMES (e.g.
//   `dev.tokenmeter.usage.anthropic.v1`): `data` is the provider's own response, usage or
//   telemetry object, forwarded as is; it is normalized during validation with the rules of
//   DESIGN §4, so a sender never has to know who counts cached tokens how.
//
// Attribution: `subject` is the team slug. `project` may be a field of normalized data or the
// CloudEvents extension attribute `project` (the only way to set it on raw provider events).
// Other extension attributes become tags when the caller allows unknown fields, else they are
// rejected. `time` is required (usage time travels in the payload; DESIGN §2).
import { z } from 'zod';
import { PROVIDER_NAMES, type ProviderName } from './normalizers/normalized-usage';
import { RESERVED_SOURCE_EXPECTATION, SELF_HOSTED_SOURCE_PATTERN } from './self-hosted-usage';
import { boundedTextSchema, teamSlugSchema } from './usage-field-schemas';
import { MAX_EVENT_ID_LENGTH, MAX_PROJECT_LENGTH, MAX_SOURCE_LENGTH } from './usage-limits';

export const CLOUDEVENTS_SPEC_VERSION = '1.0';
export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json';
export const CLOUDEVENTS_BATCH_CONTENT_TYPE = 'application/cloudevents-batch+json';

/** Normalized usage: `data` holds the fields of a UsageRecord. */
export const USAGE_EVENT_TYPE = 'dev.tokenmeter.usage.v1';

/** Raw usage from one provider format: `data` holds that provider's own payload. */
export function rawUsageEventType(provider: ProviderName): string {
  return `dev.tokenmeter.usage.${provider}.v1`;
}

const RAW_USAGE_EVENT_TYPES: ReadonlyMap<string, ProviderName> = new Map(
  PROVIDER_NAMES.map((name) => [rawUsageEventType(name), name]),
);

/** The provider format a raw usage event type names, or null. */
export function providerNameOfEventType(type: string): ProviderName | null {
  return RAW_USAGE_EVENT_TYPES.get(type) ?? null;
}

export const EVENT_TYPE_EXPECTATION =
  `expected "${USAGE_EVENT_TYPE}" or "dev.tokenmeter.usage.<provider>.v1" ` +
  `with <provider> one of ${PROVIDER_NAMES.join(', ')}`;

/** Context attributes defined by the CloudEvents spec (JSON format). */
export const CLOUDEVENT_CONTEXT_ATTRIBUTES: ReadonlySet<string> = new Set([
  'specversion',
  'id',
  'source',
  'type',
  'time',
  'subject',
  'datacontenttype',
  'dataschema',
  'data',
  'data_base64',
]);

/** Extension attribute carrying the project for any event type. */
export const PROJECT_EXTENSION = 'project';

/** CloudEvents: extension names are lower-case letters and digits, 20 characters at most. */
export const EXTENSION_NAME_PATTERN = /^[a-z0-9]{1,20}$/;

export interface UsageCloudEvent {
  specversion: typeof CLOUDEVENTS_SPEC_VERSION;
  id: string;
  source: string;
  type: string;
  /** RFC 3339. */
  time: string;
  /** The team slug. */
  subject: string;
  datacontenttype?: string;
  dataschema?: string;
  data: unknown;
  project?: string;
  [extension: string]: unknown;
}

export const JSON_CONTENT_TYPE_PATTERN = /^application\/json\s*(;.*)?$/i;

const JSON_CONTENT_TYPE_EXPECTATION = 'expected "application/json" (binary data is not accepted)';

export const cloudEventEnvelopeSchema = z.looseObject(
  {
    specversion: z.literal(CLOUDEVENTS_SPEC_VERSION, { error: 'expected "1.0" (CloudEvents 1.0)' }),
    id: boundedTextSchema(MAX_EVENT_ID_LENGTH, 'an event id'),
    source: boundedTextSchema(MAX_SOURCE_LENGTH, 'a source URI-reference').refine(
      (source) => !SELF_HOSTED_SOURCE_PATTERN.test(source),
      { error: RESERVED_SOURCE_EXPECTATION },
    ),
    type: z.string({ error: EVENT_TYPE_EXPECTATION }),
    subject: teamSlugSchema,
    datacontenttype: z
      .string({ error: JSON_CONTENT_TYPE_EXPECTATION })
      .regex(JSON_CONTENT_TYPE_PATTERN, { error: JSON_CONTENT_TYPE_EXPECTATION })
      .optional(),
    dataschema: boundedTextSchema(512, 'a URI').optional(),
    project: boundedTextSchema(MAX_PROJECT_LENGTH, 'a project name').optional(),
  },
  { error: 'expected a CloudEvent JSON object' },
);
