// Bytes → usage records, for transports that hand over raw bytes: one Kafka message holds one
// CloudEvent (decodeUsageMessage), one HTTP batch body holds an array (decodeUsageBatch).
// Size is checked before parsing, so an oversized message costs no JSON parse.

import {
  type ParseUsageOptions,
  parseUsageBatch,
  parseUsageEvent,
  type UsageBatchResult,
  type UsageEventResult,
} from './usage-event-parser';
import { MAX_BATCH_BYTES, MAX_EVENT_BYTES } from './usage-limits';
import { type FieldError, fieldError } from './validation-error';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export type JsonResult = { ok: true; json: unknown } | { ok: false; errors: FieldError[] };

/** UTF-8 JSON of at most `maxBytes`; errors at `path` say which of the three went wrong. */
export function decodeJson(bytes: Uint8Array, maxBytes: number, what: string, path: string): JsonResult {
  if (bytes.byteLength > maxBytes) {
    return {
      ok: false,
      errors: [fieldError(path, `${what} is ${bytes.byteLength} bytes; expected at most ${maxBytes} bytes`)],
    };
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, errors: [fieldError(path, 'not valid UTF-8')] };
  }
  try {
    return { ok: true, json: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, errors: [fieldError(path, `not valid JSON: ${(error as Error).message}`)] };
  }
}

/** One Kafka message (one CloudEvent, JSON, at most MAX_EVENT_BYTES); null is a tombstone. */
export function decodeUsageMessage(bytes: Uint8Array | null, options: ParseUsageOptions): UsageEventResult {
  if (bytes === null)
    return { ok: false, errors: [fieldError(options.path ?? '', 'empty message; expected a CloudEvent')] };
  const decoded = decodeJson(bytes, MAX_EVENT_BYTES, 'message', options.path ?? '');
  return decoded.ok ? parseUsageEvent(decoded.json, options) : decoded;
}

/** One batch body (a JSON array of CloudEvents, at most MAX_BATCH_BYTES). */
export function decodeUsageBatch(bytes: Uint8Array, options: ParseUsageOptions): UsageBatchResult {
  const decoded = decodeJson(bytes, MAX_BATCH_BYTES, 'batch', options.path ?? 'events');
  return decoded.ok ? parseUsageBatch(decoded.json, options) : { ...decoded, accepted: [] };
}
