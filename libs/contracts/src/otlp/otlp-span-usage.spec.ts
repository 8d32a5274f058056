import { describe, expect, it } from 'vitest';
import { type OtlpUsageOptions, otlpRejectionMessage, otlpTracesToUsage } from './otlp-span-usage';

const NOW = new Date('2026-05-01T12:00:00Z');
const END_NANOS = '1777636800123456789'; // 2026-05-01T12:00:00.123456789Z
const PROMPT = 'Summarize the secret merger memo for ACME';
const COMPLETION = 'The merger closes on Friday';

type Value = string | number | boolean;
const anyValue = (value: Value) =>
  typeof value === 'string'
    ? { stringValue: value }
    : typeof value === 'boolean'
      ? { boolValue: value }
      : Number.isInteger(value)
        ? { intValue: String(value) }
        : { doubleValue: value };
const attributes = (map: Record<string, Value | object>) =>
  Object.entries(map).map(([key, value]) => ({ key, value: typeof value === 'object' ? value : anyValue(value) }));

let spanCounter = 0;
function span(attrs: Record<string, Value | object>, extra: Record<string, unknown> = {}) {
  spanCounter++;
  return {
    traceId: '5B8EFFF798038103D269B633813FC60C',
    spanId: spanCounter.toString(16).padStart(16, '0'),
    name: 'chat gpt-4o',
    kind: 3,
    startTimeUnixNano: '1777636799000000000',
    endTimeUnixNano: END_NANOS,
    attributes: attributes(attrs),
    ...extra,
  };
}

const chat = (overrides: Record<string, Value | object> = {}) => ({
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': 'gpt-4o',
  'gen_ai.response.model': 'gpt-4o-2024-08-06',
  'gen_ai.usage.input_tokens': 2006,
  'gen_ai.usage.output_tokens': 300,
  'gen_ai.usage.cache_read.input_tokens': 1920,
  ...overrides,
});

function request(spans: unknown[], resource: Record<string, Value> = { 'service.name': 'answer-engine' }) {
  const scopeSpans = [{ scope: { name: 'test' }, spans }];
  return { resourceSpans: [{ resource: { attributes: attributes(resource) }, scopeSpans }] };
}

const ingestKey: OtlpUsageOptions = { now: NOW, keyTeam: 'search' };
const SPANS = 'resourceSpans[0].scopeSpans[0].spans';
const TEAM_ATTRIBUTE = 'resourceSpans[0].resource.attributes["tokenmeter.team"]';
const toUsage = (spans: unknown[], resource?: Record<string, Value>, options: OtlpUsageOptions = ingestKey) =>
  otlpTracesToUsage(request(spans, resource), options);

describe('OTLP spans → usage records', () => {
  it('turns a GenAI span into one record and drops every other span', () => {
    const genAi = span(chat());
    const result = toUsage([span({ 'http.method': 'GET' }), genAi, span({ 'db.system': 'postgresql' })]);
    expect(result).toEqual({
      ok: true,
      rejectedSpans: 0,
      errors: [],
      records: [
        {
          id: `5b8efff798038103d269b633813fc60c-${genAi.spanId}`,
          source: 'otlp:answer-engine',
          time: '2026-05-01T12:00:00.123Z',
          team: 'search',
          project: null,
          tags: {},
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
      ],
    });
  });

  it('never copies prompt or completion content into a record or an error', () => {
    const content = {
      'gen_ai.prompt.0.content': PROMPT,
      'gen_ai.completion.0.content': COMPLETION,
      'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: PROMPT }] }]),
      'gen_ai.output.messages': { arrayValue: { values: [{ stringValue: COMPLETION }] } },
      'gen_ai.system_instructions': PROMPT,
    };
    const eventAttributes = attributes({ 'gen_ai.prompt': PROMPT });
    const events = [{ name: 'gen_ai.content.prompt', timeUnixNano: END_NANOS, attributes: eventAttributes }];
    const valid = span(chat(content), { events });
    const invalid = span(chat({ ...content, 'gen_ai.usage.output_tokens': -1 }), { events });
    const result = toUsage([valid, invalid]);
    expect(result).toMatchObject({ ok: true, rejectedSpans: 1 });
    const text = JSON.stringify(result);
    for (const secret of ['merger', 'ACME', 'Friday']) expect(text).not.toContain(secret);
  });

  it.each([
    ['a decimal string (OTLP/JSON)', { intValue: '1200' }],
    ['a number', { intValue: 1200 }],
    ['a double', { doubleValue: 1200 }],
    ['a string attribute', { stringValue: '1200' }],
  ])('reads a token count sent as %s', (_, value) => {
    const attrs = chat({ 'gen_ai.usage.input_tokens': value, 'gen_ai.usage.cache_read.input_tokens': 0 });
    const result = toUsage([span(attrs)]);
    expect(result).toMatchObject({ ok: true, records: [{ inputTokens: 1200 }] });
  });

  it('reads the end time as a string or a JSON number, at millisecond precision', () => {
    // biome-ignore lint/correctness/noPrecisionLoss: a JSON number loses the nanoseconds; milliseconds must survive
    const asNumber = span(chat(), { endTimeUnixNano: 1777636800123456789 });
    const result = toUsage([asNumber]);
    expect(result).toMatchObject({ ok: true, records: [{ time: '2026-05-01T12:00:00.123Z' }] });
  });

  it('takes span attributes over resource attributes, and the resource for what the span lacks', () => {
    const resource = {
      'service.name': 'svc',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': 'claude-3-5-haiku',
      'tokenmeter.project': 'from-resource',
    };
    const counts = { 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 2 };
    const spanOwn = span({ ...counts, 'gen_ai.request.model': 'claude-sonnet-4', 'tokenmeter.project': 'from-span' });
    const inherits = span(counts);
    const result = toUsage([spanOwn, inherits], resource);
    expect(result).toMatchObject({
      ok: true,
      records: [
        { provider: 'anthropic', model: 'claude-sonnet-4', project: 'from-span' },
        { provider: 'anthropic', model: 'claude-3-5-haiku', project: 'from-resource' },
      ],
    });
  });

  it('counts an embeddings span without output tokens as zero output', () => {
    const embeddings = span({
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.system': 'openai',
      'gen_ai.request.model': 'text-embedding-3-small',
      'gen_ai.usage.input_tokens': 42,
    });
    expect(toUsage([embeddings])).toMatchObject({ ok: true, records: [{ inputTokens: 42, outputTokens: 0 }] });
  });

  it('rejects invalid GenAI spans alone, naming the span and the attribute', () => {
    const negative = span(chat({ 'gen_ai.usage.output_tokens': -5 }));
    const result = toUsage([span(chat()), span({ 'http.route': '/' }), span(chat()), negative]);
    expect(result).toMatchObject({ ok: true, rejectedSpans: 1 });
    if (!result.ok) return;
    expect(result.records).toHaveLength(2);
    const where = `${SPANS}[3].attributes["gen_ai.usage.output_tokens"]`;
    const error = `${where}: expected a non-negative integer below 10^12, got -5`;
    expect(result.errors.map((e) => e.message)).toEqual([error]);
    const message = otlpRejectionMessage(result.rejectedSpans, result.errors);
    expect(message).toBe(`1 GenAI span rejected (the others were stored): ${error}`);
  });

  it('names the resource attribute when the bad value came from the resource', () => {
    const counts = { 'gen_ai.usage.input_tokens': 1, 'gen_ai.usage.output_tokens': 1, 'gen_ai.request.model': 'm' };
    const result = toUsage([span(counts)], { 'gen_ai.system': 'acme_llm' });
    expect(result).toMatchObject({ ok: true, rejectedSpans: 1 });
    if (result.ok) expect(result.errors[0]!.path).toBe('resourceSpans[0].resource.attributes["gen_ai.system"]');
  });

  it('rejects a span with a bad trace id, an int64 beyond range, or an end time outside the usage window', () => {
    const spans = [
      span(chat(), { traceId: '00000000000000000000000000000000' }),
      span(chat({ 'gen_ai.usage.input_tokens': { intValue: '99999999999999999999' } })),
      span(chat(), { endTimeUnixNano: '1577836800000000000' }),
    ];
    const result = toUsage(spans);
    expect(result).toMatchObject({ ok: true, rejectedSpans: 3, records: [] });
    if (!result.ok) return;
    expect(result.errors.map((e) => e.path)).toEqual([
      `${SPANS}[0].traceId`,
      `${SPANS}[1].attributes["gen_ai.usage.input_tokens"]`,
      `${SPANS}[2].endTimeUnixNano`,
    ]);
    expect(result.errors[1]!.message).toContain('got "99999999999999999999"');
    expect(result.errors[2]!.message).toContain('got 2020-01-01T00:00:00.000Z');
  });

  it("refuses another team named by an ingest key's request (header or resource attribute)", () => {
    const header = toUsage([span(chat())], undefined, { ...ingestKey, headerTeam: 'ads' });
    expect(header).toMatchObject({ ok: false, reason: 'forbidden', errors: [{ path: 'headers.x-tokenmeter-team' }] });
    const resource = toUsage([span(chat())], { 'tokenmeter.team': 'ads' });
    expect(resource).toMatchObject({ ok: false, reason: 'forbidden', errors: [{ path: TEAM_ATTRIBUTE }] });
    const message = resource.ok ? '' : resource.errors[0]!.message;
    expect(message).toContain(`expected "search" (the ingest key's team), got "ads"`);
  });

  it('lets a finops key name the team by header or resource attribute, the resource winning', () => {
    const finops = { now: NOW, keyTeam: null };
    const header = { ...finops, headerTeam: 'ads' };
    const spans = [span(chat())];
    expect(toUsage(spans, undefined, header)).toMatchObject({ ok: true, records: [{ team: 'ads' }] });
    const fromResource = toUsage(spans, { 'tokenmeter.team': 'infra' }, header);
    expect(fromResource).toMatchObject({ ok: true, records: [{ team: 'infra' }] });
    const none = toUsage(spans, undefined, finops);
    expect(none).toMatchObject({ ok: true, rejectedSpans: 1, errors: [{ path: TEAM_ATTRIBUTE }] });
  });

  it('refuses a request whose structure is not OTLP, naming where', () => {
    const notAnObject = otlpTracesToUsage([], ingestKey);
    expect(notAnObject).toMatchObject({ ok: false, reason: 'bad-request', errors: [{ path: '' }] });
    const badScope = { resourceSpans: [{ scopeSpans: { spans: [] } }] };
    const result = otlpTracesToUsage(badScope, ingestKey);
    expect(result).toMatchObject({ ok: false, errors: [{ path: 'resourceSpans[0].scopeSpans' }] });
    const badAttribute = request([{ ...span(chat()), attributes: [{ key: 'gen_ai.usage.input_tokens', value: 5 }] }]);
    expect(otlpTracesToUsage(badAttribute, ingestKey)).toMatchObject({
      ok: false,
      errors: [{ path: `${SPANS}[0].attributes[0].value` }],
    });
  });

  it('accepts an empty request', () => {
    expect(otlpTracesToUsage({}, ingestKey)).toEqual({ ok: true, records: [], rejectedSpans: 0, errors: [] });
  });
});
