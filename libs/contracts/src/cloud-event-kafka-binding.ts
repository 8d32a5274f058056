// The CloudEvents Kafka protocol binding 1.0 for usage records: record headers and value in, a usage
// record (or errors naming the header, e.g. `headers.ce_id`) out.
//
// Mode (§3): a `content-type` header starting with `application/cloudevents` (any case) means
// structured mode, the value being the event; only the JSON format is understood, and the binding
// has no batched mode. Otherwise the record is in binary mode: attributes in `ce_<name>` headers
// (UTF-8 text, no further encoding), `content-type` the datacontenttype, the value the data.
// A record with no `ce_` header and no CloudEvents content type is what TokenMeter always took:
// a JSON-format event as the value, whatever other headers it carries.
import { CLOUDEVENTS_CONTENT_TYPE } from './cloud-event';
import {
  attributeNameProblem,
  type BinaryModeNaming,
  CONTENT_TYPE_HEADER,
  parseBinaryModeUsageEvent,
} from './cloud-event-binary-mode';
import type { ParseUsageOptions, UsageEventResult } from './usage-event-parser';
import { decodeUsageMessage } from './usage-message-decoder';
import { type FieldError, fieldError } from './validation-error';

/** One header's value as a Kafka client hands it over (kafkajs: Buffer, or an array when the key repeats). */
export type KafkaHeaderValue = Uint8Array | string | null | undefined | ReadonlyArray<Uint8Array | string | null>;
export type KafkaHeaders = Readonly<Record<string, KafkaHeaderValue>>;

export const KAFKA_BINARY_NAMING: BinaryModeNaming = { attributePrefix: 'ce_', dataPath: 'value' };

const CE_PREFIX = 'ce_';
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Whether a header can change how a record is read: a `ce_` attribute or the content type. The
 * consumer asks this only of records that have headers, and sends on only those that have one.
 */
export function isCloudEventKafkaHeader(key: string): boolean {
  // Both kinds start with "c": most headers (the signature's) are ruled out without a lower-cased copy.
  if ((key.charCodeAt(0) | 0x20) !== 0x63) return false;
  const lower = key.toLowerCase();
  return lower.startsWith(CE_PREFIX) || lower === CONTENT_TYPE_HEADER;
}

/** A record of a usage topic as a usage record, in whichever content mode it came. */
export function decodeKafkaUsageRecord(
  headers: KafkaHeaders,
  value: Uint8Array | null,
  options: ParseUsageOptions,
): UsageEventResult {
  const errors: FieldError[] = [];
  const attributes = new Map<string, string>();
  let contentType: string | null = null;
  for (const [key, raw] of Object.entries(headers)) {
    const lower = key.toLowerCase();
    const isContentType = lower === CONTENT_TYPE_HEADER;
    if (!isContentType && !lower.startsWith(CE_PREFIX)) continue;
    const path = `headers.${key}`;
    const text = headerText(raw);
    if (!text.ok) {
      errors.push(fieldError(path, text.problem));
      continue;
    }
    if (text.value === null) continue;
    if (isContentType) {
      contentType = text.value;
      continue;
    }
    const attribute = lower.slice(CE_PREFIX.length);
    const nameProblem = attributeNameProblem(attribute);
    if (nameProblem !== null) errors.push(fieldError(path, nameProblem));
    else attributes.set(attribute, text.value);
  }

  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType.startsWith('application/cloudevents')) {
    if (mediaType === CLOUDEVENTS_CONTENT_TYPE) return decodeUsageMessage(value, options);
    const detail = mediaType.startsWith('application/cloudevents-batch')
      ? `the Kafka binding has no batched mode; send one event per record (${CLOUDEVENTS_CONTENT_TYPE})`
      : `expected ${CLOUDEVENTS_CONTENT_TYPE} (only the JSON event format is understood)`;
    return {
      ok: false,
      errors: [fieldError(`headers.${CONTENT_TYPE_HEADER}`, `${detail}, got ${JSON.stringify(contentType)}`)],
    };
  }
  if (attributes.size === 0 && errors.length === 0) return decodeUsageMessage(value, options);

  // Binary mode. A `ce_datacontenttype` header may repeat the content type, as some SDKs send it.
  const repeated = attributes.get('datacontenttype');
  attributes.delete('datacontenttype');
  if (repeated !== undefined) {
    if (contentType === null) contentType = repeated;
    else if (repeated !== contentType) {
      const expected = `expected the content-type header's value (${JSON.stringify(contentType)})`;
      const detail = `${expected}, got ${JSON.stringify(repeated)}`;
      errors.push(fieldError('headers.ce_datacontenttype', detail));
    }
  }
  if (!attributes.has('specversion') && !errors.some((e) => e.path === 'headers.ce_specversion')) {
    errors.unshift(fieldError('headers.ce_specversion', 'missing; expected "1.0"'));
  }
  if (errors.length > 0) return { ok: false, errors };
  return parseBinaryModeUsageEvent({ attributes, contentType, data: value }, KAFKA_BINARY_NAMING, options);
}

type HeaderText = { ok: true; value: string | null } | { ok: false; problem: string };

/** A header's value as text (null: no value); the binding says header values are UTF-8 strings. */
function headerText(raw: KafkaHeaderValue): HeaderText {
  if (raw === null || raw === undefined) return { ok: true, value: null };
  if (typeof raw === 'string') return { ok: true, value: raw };
  if (raw instanceof Uint8Array) {
    try {
      return { ok: true, value: utf8.decode(raw) };
    } catch {
      return { ok: false, problem: 'not valid UTF-8' };
    }
  }
  return { ok: false, problem: `expected one header, got ${raw.length}` };
}
