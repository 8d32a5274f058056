// The fast path may only ever say what the schemas say: whatever it accepts, the full parser
// accepts as the same record. Events are drawn from a mix of valid and broken values per field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePlainUsageEvent } from './plain-usage-event';
import { PROVIDER_IDS } from './provider-ids';
import { usageRecordToCloudEvent } from './usage-event-builder';
import { parseUsageEventWithSchemas } from './usage-event-parser';
import type { UsageRecord } from './usage-record';

const now = new Date('2026-05-10T12:00:00Z');

/** Strings near every bound and rule of boundedTextSchema and the team slug. */
const text = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'a',
    'evt-1',
    ' evt',
    'evt ',
    'e\tv',
    'e\u0000v',
    'e\u007fv',
    'x'.repeat(64),
    'x'.repeat(65),
    'x'.repeat(128),
  ),
  fc.constantFrom(
    'x'.repeat(129),
    'x'.repeat(200),
    'x'.repeat(201),
    'x'.repeat(256),
    'x'.repeat(257),
    'team.a_b-c',
    '-team',
    'Team9',
    'é',
    '\u00a0x',
  ),
  fc.string({ maxLength: 12 }),
);
const anything = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constant([]),
  fc.constant({}),
  text,
);
const count = fc.oneof(
  fc.integer({ min: 0, max: 5_000 }),
  fc.constantFrom(-1, -0, 0.5, 999_999_999_999, 1e12, 2 ** 53, Number.MAX_VALUE, '12', null),
);
const provider = fc.oneof(
  fc.constantFrom(...PROVIDER_IDS),
  fc.constantFrom('OpenAI', ' openai', 'gemini', 'aws', 'openia', '', 'x'.repeat(65)),
);
const time = fc.oneof(
  fc
    .integer({ min: now.getTime() - 401 * 86_400_000, max: now.getTime() + 2 * 86_400_000 })
    .map((ms) => new Date(ms).toISOString()),
  fc.constantFrom(
    '2026-05-10T11:59:00.250+02:00',
    '2026-05-10T11:59:00Z',
    '2026-02-30T10:00:00.000Z',
    '2026-05-10t11:59:00.000z',
    1_778_000_000_000,
    null,
  ),
);
const tags = fc.oneof(
  fc.dictionary(
    fc.constantFrom('env', 'region', 'a.b:c/d-e_f', '__proto__', 'bad key', 'k'.repeat(65), 'constructor', '1'),
    fc.oneof(text, anything),
    { maxKeys: 4 },
  ),
  fc.constant(Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`t${i}`, 'v']))),
  anything,
);
const cost = fc.oneof(
  fc.constantFrom('0.0125', ' 1.50 ', '000.0100', '12345678901', '1.12345678901', '-1', 'abc', 0.1, 1e11, -0.5, 3),
  anything,
);

/** A valid event, then up to three fields replaced by any of the values above, or removed. */
const validData = fc.record(
  {
    provider: fc.constantFrom(...PROVIDER_IDS),
    model: fc.constantFrom('gpt-4o', 'claude-sonnet-4-5', 'meta-llama/Llama-3.3-70B-Instruct'),
    project: fc.constantFrom('ranking', null),
    tags: fc.dictionary(
      fc.constantFrom('env', 'region', 'a.b:c/d-e_f', 'constructor', '1'),
      fc.constantFrom('prod', '', 'x'.repeat(256)),
      { maxKeys: 3 },
    ),
    inputTokens: fc.integer({ min: 0, max: 5_000 }),
    cachedInputTokens: fc.integer({ min: 0, max: 5_000 }),
    outputTokens: fc.integer({ min: 1_000, max: 5_000 }),
    reasoningTokens: fc.integer({ min: 0, max: 1_000 }),
    requests: fc.integer({ min: 1, max: 3 }),
    costUsd: fc.constantFrom('0.0125', 0.5, null),
  },
  { requiredKeys: ['provider', 'model', 'inputTokens', 'outputTokens'] },
);
const validEvent = fc.record(
  {
    specversion: fc.constant('1.0'),
    id: fc.constantFrom('evt-1', 'x'.repeat(256)),
    source: fc.constantFrom('urn:tokenmeter:sdk', 'https://api.example.com/v1'),
    type: fc.constant('dev.tokenmeter.usage.v1'),
    time: fc
      .integer({ min: now.getTime() - 399 * 86_400_000, max: now.getTime() + 86_400_000 })
      .map((ms) => new Date(ms).toISOString()),
    subject: fc.constantFrom('search', 'Team9', 'team.a_b-c'),
    datacontenttype: fc.constant('application/json'),
    project: fc.constant('ranking'),
    data: validData,
  },
  { requiredKeys: ['specversion', 'id', 'source', 'type', 'time', 'subject', 'data'] },
);
const broken: Record<string, fc.Arbitrary<unknown>> = {
  specversion: fc.constantFrom('0.3', 1),
  id: text,
  source: text,
  type: fc.constantFrom('dev.tokenmeter.usage.openai.v1', 'other'),
  time,
  subject: text,
  datacontenttype: fc.constantFrom('Application/JSON; charset=utf-8', 'text/plain', 7),
  dataschema: fc.constant('https://example.com/schema'),
  project: text,
  region: anything,
  data: anything,
  'data.provider': provider,
  'data.model': text,
  'data.deployment': fc.oneof(text, fc.constant(null)),
  'data.project': fc.oneof(text, fc.constant(null)),
  'data.tags': tags,
  'data.inputTokens': count,
  'data.cachedInputTokens': count,
  'data.cacheWriteTokens': count,
  'data.outputTokens': count,
  'data.reasoningTokens': count,
  'data.totalTokens': count,
  'data.requests': fc.oneof(fc.integer({ min: 1, max: 3 }), fc.constantFrom(0, 1_000_000_000, 1_000_000_001, 1.5)),
  'data.costUsd': cost,
  'data.outputToken': count,
};
const mutation = fc
  .constantFrom(...Object.keys(broken))
  .chain((field) => fc.tuple(fc.constant(field), fc.option(broken[field]!, { nil: undefined, freq: 5 })));
const event = fc.tuple(validEvent, fc.array(mutation, { maxLength: 3 })).map(([json, mutations]) => {
  const copy: Record<string, unknown> = { ...json, data: { ...json.data } };
  for (const [field, value] of mutations) {
    const [outer, inner] = field.split('.') as [string, string | undefined];
    const target = inner === undefined ? copy : (copy[outer] as Record<string, unknown> | null);
    if (typeof target !== 'object' || target === null || Array.isArray(target)) continue;
    const key = inner ?? outer;
    if (value === undefined) delete target[key];
    else target[key] = value;
  }
  return copy;
});

describe('parsePlainUsageEvent', () => {
  it('accepts only what the schemas accept, as the same record', () => {
    let accepted = 0;
    fc.assert(
      fc.property(event, (json) => {
        const plain = parsePlainUsageEvent(json, now);
        if (plain === null) return;
        accepted++;
        expect(parseUsageEventWithSchemas(json, { now })).toEqual({ ok: true, record: plain });
        expect(parseUsageEventWithSchemas(json, { now, allowUnknownFields: true })).toEqual({
          ok: true,
          record: plain,
        });
      }),
      { numRuns: 20_000 },
    );
    // The property says nothing if the fast path never accepts.
    expect(accepted).toBeGreaterThan(2_000);
  }, 60_000); // 20,000 runs: about 2 s alone, far more on a machine busy with the integration suites

  it('takes the events the collector and the CLI put on usage.events', () => {
    const record = (overrides: Partial<UsageRecord>): UsageRecord => ({
      id: 'evt-1',
      source: 'urn:tokenmeter:sdk',
      time: '2026-05-10T11:00:00.000Z',
      team: 'search',
      project: null,
      tags: {},
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      deployment: null,
      inputTokens: 10,
      cachedInputTokens: 2_000,
      cacheWriteTokens: 300,
      outputTokens: 40,
      reasoningTokens: 12,
      requests: 1,
      costUsd: null,
      ...overrides,
    });
    for (const expected of [
      record({}),
      record({ project: 'ranking', tags: { env: 'prod', region: 'eu' }, costUsd: '0.0125', requests: 7 }),
      record({ provider: 'self-hosted', deployment: 'llama-70b-a100', model: 'meta-llama/Llama-3.3-70B-Instruct' }),
    ]) {
      expect(parsePlainUsageEvent(JSON.parse(JSON.stringify(usageRecordToCloudEvent(expected))), now)).toEqual(
        expected,
      );
    }
  });

  it('leaves anything unusual to the schemas', () => {
    const base = usageRecordToCloudEvent({
      ...JSON.parse('{}'),
      id: 'e',
      source: 's',
      time: '2026-05-10T11:00:00.000Z',
      team: 't',
      project: null,
      tags: {},
      provider: 'openai',
      model: 'gpt-4o',
      deployment: null,
      inputTokens: 1,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 1,
      reasoningTokens: 0,
      requests: 1,
      costUsd: null,
    });
    expect(parsePlainUsageEvent(base, now)).not.toBeNull();
    expect(parsePlainUsageEvent({ ...base, region: 'eu' }, now)).toBeNull();
    expect(parsePlainUsageEvent({ ...base, time: '2026-05-10T13:00:00+02:00' }, now)).not.toBeNull();
    expect(parsePlainUsageEvent({ ...base, type: 'dev.tokenmeter.usage.openai.v1' }, now)).toBeNull();
    expect(parsePlainUsageEvent({ ...base, data: { ...(base.data as object), totalTokens: 3 } }, now)).toBeNull();
    expect(parsePlainUsageEvent([base], now)).toBeNull();
  });
});
