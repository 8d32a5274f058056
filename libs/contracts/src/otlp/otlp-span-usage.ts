// OTLP traces → usage records. Applications instrumented with OpenTelemetry (OpenLLMetry, OpenLIT,
// the official GenAI instrumentations) export every span they record; only spans whose own
// attributes carry GenAI token counts become usage, one record per span, read by the same GenAI
// normalizer as `/v1/usage/otel`. Nothing else of a span is read: prompt and completion content
// (gen_ai.prompt*, gen_ai.completion*, gen_ai.input/output.messages, span events) never reaches a
// record, a log line or an error message.
//
// The request arrives in the OTLP/JSON shape (lowerCamelCase, hex ids, int64 as strings or numbers);
// the api decodes protobuf into that shape first. A malformed structure refuses the request; a
// GenAI span with bad usage is rejected alone, so the caller stores the rest (OTLP partial success).
import { z } from 'zod';
import type { UsageCloudEvent } from '../cloud-event';
import { CLOUDEVENTS_SPEC_VERSION, USAGE_EVENT_TYPE } from '../cloud-event';
import { parseEventTime } from '../event-time';
import { normalizeOtelGenAiSpan, OTEL_GENAI_ATTRIBUTES } from '../normalizers/otel-genai-span';
import { parseUsageEvent } from '../usage-event-parser';
import { boundedTextSchema, TEAM_SLUG_EXPECTATION, teamSlugSchema } from '../usage-field-schemas';
import { MAX_PROJECT_LENGTH, MAX_SOURCE_LENGTH } from '../usage-limits';
import type { UsageRecord } from '../usage-record';
import { expectationDetail, type FieldError, fieldError, joinPath, prefixFieldError } from '../validation-error';
import {
  describeOtlpValue,
  isRecord,
  type OtlpAttribute,
  type OtlpAttributes,
  type OtlpValue,
  readOtlpAttributes,
} from './otlp-attributes';

export const OTLP_TEAM_ATTRIBUTE = 'tokenmeter.team';
export const OTLP_PROJECT_ATTRIBUTE = 'tokenmeter.project';
export const OTLP_TEAM_HEADER_PATH = 'headers.x-tokenmeter-team';
const KEY_TEAM_PATH = 'headers.authorization';
const SERVICE_NAME_ATTRIBUTE = 'service.name';
/** What the OpenTelemetry SDKs call a service that did not name itself. */
const UNKNOWN_SERVICE = 'unknown_service';

export interface OtlpUsageOptions {
  /** Events must fall within [now − 400 days, now + 1 day], as everywhere else. */
  now: Date;
  /** The team an ingest key writes for; null for a finops key, which may write for any team. */
  keyTeam: string | null;
  /** The X-TokenMeter-Team header, when sent. */
  headerTeam?: string;
}

export type OtlpUsageResult =
  /** `bad-request`: the request cannot be read; `forbidden`: it names a team the key may not write. */
  | { ok: false; reason: 'bad-request' | 'forbidden'; errors: FieldError[] }
  /** `errors` explain the `rejectedSpans` GenAI spans that were left out. */
  | { ok: true; records: UsageRecord[]; rejectedSpans: number; errors: FieldError[] };

const USAGE_KEYS: readonly string[] = Object.values(OTEL_GENAI_ATTRIBUTES).flat();
const COUNT_KEYS: readonly string[] = [...OTEL_GENAI_ATTRIBUTES.inputTokens, ...OTEL_GENAI_ATTRIBUTES.outputTokens];

interface ResourceContext {
  attributes: OtlpAttributes;
  attributesPath: string;
  team: { value: OtlpValue; path: string } | null;
}

interface GenAiSpan {
  span: Record<string, unknown>;
  path: string;
  attributes: OtlpAttributes;
  resource: ResourceContext;
}

export function otlpTracesToUsage(request: unknown, options: OtlpUsageOptions): OtlpUsageResult {
  const found = findGenAiSpans(request, options);
  if (!found.ok) return { ok: false, reason: 'bad-request', errors: found.errors };
  const forbidden = foreignTeams(found.spans, options);
  if (forbidden.length > 0) return { ok: false, reason: 'forbidden', errors: forbidden };
  const records: UsageRecord[] = [];
  const errors: FieldError[] = [];
  let rejectedSpans = 0;
  for (const genAiSpan of found.spans) {
    const result = spanRecord(genAiSpan, options.now);
    if (result.ok) records.push(result.record);
    else {
      rejectedSpans++;
      errors.push(...result.errors);
    }
  }
  return { ok: true, records, rejectedSpans, errors };
}

type Found = { ok: true; spans: GenAiSpan[] } | { ok: false; errors: FieldError[] };

/** Walks resourceSpans → scopeSpans → spans, keeping the spans whose own attributes count tokens. */
function findGenAiSpans(request: unknown, options: OtlpUsageOptions): Found {
  if (!isRecord(request)) {
    return { ok: false, errors: [notA('an ExportTraceServiceRequest object', '', request)] };
  }
  const errors: FieldError[] = [];
  const spans: GenAiSpan[] = [];
  // Team: the resource's tokenmeter.team, else the header, else the ingest key's own team.
  const header = options.headerTeam === undefined ? null : { value: options.headerTeam, path: OTLP_TEAM_HEADER_PATH };
  const keyTeam = options.keyTeam === null ? null : { value: options.keyTeam, path: KEY_TEAM_PATH };
  const fallbackTeam = header ?? keyTeam;
  list(request, 'resourceSpans', 'resourceSpans', errors).forEach((resourceSpans, i) => {
    const path = joinPath('resourceSpans', [i]);
    if (!isRecord(resourceSpans)) {
      errors.push(notA('a ResourceSpans object', path, resourceSpans));
      return;
    }
    const resource = resourceSpans['resource'] ?? {};
    const resourcePath = joinPath(path, ['resource']);
    if (!isRecord(resource)) {
      errors.push(notA('a Resource object', resourcePath, resource));
      return;
    }
    const attributesPath = joinPath(resourcePath, ['attributes']);
    const attributes = readOtlpAttributes(resource['attributes'], attributesPath);
    if (!attributes.ok) {
      errors.push(attributes.error);
      return;
    }
    const team = attributes.attributes.get(OTLP_TEAM_ATTRIBUTE) ?? fallbackTeam;
    const context: ResourceContext = { attributes: attributes.attributes, attributesPath, team };
    list(resourceSpans, 'scopeSpans', joinPath(path, ['scopeSpans']), errors).forEach((scopeSpans, j) => {
      const scopePath = joinPath(path, ['scopeSpans', j]);
      if (!isRecord(scopeSpans)) {
        errors.push(notA('a ScopeSpans object', scopePath, scopeSpans));
        return;
      }
      list(scopeSpans, 'spans', joinPath(scopePath, ['spans']), errors).forEach((span, k) => {
        const spanPath = joinPath(scopePath, ['spans', k]);
        if (!isRecord(span)) {
          errors.push(notA('a Span object', spanPath, span));
          return;
        }
        const spanAttributes = readOtlpAttributes(span['attributes'], joinPath(spanPath, ['attributes']));
        if (!spanAttributes.ok) {
          errors.push(spanAttributes.error);
          return;
        }
        if (COUNT_KEYS.some((key) => present(spanAttributes.attributes.get(key)))) {
          spans.push({ span, path: spanPath, attributes: spanAttributes.attributes, resource: context });
        }
      });
    });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, spans };
}

function notA(what: string, path: string, value: unknown): FieldError {
  return fieldError(path, expectationDetail(`expected ${what}`, value));
}

/** A repeated field: absent means empty (proto3 omits empty lists). */
function list(parent: Record<string, unknown>, field: string, path: string, errors: FieldError[]): unknown[] {
  const value = parent[field];
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  errors.push(notA('an array', path, value));
  return [];
}

/** An ingest key writes for its own team only; naming another one refuses the request (403). */
function foreignTeams(spans: GenAiSpan[], options: OtlpUsageOptions): FieldError[] {
  const keyTeam = options.keyTeam;
  if (keyTeam === null) return [];
  const expected = `expected "${keyTeam}" (the ingest key's team)`;
  const errors: FieldError[] = [];
  if (options.headerTeam !== undefined && options.headerTeam !== keyTeam) {
    errors.push(fieldError(OTLP_TEAM_HEADER_PATH, expectationDetail(expected, options.headerTeam)));
  }
  const seen = new Set<string>();
  for (const { resource } of spans) {
    const team = resource.team;
    if (team === null || team.path.startsWith('headers.') || team.value === keyTeam) continue;
    if (seen.has(team.path)) continue;
    seen.add(team.path);
    errors.push(fieldError(team.path, `${expected}, got ${describeOtlpValue(team.value)}`));
  }
  return errors;
}

type SpanResult = { ok: true; record: UsageRecord } | { ok: false; errors: FieldError[] };

function spanRecord({ span, path, attributes, resource }: GenAiSpan, now: Date): SpanResult {
  const errors: FieldError[] = [];
  const usage = spanUsage(attributes, resource, joinPath(path, ['attributes']));
  if (!usage.ok) errors.push(...usage.errors);

  const traceId = hexId(span['traceId'], 16, joinPath(path, ['traceId']), errors);
  const spanId = hexId(span['spanId'], 8, joinPath(path, ['spanId']), errors);
  const time = endTime(span['endTimeUnixNano'], joinPath(path, ['endTimeUnixNano']), now, errors);

  const team = resource.team;
  if (team === null) {
    const where = joinPath(resource.attributesPath, [OTLP_TEAM_ATTRIBUTE]);
    const detail = 'missing; a finops key names the team in the header X-TokenMeter-Team or in this resource attribute';
    errors.push(fieldError(where, detail));
  } else if (!teamSlugSchema.safeParse(team.value).success) {
    errors.push(fieldError(team.path, `${TEAM_SLUG_EXPECTATION}, got ${describeOtlpValue(team.value)}`));
  }
  const project = attributes.get(OTLP_PROJECT_ATTRIBUTE) ?? resource.attributes.get(OTLP_PROJECT_ATTRIBUTE);
  if (project !== undefined) checkText(project, PROJECT_SCHEMA, errors);
  const serviceName = resource.attributes.get(SERVICE_NAME_ATTRIBUTE);
  const source = `otlp:${typeof serviceName?.value === 'string' ? serviceName.value : UNKNOWN_SERVICE}`;
  if (serviceName !== undefined && !SOURCE_SCHEMA.safeParse(source).success) {
    const length = MAX_SOURCE_LENGTH - 'otlp:'.length;
    const expected = `expected a service name of at most ${length} characters without control characters`;
    errors.push(fieldError(serviceName.path, `${expected}, got ${describeOtlpValue(serviceName.value)}`));
  }
  if (errors.length > 0 || !usage.ok || traceId === null || spanId === null || time === null || team === null) {
    return { ok: false, errors };
  }

  const event: UsageCloudEvent = {
    specversion: CLOUDEVENTS_SPEC_VERSION,
    id: `${traceId}-${spanId}`,
    source,
    type: USAGE_EVENT_TYPE,
    time,
    subject: team.value as string,
    data: {
      provider: usage.usage.provider,
      model: usage.usage.model,
      ...(project !== undefined ? { project: project.value } : {}),
      inputTokens: usage.usage.inputTokens,
      cachedInputTokens: usage.usage.cachedInputTokens,
      cacheWriteTokens: usage.usage.cacheWriteTokens,
      outputTokens: usage.usage.outputTokens,
      reasoningTokens: usage.usage.reasoningTokens,
    },
  };
  // The same validation the ingest consumer applies, so a record accepted here is never dead-lettered.
  const parsed = parseUsageEvent(event, { now, path });
  return parsed.ok ? { ok: true, record: parsed.record } : { ok: false, errors: parsed.errors };
}

/** The GenAI attributes of the span, each falling back to the resource's; content attributes are never read. */
function spanUsage(attributes: OtlpAttributes, resource: ResourceContext, attributesPath: string) {
  const flat: Record<string, OtlpValue> = {};
  const origins = new Map<string, string>();
  for (const key of USAGE_KEYS) {
    const attribute = [attributes.get(key), resource.attributes.get(key)].find(present);
    if (attribute === undefined) continue;
    flat[key] = attribute.value;
    origins.set(joinPath('', [key]), attribute.path);
  }
  // A call that counts one side only (an embeddings span has no output tokens) used none of the other.
  for (const keys of [OTEL_GENAI_ATTRIBUTES.inputTokens, OTEL_GENAI_ATTRIBUTES.outputTokens]) {
    if (!keys.some((key) => key in flat)) flat[keys[0]] = 0;
  }
  const result = normalizeOtelGenAiSpan(flat);
  if (result.ok) return result;
  return { ok: false as const, errors: result.errors.map((error) => rebase(error, origins, attributesPath)) };
}

/** The normalizer names `["key"]`; the caller needs where that attribute was (span or resource). */
function rebase(error: FieldError, origins: Map<string, string>, attributesPath: string): FieldError {
  const detail = error.path === '' ? error.message : error.message.slice(error.path.length + 2);
  const origin = origins.get(error.path);
  if (origin !== undefined) return fieldError(origin, detail);
  if (error.path.startsWith('[')) return fieldError(`${attributesPath}${error.path}`, detail);
  return prefixFieldError(attributesPath, error);
}

function present(attribute: OtlpAttribute | undefined): attribute is OtlpAttribute {
  return attribute !== undefined && attribute.value !== null;
}

/** trace_id (16 bytes) and span_id (8 bytes): hex in OTLP/JSON; all zeros is invalid per the spec. */
function hexId(value: unknown, bytes: number, path: string, errors: FieldError[]): string | null {
  const hex = typeof value === 'string' ? value.toLowerCase() : '';
  if (hex.length === bytes * 2 && /^[0-9a-f]+$/.test(hex) && /[1-9a-f]/.test(hex)) return hex;
  errors.push(fieldError(path, expectationDetail(`expected ${bytes * 2} hex digits, not all zero`, value)));
  return null;
}

const NANOS_PER_MILLI = 1_000_000n;

/** fixed64 nanoseconds since the Unix epoch, as a decimal string or a number → ISO time in the usage window. */
function endTime(value: unknown, path: string, now: Date, errors: FieldError[]): string | null {
  const nanos =
    typeof value === 'string' && /^\d{1,20}$/.test(value)
      ? BigInt(value)
      : typeof value === 'number' && Number.isInteger(value) && value > 0
        ? BigInt(value)
        : null;
  const millis = nanos === null ? NaN : Number(nanos / NANOS_PER_MILLI);
  if (nanos === null || nanos === 0n || !Number.isFinite(new Date(millis).getTime())) {
    errors.push(notA("the span's end time in nanoseconds since the Unix epoch", path, value));
    return null;
  }
  const iso = new Date(millis).toISOString();
  const time = parseEventTime(iso, now);
  if (time.ok) return time.iso;
  errors.push(fieldError(path, `${time.expectation}, got ${iso}`));
  return null;
}

const PROJECT_SCHEMA = boundedTextSchema(MAX_PROJECT_LENGTH, 'a project name');
const SOURCE_SCHEMA = boundedTextSchema(MAX_SOURCE_LENGTH, 'a source');

function checkText(attribute: OtlpAttribute, schema: z.ZodType, errors: FieldError[]): void {
  const result = schema.safeParse(attribute.value);
  if (result.success) return;
  const expectation = result.error.issues[0]!.message;
  errors.push(fieldError(attribute.path, `${expectation}, got ${describeOtlpValue(attribute.value)}`));
}

const MAX_ERROR_MESSAGE_CHARS = 8 * 1024;

/** ExportTracePartialSuccess.error_message: every problem, cut short well below the response limit. */
export function otlpRejectionMessage(rejectedSpans: number, errors: readonly FieldError[]): string {
  const head = `${rejectedSpans} GenAI span${rejectedSpans === 1 ? '' : 's'} rejected (the others were stored): `;
  let message = head;
  for (let i = 0; i < errors.length; i++) {
    const next = `${i === 0 ? '' : '; '}${errors[i]!.message}`;
    if (message.length + next.length > MAX_ERROR_MESSAGE_CHARS) return `${message}; … and ${errors.length - i} more`;
    message += next;
  }
  return message;
}
