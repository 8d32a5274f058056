// What an OTLP/HTTP receiver answers, in the encoding of the request (the spec requires the same
// Content-Type): ExportTraceServiceResponse on success (with partial_success when spans were
// rejected), google.rpc.Status for every 4xx and 5xx, with a google.rpc.BadRequest in its details
// for a 400. The JSON form of a Status also carries the API's own error fields
// (`status`, `error`, `errors`), so clients of the rest of the API read it the same way.
import { HttpStatus } from '@nestjs/common';
import type { ApiErrorBody } from '../http/api-error';
import { BAD_REQUEST_TYPE_URL, OtlpProto } from './otlp-proto-schema';
import { OTLP_CONTENT_TYPES, type OtlpEncoding } from './otlp-request-decoder';

export interface OtlpReply {
  contentType: string;
  body: Buffer;
}

export interface OtlpPartialSuccess {
  rejectedSpans: number;
  errorMessage: string;
}

export function exportTraceResponse(encoding: OtlpEncoding, partialSuccess: OtlpPartialSuccess | null): OtlpReply {
  // Full success leaves partial_success unset (spec: "MUST leave the partial_success field unset").
  if (encoding === 'json') {
    // proto3 JSON writes int64 as a decimal string.
    const partial = partialSuccess && { ...partialSuccess, rejectedSpans: String(partialSuccess.rejectedSpans) };
    return json(partial ? { partialSuccess: partial } : {});
  }
  const type = OtlpProto.ExportTraceServiceResponse;
  const message = type.create(partialSuccess ? { partialSuccess } : {});
  return { contentType: OTLP_CONTENT_TYPES.protobuf, body: Buffer.from(type.encode(message).finish()) };
}

/** google.rpc.Code (gRPC status codes) for the HTTP statuses the receiver answers; clients may ignore them. */
const RPC_CODES: Partial<Record<number, number>> = {
  [HttpStatus.BAD_REQUEST]: 3, // INVALID_ARGUMENT
  [HttpStatus.UNAUTHORIZED]: 16, // UNAUTHENTICATED
  [HttpStatus.FORBIDDEN]: 7, // PERMISSION_DENIED
  [HttpStatus.NOT_FOUND]: 5, // NOT_FOUND
  [HttpStatus.PAYLOAD_TOO_LARGE]: 8, // RESOURCE_EXHAUSTED
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 3, // INVALID_ARGUMENT
  [HttpStatus.TOO_MANY_REQUESTS]: 8, // RESOURCE_EXHAUSTED
  [HttpStatus.SERVICE_UNAVAILABLE]: 14, // UNAVAILABLE
};
const RPC_UNKNOWN = 2;
const RPC_INTERNAL = 13;

export function statusResponse(encoding: OtlpEncoding, error: ApiErrorBody): OtlpReply {
  const code = RPC_CODES[error.status] ?? (error.status >= 500 ? RPC_INTERNAL : RPC_UNKNOWN);
  const message = error.errors.map((problem) => problem.message).join('; ');
  const violations = error.status === HttpStatus.BAD_REQUEST ? error.errors.map(fieldViolation) : [];
  if (encoding === 'json') {
    const details = violations.length ? [{ '@type': BAD_REQUEST_TYPE_URL, fieldViolations: violations }] : [];
    return json({ code, message, details, ...error });
  }
  const { BadRequest, Status } = OtlpProto;
  const badRequest = () => BadRequest.encode(BadRequest.create({ fieldViolations: violations })).finish();
  const details = violations.length ? [{ typeUrl: BAD_REQUEST_TYPE_URL, value: badRequest() }] : [];
  const body = Buffer.from(Status.encode(Status.create({ code, message, details })).finish());
  return { contentType: OTLP_CONTENT_TYPES.protobuf, body };
}

/** BadRequest.FieldViolation: the field, and the description without the field repeated in front. */
function fieldViolation(problem: { path: string; message: string }) {
  const prefix = `${problem.path}: `;
  const repeatsField = problem.path !== '' && problem.message.startsWith(prefix);
  return { field: problem.path, description: repeatsField ? problem.message.slice(prefix.length) : problem.message };
}

function json(value: unknown): OtlpReply {
  return { contentType: OTLP_CONTENT_TYPES.json, body: Buffer.from(JSON.stringify(value)) };
}
