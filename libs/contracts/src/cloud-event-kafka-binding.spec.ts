import { describe, expect, it } from 'vitest';
import { decodeKafkaUsageRecord, isCloudEventKafkaHeader, type KafkaHeaders } from './cloud-event-kafka-binding';

const now = new Date('2026-05-10T12:00:00Z');
const data = { provider: 'anthropic', model: 'claude-sonnet-4', inputTokens: 25, outputTokens: 420 };
const attributes = {
  specversion: '1.0',
  id: 'msg-1',
  source: 'search-worker',
  type: 'dev.tokenmeter.usage.v1',
  time: '2026-05-10T11:00:00Z',
  subject: 'search',
};
const bytes = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

/** Binary-mode headers as a consumer receives them: Buffers. */
function binaryHeaders(overrides: Record<string, string | null> = {}): KafkaHeaders {
  const headers: Record<string, string | null> = {
    'content-type': 'application/json',
    ...prefixed(attributes),
    ...overrides,
  };
  return Object.fromEntries(
    Object.entries(headers).map(([key, value]) => [key, value === null ? null : Buffer.from(value)]),
  );
}

function prefixed(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [`ce_${key}`, value]));
}

const decode = (headers: KafkaHeaders, value: unknown) =>
  decodeKafkaUsageRecord(headers, value === null ? null : bytes(value), { now });
const errorsOf = (result: ReturnType<typeof decode>) => (result.ok ? [] : result.errors.map((e) => e.message));

describe('decodeKafkaUsageRecord (Kafka binding §3)', () => {
  it('reads a binary-mode record: ce_ headers, content-type and the value as data', () => {
    const result = decode(binaryHeaders({ ce_project: 'chatbot' }), data);
    expect(result).toEqual({
      ok: true,
      record: expect.objectContaining({
        id: 'msg-1',
        source: 'search-worker',
        team: 'search',
        project: 'chatbot',
        inputTokens: 25,
      }),
    });
  });

  it('takes Kafka header values as they are: no percent-decoding', () => {
    const result = decode(binaryHeaders({ ce_source: 'urn:a%20b' }), data);
    expect(result).toMatchObject({ ok: true, record: { source: 'urn:a%20b' } });
  });

  it('reads a structured-mode record, and a record without headers as before', () => {
    const event = { ...attributes, data };
    expect(decode({ 'content-type': bytes('application/cloudevents+json; charset=utf-8') }, event)).toMatchObject({
      ok: true,
    });
    expect(decode({ 'Content-Type': 'Application/CloudEvents+JSON' }, event)).toMatchObject({ ok: true });
    expect(decode({}, event)).toMatchObject({ ok: true, record: { id: 'msg-1' } });
    // Other headers (tracing, a JSON content type) leave the record as it always was read.
    expect(decode({ traceparent: bytes('00-abc'), 'content-type': bytes('application/json') }, event)).toMatchObject({
      ok: true,
    });
  });

  it('accepts a ce_datacontenttype that agrees with content-type, or stands in for it', () => {
    expect(decode(binaryHeaders({ ce_datacontenttype: 'application/json' }), data)).toMatchObject({ ok: true });
    expect(decode(binaryHeaders({ 'content-type': null, ce_datacontenttype: 'application/json' }), data)).toMatchObject(
      { ok: true },
    );
    expect(errorsOf(decode(binaryHeaders({ ce_datacontenttype: 'text/plain' }), data))).toEqual([
      'headers.ce_datacontenttype: expected the content-type header\'s value ("application/json"), got "text/plain"',
    ]);
  });

  it('names the header at fault', () => {
    expect(errorsOf(decode(binaryHeaders({ ce_specversion: null }), data))).toEqual([
      'headers.ce_specversion: missing; expected "1.0"',
    ]);
    expect(errorsOf(decode(binaryHeaders({ ce_specversion: '0.3' }), data))).toEqual([
      'headers.ce_specversion: expected "1.0" (CloudEvents 1.0), got "0.3"',
    ]);
    expect(errorsOf(decode(binaryHeaders({ ce_id: null }), data))).toEqual([
      expect.stringMatching(/^headers\.ce_id: missing; expected an event id/),
    ]);
    expect(errorsOf(decode(binaryHeaders({ ce_time: '10/05/2026' }), data))).toEqual([
      expect.stringMatching(/^headers\.ce_time: expected an RFC 3339/),
    ]);
    expect(errorsOf(decode(binaryHeaders({ ce_subject: 'Search Team' }), data))).toEqual([
      expect.stringMatching(/^headers\.ce_subject: /),
    ]);
    expect(errorsOf(decode(binaryHeaders({ 'ce_my-ext': 'x' }), data))).toEqual([
      expect.stringMatching(/^headers\.ce_my-ext: expected a CloudEvents attribute name/),
    ]);
    expect(errorsOf(decode({ ...binaryHeaders(), ce_id: [bytes('a'), bytes('b')] }, data))).toEqual([
      'headers.ce_id: expected one header, got 2',
    ]);
    expect(errorsOf(decode({ ...binaryHeaders(), ce_id: Buffer.from([0xc0, 0xa0]) }, data))).toEqual([
      'headers.ce_id: not valid UTF-8',
    ]);
  });

  it('names headers.content-type for data, formats and modes it cannot read', () => {
    expect(errorsOf(decode(binaryHeaders({ 'content-type': 'application/avro' }), data))).toEqual([
      'headers.content-type: expected "application/json" ' +
        '(the data of a usage event in binary mode is a JSON object), got "application/avro"',
    ]);
    expect(errorsOf(decode({ 'content-type': bytes('application/cloudevents+avro') }, data))).toEqual([
      expect.stringMatching(/^headers\.content-type: expected application\/cloudevents\+json/),
    ]);
    expect(errorsOf(decode({ 'content-type': bytes('application/cloudevents-batch+json') }, [data]))).toEqual([
      expect.stringMatching(/^headers\.content-type: the Kafka binding has no batched mode/),
    ]);
  });

  it('points data errors at the value, and a binary-mode record without a value is refused', () => {
    expect(errorsOf(decode(binaryHeaders(), { ...data, outputTokens: -5 }))).toEqual([
      'value.outputTokens: expected a non-negative integer below 10^12, got -5',
    ]);
    expect(errorsOf(decode(binaryHeaders(), '{"model":'))).toEqual([expect.stringMatching(/^value: not valid JSON/)]);
    expect(errorsOf(decode(binaryHeaders(), null))).toEqual([
      'value: missing; expected the usage data as a JSON object',
    ]);
  });
});

describe('isCloudEventKafkaHeader', () => {
  it('picks out ce_ attributes and the content type, in any case, and nothing else', () => {
    expect(['ce_id', 'CE_TIME', 'content-type', 'Content-Type'].map(isCloudEventKafkaHeader)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['traceparent', 'ce-id', 'cex', 'tokenmeter-dlq-reason'].map(isCloudEventKafkaHeader)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
