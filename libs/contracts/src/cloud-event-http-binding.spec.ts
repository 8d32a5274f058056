import { describe, expect, it } from 'vitest';
import { httpContentMode, parseHttpBinaryUsageEvent } from './cloud-event-http-binding';

const now = new Date('2026-05-10T12:00:00Z');
const data = { provider: 'openai', model: 'gpt-4o', inputTokens: 1200, cachedInputTokens: 800, outputTokens: 300 };
const body = (value: unknown = data) => Buffer.from(JSON.stringify(value));

function binaryHeaders(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    'content-type': 'application/json; charset=utf-8',
    'ce-specversion': '1.0',
    'ce-id': 'req-0001',
    'ce-source': 'search-api',
    'ce-type': 'dev.tokenmeter.usage.v1',
    'ce-time': '2026-05-10T11:59:00Z',
    'ce-subject': 'search',
    ...overrides,
  };
}

describe('httpContentMode (HTTP binding §3)', () => {
  const mode = (headers: Record<string, string>) => httpContentMode(headers);

  it('reads the mode from Content-Type first, then from ce- headers', () => {
    expect(mode({ 'content-type': 'application/cloudevents+json; charset=UTF-8' })).toEqual({ mode: 'structured' });
    expect(mode({ 'content-type': 'Application/CloudEvents-Batch+JSON' })).toEqual({ mode: 'batched' });
    // Structured mode MAY repeat attributes as headers: the Content-Type still decides.
    expect(mode({ 'content-type': 'application/cloudevents+json', 'ce-id': 'x' })).toEqual({ mode: 'structured' });
    expect(mode({ 'content-type': 'application/json', 'ce-id': 'x' })).toEqual({ mode: 'binary' });
    expect(mode({ 'ce-id': 'x' })).toEqual({ mode: 'binary' });
    expect(mode({ 'content-type': 'application/json' })).toEqual({ mode: 'json' });
  });

  it('names headers.content-type for formats and data it cannot read', () => {
    expect(mode({ 'content-type': 'application/cloudevents+avro' })).toMatchObject({
      mode: 'unsupported',
      error: {
        path: 'headers.content-type',
        message: expect.stringMatching(
          /expected application\/cloudevents\+json .*got "application\/cloudevents\+avro"/,
        ),
      },
    });
    expect(mode({ 'content-type': 'text/xml', 'ce-id': 'x' })).toMatchObject({
      mode: 'unsupported',
      error: {
        message:
          'headers.content-type: expected "application/json" ' +
          '(the data of a usage event in binary mode is a JSON object), got "text/xml"',
      },
    });
    expect(mode({ 'content-type': 'text/plain' })).toMatchObject({
      mode: 'unsupported',
      error: { path: 'headers.content-type' },
    });
  });
});

describe('parseHttpBinaryUsageEvent', () => {
  it('reads attributes from ce- headers (percent-decoded), data from the body, ce-project as the project', () => {
    const headers = binaryHeaders({
      'ce-source': 'urn:app:search%20api',
      'ce-id': '"req 0001"',
      'ce-project': 'ranking',
    });
    const result = parseHttpBinaryUsageEvent(headers, body(), { now });
    expect(result).toEqual({
      ok: true,
      record: expect.objectContaining({
        id: 'req 0001',
        source: 'urn:app:search api',
        time: '2026-05-10T11:59:00.000Z',
        team: 'search',
        project: 'ranking',
        provider: 'openai',
        inputTokens: 1200,
        cachedInputTokens: 800,
      }),
    });
  });

  it('names the header that is missing or wrong', () => {
    const result = parseHttpBinaryUsageEvent(binaryHeaders({ 'ce-specversion': undefined }), body(), { now });
    expect(result).toEqual({
      ok: false,
      errors: [{ path: 'headers.ce-specversion', message: 'headers.ce-specversion: missing; expected "1.0"' }],
    });
    const wrong = parseHttpBinaryUsageEvent(
      binaryHeaders({ 'ce-time': 'yesterday', 'ce-id': undefined, 'ce-color': 'red' }),
      body(),
      { now },
    );
    expect(wrong.ok).toBe(false);
    const messages = wrong.ok ? [] : wrong.errors.map((e) => e.message);
    expect(messages).toContain(
      'headers.ce-time: expected an RFC 3339 timestamp with a time zone, e.g. "2026-05-01T12:00:00Z", got "yesterday"',
    );
    expect(messages).toContainEqual(expect.stringMatching(/^headers\.ce-id: missing; expected an event id/));
    expect(messages).toContainEqual(expect.stringMatching(/^headers\.ce-color: unknown CloudEvents attribute/));
  });

  it('names headers that cannot be attributes and values that do not decode', () => {
    const headers = binaryHeaders({
      'ce-my-extension': 'x',
      'ce-datacontenttype': 'application/json',
      'ce-subject': 'se%C0%A0arch',
    });
    const result = parseHttpBinaryUsageEvent(headers, body(), { now });
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual([
      'headers.ce-subject',
      'headers.ce-my-extension',
      'headers.ce-datacontenttype',
    ]);
  });

  it('points data errors at the body', () => {
    const negative = parseHttpBinaryUsageEvent(binaryHeaders(), body({ ...data, outputTokens: -5 }), { now });
    expect(negative).toEqual({
      ok: false,
      errors: [
        {
          path: 'body.outputTokens',
          message: 'body.outputTokens: expected a non-negative integer below 10^12, got -5',
        },
      ],
    });
    const broken = parseHttpBinaryUsageEvent(binaryHeaders(), Buffer.from('{"provider":'), { now });
    expect(broken).toMatchObject({
      ok: false,
      errors: [{ path: 'body', message: expect.stringMatching(/^body: not valid JSON/) }],
    });
    const empty = parseHttpBinaryUsageEvent(binaryHeaders(), Buffer.alloc(0), { now });
    expect(empty).toMatchObject({ ok: false, errors: [{ path: 'body', message: expect.stringMatching(/missing/) }] });
  });
});
