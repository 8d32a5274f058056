// The CloudEvents HTTP protocol binding 1.0 for usage: which content mode a request uses, and a
// binary-mode request (attributes in `ce-*` headers, data in the body) as a usage record.
//
// Mode (§3): a Content-Type starting with `application/cloudevents-batch` is batched, one starting
// with `application/cloudevents` is structured; otherwise the request is binary. Only the JSON
// formats are understood. One liberty, kept from before binary mode existed: a request without any
// `ce-` header whose Content-Type is `application/json` still carries a JSON-format event (or an
// array of them) in its body.
import { CLOUDEVENTS_BATCH_CONTENT_TYPE, CLOUDEVENTS_CONTENT_TYPE } from './cloud-event';
import {
  attributeHeaderPath,
  attributeNameProblem,
  BINARY_DATA_CONTENT_TYPE_EXPECTATION,
  type BinaryModeNaming,
  parseBinaryModeUsageEvent,
} from './cloud-event-binary-mode';
import { decodeCloudEventHeaderValue } from './cloud-event-http-header-value';
import type { ParseUsageOptions, UsageEventResult } from './usage-event-parser';
import { type FieldError, fieldError } from './validation-error';

export type HttpHeaders = Readonly<Record<string, string | string[] | undefined>>;

export type HttpContentMode =
  | { mode: 'structured' | 'batched' | 'binary' | 'json' }
  | { mode: 'unsupported'; error: FieldError };

export const HTTP_BINARY_NAMING: BinaryModeNaming = { attributePrefix: 'ce-', dataPath: 'body' };

const CE_PREFIX = 'ce-';

/** The media type alone, lower-cased: `Application/JSON; charset=utf-8` → `application/json`. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Header names are lower-case here, as Node hands them over. */
export function httpContentMode(headers: HttpHeaders): HttpContentMode {
  const type = mediaType(headerText(headers['content-type']));
  if (type.startsWith('application/cloudevents-batch')) {
    return type === CLOUDEVENTS_BATCH_CONTENT_TYPE
      ? { mode: 'batched' }
      : unsupported(type, CLOUDEVENTS_BATCH_CONTENT_TYPE);
  }
  if (type.startsWith('application/cloudevents')) {
    return type === CLOUDEVENTS_CONTENT_TYPE ? { mode: 'structured' } : unsupported(type, CLOUDEVENTS_CONTENT_TYPE);
  }
  if (Object.keys(headers).some((name) => name.startsWith(CE_PREFIX))) {
    if (type === '' || type === 'application/json') return { mode: 'binary' };
    const detail = `${BINARY_DATA_CONTENT_TYPE_EXPECTATION}, got ${JSON.stringify(type)}`;
    return { mode: 'unsupported', error: fieldError('headers.content-type', detail) };
  }
  if (type === 'application/json') return { mode: 'json' };
  return {
    mode: 'unsupported',
    error: fieldError(
      'headers.content-type',
      `expected ${CLOUDEVENTS_CONTENT_TYPE} (structured mode), ${CLOUDEVENTS_BATCH_CONTENT_TYPE} (batched mode) or ` +
        `application/json with the attributes in ce- headers (binary mode), got ${JSON.stringify(type)}`,
    ),
  };
}

/** A binary-mode request as a usage record; errors name the header (`headers.ce-time`) or `body`. */
export function parseHttpBinaryUsageEvent(
  headers: HttpHeaders,
  body: Uint8Array,
  options: ParseUsageOptions,
): UsageEventResult {
  const attributes = new Map<string, string>();
  const errors: FieldError[] = [];
  for (const [name, raw] of Object.entries(headers)) {
    if (!name.startsWith(CE_PREFIX) || raw === undefined) continue;
    const attribute = name.slice(CE_PREFIX.length);
    const path = `headers.${name}`;
    const nameProblem = attributeNameProblem(attribute);
    if (nameProblem !== null) {
      errors.push(fieldError(path, nameProblem));
      continue;
    }
    if (attribute === 'datacontenttype') {
      errors.push(fieldError(path, 'not allowed in binary mode; the Content-Type header carries datacontenttype'));
      continue;
    }
    const decoded = decodeCloudEventHeaderValue(headerText(raw));
    if (decoded.ok) attributes.set(attribute, decoded.value);
    else errors.push(fieldError(path, decoded.problem));
  }
  if (!attributes.has('specversion') && !errors.some((e) => e.path === 'headers.ce-specversion')) {
    errors.unshift(fieldError(attributeHeaderPath('specversion', HTTP_BINARY_NAMING), 'missing; expected "1.0"'));
  }
  if (errors.length > 0) return { ok: false, errors };
  const contentType = headerText(headers['content-type']);
  return parseBinaryModeUsageEvent(
    { attributes, contentType: contentType === '' ? null : contentType, data: body.byteLength === 0 ? null : body },
    HTTP_BINARY_NAMING,
    options,
  );
}

/** Node joins repeated headers with ", " except a few it keeps as arrays; join those the same way. */
function headerText(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

function unsupported(type: string, expected: string): HttpContentMode {
  return {
    mode: 'unsupported',
    error: fieldError(
      'headers.content-type',
      `expected ${expected} (only the JSON event format is understood), got ${JSON.stringify(type)}`,
    ),
  };
}
