// The binary content mode shared by the HTTP and Kafka protocol bindings: context attributes arrive as
// headers (`ce-id` on HTTP, `ce_id` on Kafka), `datacontenttype` as the content-type header, and the
// body or record value is `data` itself. Each binding decodes its headers into attribute values;
// this assembles the JSON-format event from them, and points every error back at the header or body
// the sender wrote, since a sender of a binary-mode event never wrote `subject` or `data.x`.
import { JSON_CONTENT_TYPE_PATTERN } from './cloud-event';
import { type ParseUsageOptions, parseUsageEvent, type UsageEventResult } from './usage-event-parser';
import { MAX_EVENT_BYTES } from './usage-limits';
import { decodeJson } from './usage-message-decoder';
import { type FieldError, fieldError } from './validation-error';

/** How one binding names the places an attribute comes from, for error paths. */
export interface BinaryModeNaming {
  /** `ce-` (HTTP) or `ce_` (Kafka). */
  attributePrefix: string;
  /** Where `data` travels: `body` (HTTP) or `value` (Kafka). */
  dataPath: string;
}

export interface BinaryModeMessage {
  /** Context attributes and extensions by attribute name, values already decoded to text. */
  attributes: ReadonlyMap<string, string>;
  /** The content-type header (datacontenttype), or null when absent. */
  contentType: string | null;
  /** The body or record value; null when there is none. */
  data: Uint8Array | null;
}

export type CloudEventConversion = { ok: true; event: Record<string, unknown> } | { ok: false; errors: FieldError[] };

export const CONTENT_TYPE_HEADER = 'content-type';

/** CloudEvents attribute names: lower-case ASCII letters and digits. */
const ATTRIBUTE_NAME = /^[a-z0-9]+$/;

export const BINARY_DATA_CONTENT_TYPE_EXPECTATION =
  'expected "application/json" (the data of a usage event in binary mode is a JSON object)';

/** The header that carries attribute `name` in this binding, e.g. `headers.ce-time`. */
export function attributeHeaderPath(name: string, naming: BinaryModeNaming): string {
  return name === 'datacontenttype' ? `headers.${CONTENT_TYPE_HEADER}` : `headers.${naming.attributePrefix}${name}`;
}

/** Whether a header's name, once its prefix is cut off, can be a CloudEvents attribute. */
export function attributeNameProblem(name: string): string | null {
  if (name === 'data' || name === 'data_base64') return 'data travels in the body or value, not in a header';
  return ATTRIBUTE_NAME.test(name)
    ? null
    : 'expected a CloudEvents attribute name (lower-case letters and digits) after the prefix';
}

/**
 * The JSON-format event a binary-mode message stands for. The content type is checked before the
 * data is read: XML or Avro data gets one clear error about the header, not a JSON syntax error.
 * A missing content type is taken as JSON, as the JSON event format does for a missing datacontenttype.
 */
export function binaryModeCloudEvent(message: BinaryModeMessage, naming: BinaryModeNaming): CloudEventConversion {
  const { contentType, data } = message;
  if (contentType !== null && !JSON_CONTENT_TYPE_PATTERN.test(contentType)) {
    const path = `headers.${CONTENT_TYPE_HEADER}`;
    return {
      ok: false,
      errors: [fieldError(path, `${BINARY_DATA_CONTENT_TYPE_EXPECTATION}, got ${JSON.stringify(contentType)}`)],
    };
  }
  if (data === null) {
    return { ok: false, errors: [fieldError(naming.dataPath, 'missing; expected the usage data as a JSON object')] };
  }
  const json = decodeJson(data, MAX_EVENT_BYTES, naming.dataPath === 'body' ? 'body' : 'value', naming.dataPath);
  if (!json.ok) return json;
  const event: Record<string, unknown> = Object.fromEntries(message.attributes);
  if (contentType !== null) event['datacontenttype'] = contentType;
  event['data'] = json.json;
  return { ok: true, event };
}

/** A binary-mode message validated as usage; every error names the header or the body part at fault. */
export function parseBinaryModeUsageEvent(
  message: BinaryModeMessage,
  naming: BinaryModeNaming,
  options: ParseUsageOptions,
): UsageEventResult {
  const converted = binaryModeCloudEvent(message, naming);
  if (!converted.ok) return converted;
  const result = parseUsageEvent(converted.event, { ...options, path: '' });
  return result.ok ? result : { ok: false, errors: result.errors.map((error) => toBindingError(error, naming)) };
}

/** `time: …` → `headers.ce-time: …`; `data.outputTokens: …` → `body.outputTokens: …`. */
export function toBindingError(error: FieldError, naming: BinaryModeNaming): FieldError {
  const { path } = error;
  const detail =
    path !== '' && error.message.startsWith(`${path}: `) ? error.message.slice(path.length + 2) : error.message;
  if (path === '') return fieldError(naming.dataPath, detail);
  const end = path.search(/[.[]/);
  const head = end < 0 ? path : path.slice(0, end);
  const rest = end < 0 ? '' : path.slice(end);
  const mapped = head === 'data' ? `${naming.dataPath}${rest}` : `${attributeHeaderPath(head, naming)}${rest}`;
  return fieldError(mapped, detail);
}
