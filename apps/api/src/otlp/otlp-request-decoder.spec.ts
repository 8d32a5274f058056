import { gzipSync } from 'node:zlib';
import { HttpStatus } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../http/api-error';
import { OtlpProto } from './otlp-proto-schema';
import { decodeOtlpTraces, otlpEncodingOf } from './otlp-request-decoder';

const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const SPAN_ID = 'eee19b7ec3c1b174';

function protobufRequest(): Buffer {
  const type = OtlpProto.ExportTraceServiceRequest;
  const span = {
    traceId: Buffer.from(TRACE_ID, 'hex'),
    spanId: Buffer.from(SPAN_ID, 'hex'),
    endTimeUnixNano: '1777636800123456789', // beyond 2^53: must survive as a decimal string
    attributes: [
      { key: 'gen_ai.usage.output_tokens', value: { intValue: '-5' } },
      { key: 'gen_ai.usage.input_tokens', value: { intValue: '9007199254740993' } },
      { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o' } },
    ],
  };
  return Buffer.from(type.encode(type.fromObject({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] })).finish());
}

function statusOf(run: () => unknown): number {
  try {
    run();
  } catch (error) {
    return (error as ApiError).getStatus();
  }
  return HttpStatus.OK;
}

describe('OTLP request decoding', () => {
  it('decodes protobuf into the OTLP/JSON shape: hex ids, int64 and fixed64 as exact decimal strings', () => {
    expect(decodeOtlpTraces(protobufRequest(), 'protobuf', undefined)).toEqual({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId: TRACE_ID,
                  spanId: SPAN_ID,
                  endTimeUnixNano: '1777636800123456789',
                  attributes: [
                    { key: 'gen_ai.usage.output_tokens', value: { intValue: '-5' } },
                    { key: 'gen_ai.usage.input_tokens', value: { intValue: '9007199254740993' } },
                    { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o' } },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
  });

  it('decompresses gzip, and reads an empty body as an empty request', () => {
    const plain = decodeOtlpTraces(protobufRequest(), 'protobuf', undefined);
    expect(decodeOtlpTraces(gzipSync(protobufRequest()), 'protobuf', 'gzip')).toEqual(plain);
    expect(decodeOtlpTraces(gzipSync('{"resourceSpans":[]}'), 'json', 'GZIP')).toEqual({ resourceSpans: [] });
    expect(decodeOtlpTraces(Buffer.alloc(0), 'json', undefined)).toEqual({});
  });

  it('answers 400 for undecodable bodies and 415 for an encoding it does not speak', () => {
    expect(statusOf(() => decodeOtlpTraces(Buffer.from('not protobuf at all'), 'protobuf', undefined))).toBe(400);
    expect(statusOf(() => decodeOtlpTraces(Buffer.from('{"resourceSpans":'), 'json', undefined))).toBe(400);
    expect(statusOf(() => decodeOtlpTraces(Buffer.from('not gzip'), 'json', 'gzip'))).toBe(400);
    expect(statusOf(() => decodeOtlpTraces(Buffer.from('{}'), 'json', 'br'))).toBe(415);
  });

  it('tells the two OTLP content types apart', () => {
    expect(otlpEncodingOf('application/x-protobuf')).toBe('protobuf');
    expect(otlpEncodingOf('Application/JSON; charset=utf-8')).toBe('json');
    expect(otlpEncodingOf('application/cloudevents+json')).toBeNull();
    expect(otlpEncodingOf(undefined)).toBeNull();
  });
});
