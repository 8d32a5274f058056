// OTLP attribute lists (`[{ key, value: AnyValue }]`, in the OTLP/JSON shape) read into plain
// values. Both encodings arrive here in that shape: the api turns protobuf into it first.
// Only scalar values matter for metering; arrays, maps and bytes are kept as markers so that an
// error can say what arrived without copying it (attribute values may hold prompt text).
import { describeReceived, expectationDetail, type FieldError, fieldError, joinPath } from '../validation-error';

/** A non-scalar AnyValue, reduced to what an error message may say about it. */
export interface OtlpComplexValue {
  readonly kind: 'array' | 'map' | 'bytes';
}

export type OtlpScalar = string | number | boolean | null;
export type OtlpValue = OtlpScalar | OtlpComplexValue;

export interface OtlpAttribute {
  value: OtlpValue;
  /** Where it was, e.g. `resourceSpans[0].resource.attributes["service.name"]`. */
  path: string;
}

export type OtlpAttributes = Map<string, OtlpAttribute>;

export type AttributesResult = { ok: true; attributes: OtlpAttributes } | { ok: false; error: FieldError };

const LIST_EXPECTATION = 'expected an OTLP attribute list: an array of { "key": string, "value": AnyValue }';

/**
 * Reads `list` found at `path` (e.g. `resourceSpans[0].resource.attributes`). A missing list is
 * an empty one (proto3 omits empty repeated fields).
 */
export function readOtlpAttributes(list: unknown, path: string): AttributesResult {
  const attributes: OtlpAttributes = new Map();
  if (list === undefined || list === null) return { ok: true, attributes };
  if (!Array.isArray(list)) return { ok: false, error: fieldError(path, expectationDetail(LIST_EXPECTATION, list)) };
  for (let index = 0; index < list.length; index++) {
    const item: unknown = list[index];
    if (!isRecord(item) || typeof item['key'] !== 'string') {
      const detail = expectationDetail('expected { "key": string, "value": AnyValue }', item);
      return { ok: false, error: fieldError(joinPath(path, [index]), detail) };
    }
    const value = otlpAnyValue(item['value']);
    if (value === undefined) {
      const valuePath = joinPath(path, [index, 'value']);
      const detail = expectationDetail('expected an OTLP AnyValue object', item['value']);
      return { ok: false, error: fieldError(valuePath, detail) };
    }
    attributes.set(item['key'], { value, path: joinPath(path, [item['key']]) });
  }
  return { ok: true, attributes };
}

/**
 * OTLP AnyValue → plain value; undefined when it is not an AnyValue at all. int64 arrives as a
 * decimal string (OTLP/JSON, and protobuf after decoding) or a number; it becomes a number when
 * that is exact, and stays a string otherwise so an error can show it as sent.
 */
export function otlpAnyValue(value: unknown): OtlpValue | undefined {
  if (value === undefined || value === null) return null;
  if (!isRecord(value)) return undefined;
  if ('stringValue' in value) return typeof value['stringValue'] === 'string' ? value['stringValue'] : undefined;
  if ('boolValue' in value) return typeof value['boolValue'] === 'boolean' ? value['boolValue'] : undefined;
  if ('intValue' in value) return otlpInt64(value['intValue']);
  if ('doubleValue' in value) return otlpDouble(value['doubleValue']);
  if ('arrayValue' in value) return { kind: 'array' };
  if ('kvlistValue' in value) return { kind: 'map' };
  if ('bytesValue' in value) return { kind: 'bytes' };
  return null; // an empty AnyValue: the attribute is present without a value
}

function otlpInt64(value: unknown): OtlpValue | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value !== 'string' || !/^-?\d+$/.test(value)) return undefined;
  const number = Number(value);
  return Number.isSafeInteger(number) ? number : value;
}

/** Proto3 JSON writes non-finite doubles as "NaN", "Infinity", "-Infinity". */
function otlpDouble(value: unknown): OtlpValue | undefined {
  if (typeof value === 'number') return value;
  if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return Number(value);
  return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : undefined;
}

/** What an error says about a value: scalars as `describeReceived` shows them, others by kind. */
export function describeOtlpValue(value: OtlpValue | undefined): string {
  if (value === null || typeof value !== 'object') return describeReceived(value);
  return value.kind === 'map' ? 'a key/value list' : `an OTLP ${value.kind} value`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
