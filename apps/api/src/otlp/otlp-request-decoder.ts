// An OTLP/HTTP traces request body → the OTLP/JSON shape libs/contracts reads
// (otlpTracesToUsage): binary protobuf (application/x-protobuf) or protobuf's JSON encoding
// (application/json), optionally gzip-compressed (Content-Encoding: gzip), as the OTLP spec allows.
// Protobuf is decoded with the schema subset in otlp-proto-schema.ts; int64 and fixed64 become
// decimal strings and trace/span ids hex, exactly as OTLP/JSON writes them.

import { gunzipSync } from 'node:zlib';
import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../http/api-error';
import { OtlpProto } from './otlp-proto-schema';

export type OtlpEncoding = 'protobuf' | 'json';

export const OTLP_CONTENT_TYPES: Readonly<Record<OtlpEncoding, string>> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
};

/**
 * The limit on a request body, compressed and after decompression. The spec recommends 64 MiB;
 * a GenAI span is mostly prompt text TokenMeter drops, and 16 MiB holds several full export batches.
 */
export const OTLP_MAX_BODY_BYTES = 16 * 1024 * 1024;

/** The encoding a Content-Type names, or null when it is neither of OTLP's two. */
export function otlpEncodingOf(contentType: string | undefined): OtlpEncoding | null {
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType === OTLP_CONTENT_TYPES.protobuf) return 'protobuf';
  if (mediaType === OTLP_CONTENT_TYPES.json) return 'json';
  return null;
}

export function unsupportedContentType(contentType: string | undefined): ApiError {
  const expected = `expected ${OTLP_CONTENT_TYPES.protobuf} (OTLP protobuf) or ${OTLP_CONTENT_TYPES.json} (OTLP/JSON)`;
  return new ApiError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, [
    { path: 'headers.content-type', message: `headers.content-type: ${expected}, got "${contentType ?? ''}"` },
  ]);
}

/** The request as an ExportTraceServiceRequest in the OTLP/JSON shape; throws ApiError 400, 413 or 415. */
export function decodeOtlpTraces(body: Buffer, encoding: OtlpEncoding, contentEncoding: string | undefined): unknown {
  const bytes = decompress(body, contentEncoding);
  if (bytes.length === 0) return {}; // an empty export request is a valid one
  return encoding === 'json' ? parseJson(bytes) : decodeProtobuf(bytes);
}

function decompress(body: Buffer, contentEncoding: string | undefined): Buffer {
  const coding = (contentEncoding ?? '').trim().toLowerCase();
  if (coding === '' || coding === 'identity') return body;
  if (coding !== 'gzip') {
    const detail = `expected gzip or none, got "${contentEncoding}"`;
    return fail(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'headers.content-encoding', detail);
  }
  try {
    return gunzipSync(body, { maxOutputLength: OTLP_MAX_BODY_BYTES });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      const detail = `expected at most ${OTLP_MAX_BODY_BYTES} bytes once decompressed`;
      return fail(HttpStatus.PAYLOAD_TOO_LARGE, 'body', detail);
    }
    return fail(HttpStatus.BAD_REQUEST, 'body', `not valid gzip (Content-Encoding: gzip): ${(error as Error).message}`);
  }
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    return fail(HttpStatus.BAD_REQUEST, 'body', `not valid JSON: ${(error as Error).message}`);
  }
}

function decodeProtobuf(bytes: Buffer): unknown {
  const type = OtlpProto.ExportTraceServiceRequest;
  let request: Record<string, unknown>;
  try {
    request = type.toObject(type.decode(bytes), { longs: String, bytes: String });
  } catch (error) {
    const detail = `not a protobuf ExportTraceServiceRequest: ${(error as Error).message}`;
    return fail(HttpStatus.BAD_REQUEST, 'body', detail);
  }
  for (const resourceSpans of (request['resourceSpans'] as Array<Record<string, unknown>> | undefined) ?? []) {
    for (const scopeSpans of (resourceSpans['scopeSpans'] as Array<Record<string, unknown>> | undefined) ?? []) {
      for (const span of (scopeSpans['spans'] as Array<Record<string, unknown>> | undefined) ?? []) {
        span['traceId'] = base64ToHex(span['traceId']);
        span['spanId'] = base64ToHex(span['spanId']);
      }
    }
  }
  return request;
}

/** protobufjs writes bytes as base64; OTLP/JSON writes trace and span ids as hex. */
function base64ToHex(value: unknown): string {
  return typeof value === 'string' ? Buffer.from(value, 'base64').toString('hex') : '';
}

function fail(status: HttpStatus, path: string, detail: string): never {
  throw new ApiError(status, [{ path, message: `${path}: ${detail}` }]);
}
