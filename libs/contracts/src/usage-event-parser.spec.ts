import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import anthropicMessages from './normalizers/fixtures/anthropic-messages.json';
import { usageRecordToCloudEvent } from './usage-event-builder';
import { parseUsageBatch, parseUsageEvent } from './usage-event-parser';
import { MAX_BATCH_BYTES, MAX_BATCH_EVENTS, MAX_EVENT_BYTES, MAX_TOKENS } from './usage-limits';
import { decodeUsageBatch, decodeUsageMessage } from './usage-message-decoder';

const now = new Date('2026-05-10T12:00:00Z');

function usageEvent(overrides: Record<string, unknown> = {}, data: Record<string, unknown> = {}) {
  return {
    specversion: '1.0',
    id: 'evt-0001',
    source: 'urn:tokenmeter:sdk:search-api',
    type: 'dev.tokenmeter.usage.v1',
    time: '2026-05-10T11:59:00.250+02:00',
    subject: 'search',
    datacontenttype: 'application/json',
    data: {
      provider: 'openai',
      model: 'gpt-4o-2024-08-06',
      project: 'ranking',
      tags: { env: 'prod' },
      inputTokens: 86,
      cachedInputTokens: 1920,
      outputTokens: 300,
      ...data,
    },
    ...overrides,
  };
}

function messages(result: { ok: boolean; errors?: Array<{ message: string }> }): string[] {
  return result.ok ? [] : result.errors!.map((e) => e.message);
}

describe('parseUsageEvent', () => {
  it('turns a normalized usage event into a record with defaults and UTC time', () => {
    expect(parseUsageEvent(usageEvent(), { now })).toEqual({
      ok: true,
      record: {
        id: 'evt-0001',
        source: 'urn:tokenmeter:sdk:search-api',
        time: '2026-05-10T09:59:00.250Z',
        team: 'search',
        project: 'ranking',
        tags: { env: 'prod' },
        provider: 'openai',
        model: 'gpt-4o-2024-08-06',
        deployment: null,
        inputTokens: 86,
        cachedInputTokens: 1920,
        cacheWriteTokens: 0,
        outputTokens: 300,
        reasoningTokens: 0,
        requests: 1,
        costUsd: null,
      },
    });
  });

  it('normalizes a raw provider payload carried by a provider event type', () => {
    const result = parseUsageEvent(
      usageEvent({ type: 'dev.tokenmeter.usage.anthropic.v1', data: anthropicMessages, project: 'contracts' }),
      { now },
    );
    expect(result).toMatchObject({
      ok: true,
      record: {
        provider: 'anthropic',
        model: 'claude-sonnet-4-20250514',
        project: 'contracts',
        inputTokens: 25,
        cachedInputTokens: 3500,
        cacheWriteTokens: 1200,
        outputTokens: 420,
      },
    });
  });

  it('reports the exact path, expectation and value of a bad count', () => {
    const result = parseUsageEvent(usageEvent({}, { outputTokens: -5 }), { now, path: 'usage.events[12]' });
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          path: 'usage.events[12].data.outputTokens',
          message: 'usage.events[12].data.outputTokens: expected a non-negative integer below 10^12, got -5',
        },
      ],
    });
  });

  it.each([
    [
      'a huge count',
      { inputTokens: 10 ** 12 },
      'data.inputTokens: expected a non-negative integer below 10^12, got 1000000000000',
    ],
    [
      'a string count',
      { inputTokens: '86' },
      'data.inputTokens: expected a non-negative integer below 10^12, got "86"',
    ],
    [
      'a fractional count',
      { outputTokens: 2.5 },
      'data.outputTokens: expected a non-negative integer below 10^12, got 2.5',
    ],
    [
      'a missing count',
      { inputTokens: undefined },
      'data.inputTokens: missing; expected a non-negative integer below 10^12',
    ],
    ['zero requests', { requests: 0 }, 'data.requests: expected a positive integer of at most 1000000000, got 0'],
    [
      'an unknown provider',
      { provider: 'acme' },
      'data.provider: expected a known provider id or alias (openai, azure, anthropic, google, bedrock, mistral, ' +
        'cohere, deepseek, groq, x-ai, together, fireworks, openrouter, self-hosted, …), got "acme"',
    ],
    ['an unknown field', { outputToken: 3 }, 'data.outputToken: unknown field; remove it or send it as a tag'],
    [
      'reasoning above output',
      { reasoningTokens: 301 },
      'data.reasoningTokens: expected at most outputTokens (300), which includes reasoning, got 301',
    ],
    [
      'a negative cost',
      { costUsd: -1 },
      'data.costUsd: expected a non-negative decimal number of US dollars (string or number) ' +
        'with at most 10 digits before and 10 after the point, got -1',
    ],
    [
      'a too-precise cost',
      { costUsd: '0.00000000001' },
      'data.costUsd: expected a non-negative decimal number of US dollars (string or number) ' +
        'with at most 10 digits before and 10 after the point, got "0.00000000001"',
    ],
    [
      'a tag that is not a string',
      { tags: { env: 1 } },
      'data.tags.env: expected a tag value: a string of at most 256 characters ' +
        'without control characters or lone surrogates, got 1',
    ],
    [
      'a total that double-counts cache hits',
      { inputTokens: 2006, totalTokens: 2306 },
      'data.totalTokens: expected inputTokens + cachedInputTokens + cacheWriteTokens + outputTokens (4226), ' +
        'got 2306; inputTokens must exclude cache reads and writes',
    ],
  ])('rejects %s', (_name, data, message) => {
    expect(messages(parseUsageEvent(usageEvent({}, data), { now }))).toEqual([message]);
  });

  it.each([
    [
      'an old event',
      '2025-04-01T00:00:00Z',
      /time: expected a time between 2025-04-05T12:00:00.000Z and 2026-05-11T12:00:00.000Z/,
    ],
    ['a future event', '2026-05-12T00:00:00Z', /time: expected a time between/],
    [
      'a time without zone',
      '2026-05-10T11:00:00',
      /time: expected an RFC 3339 timestamp with a time zone.*got "2026-05-10T11:00:00"/,
    ],
    ['an impossible date', '2026-02-30T11:00:00Z', /time: expected an RFC 3339 timestamp/],
    // The toISOString shape takes a shortcut; these must not slip through it.
    ['an impossible date in toISOString form', '2026-02-30T11:00:00.000Z', /time: expected an RFC 3339 timestamp/],
    ['hour 24 in toISOString form', '2026-05-09T24:00:00.000Z', /time: expected an RFC 3339 timestamp/],
    ['an old event in toISOString form', '2025-04-05T11:59:59.999Z', /time: expected a time between/],
    ['epoch seconds', 1778400000, /time: expected an RFC 3339 timestamp.*got 1778400000/],
  ])('rejects %s', (_name, time, pattern) => {
    const result = parseUsageEvent(usageEvent({ time }), { now });
    expect(messages(result)).toHaveLength(1);
    expect(messages(result)[0]).toMatch(pattern);
  });

  it('stores the time as ISO UTC, whichever RFC 3339 form it came in', () => {
    const timeOf = (time: string) => {
      const result = parseUsageEvent(usageEvent({ time }), { now });
      return result.ok ? result.record.time : messages(result);
    };
    expect(timeOf('2026-05-10T11:00:00.123Z')).toBe('2026-05-10T11:00:00.123Z');
    expect(timeOf('2026-05-10T11:00:00Z')).toBe('2026-05-10T11:00:00.000Z');
    expect(timeOf('2026-05-10t13:30:00.5+02:30')).toBe('2026-05-10T11:00:00.500Z');
  });

  it('accepts the edges of the time window', () => {
    expect(parseUsageEvent(usageEvent({ time: '2025-04-05T12:00:00Z' }), { now }).ok).toBe(true);
    expect(parseUsageEvent(usageEvent({ time: '2026-05-11T12:00:00Z' }), { now }).ok).toBe(true);
  });

  it('reports every envelope problem at once', () => {
    const event = usageEvent({
      specversion: '0.3',
      id: '',
      subject: 'Search Team',
      type: 'com.example.usage',
      source: undefined,
    });
    expect(messages(parseUsageEvent(event, { now }))).toEqual([
      'specversion: expected "1.0" (CloudEvents 1.0), got "0.3"',
      'id: expected an event id of 1 to 256 characters, ' +
        'without control characters, lone surrogates or surrounding spaces, got ""',
      'source: missing; expected a source URI-reference of 1 to 256 characters, ' +
        'without control characters, lone surrogates or surrounding spaces',
      "subject: expected a team slug: 1 to 64 letters, digits, '.', '_' or '-', " +
        'starting with a letter or digit, got "Search Team"',
      'type: expected "dev.tokenmeter.usage.v1" or "dev.tokenmeter.usage.<provider>.v1" with <provider> one of ' +
        'openai, openai-responses, azure-openai, anthropic, gemini, bedrock, mistral, deepseek, otel, litellm, ' +
        'got "com.example.usage"',
    ]);
  });

  it('refuses a lone UTF-16 surrogate in any text, naming the field, and keeps valid pairs', () => {
    const lone = '\uD83D';
    const cases: [Record<string, unknown>, Record<string, unknown>, string][] = [
      [{ id: `evt-${lone}` }, {}, 'id'],
      [{ source: `urn:x:${lone}` }, {}, 'source'],
      [{}, { tags: { env: `prod${lone}` } }, 'data.tags.env'],
      [{}, { model: `gpt-4o${'\uDC00'}` }, 'data.model'],
      [{}, { project: `p${lone}x` }, 'data.project'],
    ];
    for (const [envelope, data, path] of cases) {
      const result = parseUsageEvent(usageEvent(envelope, data), { now });
      expect(result.ok, path).toBe(false);
      if (!result.ok) expect(result.errors.map((e) => e.path)).toEqual([path]);
    }
    const paired = parseUsageEvent(usageEvent({ id: 'evt-🙂' }, { tags: { env: '東京🙂' } }), { now });
    expect(paired).toMatchObject({ ok: true, record: { id: 'evt-🙂', tags: { env: '東京🙂' } } });
  });

  it('refuses the sources TokenMeter reserves for self-hosted rows', () => {
    for (const source of ['vllm-log:pool-a', 'tgi-log:pool-a', 'vllm-metrics:pool-a']) {
      const result = parseUsageEvent(usageEvent({ source }), { now });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors[0]).toMatchObject({ path: 'source', message: /reserved for self-hosted/ });
    }
    expect(parseUsageEvent(usageEvent({ source: 'urn:vllm-log:mine' }), { now }).ok).toBe(true);
  });

  it('rejects a raw event for a provider format it does not know', () => {
    expect(messages(parseUsageEvent(usageEvent({ type: 'dev.tokenmeter.usage.cohere.v1' }), { now }))[0]).toMatch(
      /^type: expected/,
    );
  });

  it('rejects missing data, binary data and arrays', () => {
    const { data: _data, ...noData } = usageEvent();
    expect(messages(parseUsageEvent(noData, { now }))).toEqual(['data: missing; expected the usage object']);
    expect(messages(parseUsageEvent({ ...usageEvent(), data_base64: 'AAAA' }, { now }))).toEqual([
      'data_base64: binary data is not accepted; send the JSON object in "data"',
    ]);
    expect(messages(parseUsageEvent([usageEvent()], { now }))).toEqual([
      'expected a CloudEvent JSON object ' +
        '(a batch must be sent as application/cloudevents-batch+json), got an array of 1',
    ]);
  });

  it('keeps unknown fields and extension attributes as tags only when allowed', () => {
    const event = usageEvent({ region: 'eu', project: 'ranking' }, { feature: 'autocomplete', canary: true });
    expect(messages(parseUsageEvent(event, { now }))).toEqual([
      'region: unknown CloudEvents attribute; remove it ' +
        '(extension attributes become tags only where unknown fields are allowed)',
      'data.feature: unknown field; remove it or send it as a tag',
      'data.canary: unknown field; remove it or send it as a tag',
    ]);
    const allowed = parseUsageEvent(event, { now, allowUnknownFields: true });
    expect(allowed).toMatchObject({
      ok: true,
      record: { project: 'ranking', tags: { region: 'eu', feature: 'autocomplete', canary: 'true', env: 'prod' } },
    });
  });

  it('still rejects unknown fields that cannot be tags', () => {
    const result = parseUsageEvent(usageEvent({}, { nested: { a: 1 } }), { now, allowUnknownFields: true });
    expect(messages(result)).toEqual([
      'data.nested: cannot be kept as a tag: ' +
        'expected a tag value: a string of at most 256 characters without control characters or lone surrogates, ' +
        'got an object',
    ]);
  });

  it('rejects more than 32 tags and a project that contradicts the project attribute', () => {
    const tags = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, 'v']));
    expect(messages(parseUsageEvent(usageEvent({}, { tags }), { now }))[0]).toMatch(
      /^data.tags: expected an object of at most 32 string tags/,
    );
    expect(messages(parseUsageEvent(usageEvent({ project: 'other' }), { now }))).toEqual([
      'data.project: expected the same project as the "project" attribute ("other"), got "ranking"',
    ]);
  });

  it('canonicalizes provider aliases and keeps client costs as exact decimal strings', () => {
    const result = parseUsageEvent(usageEvent({}, { provider: 'Vertex_AI', model: 'gemini-2.5-pro', costUsd: 0.1 }), {
      now,
    });
    expect(result).toMatchObject({ ok: true, record: { provider: 'google', costUsd: '0.1' } });
    const text = parseUsageEvent(usageEvent({}, { costUsd: '0012.5000' }), { now });
    expect(text).toMatchObject({ ok: true, record: { costUsd: '12.5' } });
  });

  it('accepts every in-range token count and rejects every out-of-range one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_TOKENS }), (count) => {
        expect(parseUsageEvent(usageEvent({}, { inputTokens: count }), { now }).ok).toBe(true);
      }),
    );
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ max: -1 }), fc.double({ min: MAX_TOKENS + 1, noNaN: true }), fc.constant(Number.NaN)),
        (count) => {
          expect(parseUsageEvent(usageEvent({}, { inputTokens: count }), { now }).ok).toBe(false);
        },
      ),
    );
  });

  it('reads back exactly the record that usageRecordToCloudEvent wrote', () => {
    const first = parseUsageEvent(
      usageEvent({}, { deployment: 'gpu-pool-a', reasoningTokens: 12, requests: 3, costUsd: '0.25' }),
      { now },
    );
    if (!first.ok) throw new Error(first.errors.map((e) => e.message).join('\n'));
    expect(parseUsageEvent(usageRecordToCloudEvent(first.record), { now })).toEqual(first);
  });

  it('never throws, whatever JSON arrives', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.record({
            specversion: fc.constant('1.0'),
            data: fc.jsonValue(),
            type: fc.constantFrom(
              'dev.tokenmeter.usage.v1',
              'dev.tokenmeter.usage.otel.v1',
              'dev.tokenmeter.usage.litellm.v1',
            ),
          }),
        ),
        (json) => {
          const result = parseUsageEvent(json, { now });
          if (!result.ok) expect(result.errors.length).toBeGreaterThan(0);
        },
      ),
    );
  });
});

describe('parseUsageBatch', () => {
  it('accepts a batch and reports bad events by index', () => {
    const batch = [usageEvent(), usageEvent({ id: 'evt-2' }, { inputTokens: -1 }), usageEvent({ id: 'evt-3' })];
    const result = parseUsageBatch(batch, { now, path: 'usage.events' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      {
        path: 'usage.events[1].data.inputTokens',
        message: 'usage.events[1].data.inputTokens: expected a non-negative integer below 10^12, got -1',
      },
    ]);
    expect(result.accepted.map((a) => a.index)).toEqual([0, 2]);
    expect(parseUsageBatch([usageEvent(), usageEvent({ id: 'evt-3' })], { now })).toMatchObject({
      ok: true,
      records: [{}, {}],
    });
  });

  it('rejects a batch that is not an array or is too long', () => {
    expect(messages(parseUsageBatch(usageEvent(), { now }))).toEqual([
      'events: expected a JSON array of CloudEvents (application/cloudevents-batch+json), got an object',
    ]);
    const tooMany = Array.from({ length: MAX_BATCH_EVENTS + 1 }, () => ({}));
    expect(messages(parseUsageBatch(tooMany, { now }))).toEqual([
      `events: expected at most ${MAX_BATCH_EVENTS} events per batch, got 1001; split the batch`,
    ]);
  });
});

describe('decodeUsageMessage / decodeUsageBatch', () => {
  it('decodes a Kafka message', () => {
    const result = decodeUsageMessage(Buffer.from(JSON.stringify(usageEvent())), { now });
    expect(result).toMatchObject({ ok: true, record: { id: 'evt-0001' } });
  });

  it('rejects bad JSON, bad UTF-8, tombstones and oversized payloads with a reason', () => {
    expect(messages(decodeUsageMessage(Buffer.from('{"specversion":'), { now }))[0]).toMatch(/^not valid JSON: /);
    expect(messages(decodeUsageMessage(Buffer.from([0x7b, 0xff, 0x7d]), { now }))).toEqual(['not valid UTF-8']);
    expect(messages(decodeUsageMessage(null, { now }))).toEqual(['empty message; expected a CloudEvent']);
    const big = Buffer.alloc(MAX_EVENT_BYTES + 1, 0x20);
    expect(messages(decodeUsageMessage(big, { now }))).toEqual([
      `message is ${MAX_EVENT_BYTES + 1} bytes; expected at most ${MAX_EVENT_BYTES} bytes`,
    ]);
    const bigBatch = Buffer.alloc(MAX_BATCH_BYTES + 1, 0x20);
    expect(messages(decodeUsageBatch(bigBatch, { now }))).toEqual([
      `events: batch is ${MAX_BATCH_BYTES + 1} bytes; expected at most ${MAX_BATCH_BYTES} bytes`,
    ]);
  });
});
