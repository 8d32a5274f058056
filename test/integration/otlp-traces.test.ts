// POST /v1/traces with the real OpenTelemetry JS SDK and both of its OTLP/HTTP exporters (JSON and
// protobuf): each GenAI span's usage is stored exactly once, however often it is exported; other
// spans are not stored; prompt text never reaches usage_records; gzip and partial success work as
// the OTLP spec says.

import { randomBytes } from 'node:crypto';
import { type Attributes, DiagLogLevel, diag } from '@opentelemetry/api';
import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanExporter,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OtlpProto } from '../../apps/api/src/otlp/otlp-proto-schema';
import { ApiKeyRepository, TeamRepository } from '../../libs/db/src';
import { startApiInProcess } from '../support/api-harness';
import { startIngestInProcess } from '../support/ingest-harness';
import { createUsageSuite, UsageSuite } from '../support/usage-suite';
import { waitFor } from '../support/wait-for';

const PROMPT = 'Draft the confidential layoff memo for the Zurich office';
const COMPLETION = 'Dear Zurich colleagues, effective immediately';

const chatAttributes = (overrides: Attributes = {}): Attributes => ({
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': 'gpt-4o',
  'gen_ai.response.model': 'gpt-4o-2024-08-06',
  'gen_ai.usage.input_tokens': 1200,
  'gen_ai.usage.output_tokens': 300,
  'gen_ai.usage.cache_read.input_tokens': 800,
  ...overrides,
});

describe('OTLP/HTTP traces receiver', () => {
  let suite: UsageSuite;
  let api: Awaited<ReturnType<typeof startApiInProcess>>;
  let ingest: Awaited<ReturnType<typeof startIngestInProcess>>;
  let ingestKey: string;
  const warnings: string[] = [];

  beforeAll(async () => {
    suite = await createUsageSuite();
    api = await startApiInProcess(suite.env);
    ingest = await startIngestInProcess(suite.env);
    await api.app.get(TeamRepository).upsert({ slug: 'search', name: 'Search' });
    ingestKey = (await api.app.get(ApiKeyRepository).create({ role: 'ingest', team: 'search', name: 'otlp' })).key;
    // The exporters report a partial success through the diag logger: collect what they say.
    const log = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
    diag.setLogger({ error: log, warn: log, info: () => {}, debug: () => {}, verbose: () => {} }, DiagLogLevel.WARN);
  });

  afterAll(async () => {
    diag.disable();
    await api?.app.close();
    await ingest?.close();
    await suite?.close();
  });

  const stored = (source: string) =>
    suite.sql.query('SELECT * FROM usage_records WHERE source = $1 ORDER BY id', [source]).then((r) => r.rows);

  /** A tracer whose spans go to `exporter` as they end, and are also kept to be exported again. */
  function tracing(service: string, exporter: SpanExporter) {
    const kept = new InMemorySpanExporter();
    const provider = new TracerProvider({
      resource: resourceFromAttributes({ 'service.name': service }),
      spanProcessors: [new SimpleSpanProcessor({ exporter }), new SimpleSpanProcessor({ exporter: kept })],
    });
    return { tracer: provider.getTracer('tokenmeter-test'), provider, kept };
  }

  const exportAgain = (exporter: SpanExporter, spans: ReadableSpan[]) =>
    new Promise<number>((resolve) => exporter.export(spans, (result) => resolve(result.code)));

  const url = () => `${api.baseUrl}/v1/traces`;
  const headers = () => ({ Authorization: `Bearer ${ingestKey}` });
  const post = (contentType: string, body: string) =>
    fetch(url(), { method: 'POST', headers: { ...headers(), 'content-type': contentType }, body });
  /** A protobuf google.rpc.Status body, read with the receiver's own schema. */
  const rpcStatus = async (res: Response) =>
    OtlpProto.Status.toObject(OtlpProto.Status.decode(new Uint8Array(await res.arrayBuffer())));

  it.each([
    ['JSON', () => new OtlpJsonExporter({ url: url(), headers: headers() })],
    ['protobuf', () => new OtlpProtoExporter({ url: url(), headers: headers() })],
  ])('stores each GenAI span exported with the %s exporter once, and nothing else', async (name, makeExporter) => {
    const service = `otlp-${name.toLowerCase()}-${randomBytes(3).toString('hex')}`;
    const source = `otlp:${service}`;
    const exporter = makeExporter();
    const { tracer, provider, kept } = tracing(service, exporter);

    tracer.startSpan('GET /healthz', { attributes: { 'http.request.method': 'GET', 'http.route': '/healthz' } }).end();
    tracer.startSpan('chat gpt-4o', { attributes: chatAttributes({ 'tokenmeter.project': 'answer-engine' }) }).end();
    const withContent = tracer.startSpan('chat gpt-4o', {
      attributes: chatAttributes({
        'gen_ai.usage.input_tokens': 50,
        'gen_ai.usage.output_tokens': 7,
        'gen_ai.usage.cache_read.input_tokens': 0,
        'gen_ai.prompt.0.role': 'user',
        'gen_ai.prompt.0.content': PROMPT,
        'gen_ai.completion.0.content': COMPLETION,
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: PROMPT }] }]),
      }),
    });
    withContent.addEvent('gen_ai.content.prompt', { 'gen_ai.prompt': PROMPT });
    withContent.end();
    tracer.startSpan('SELECT usage', { attributes: { 'db.system.name': 'postgresql', 'db.query.text': PROMPT } }).end();
    await provider.forceFlush();

    const rows = await waitFor(
      () => stored(source),
      (r) => r.length === 2,
      20_000,
      'the two GenAI spans in Postgres',
    );
    const byInput = Object.fromEntries(rows.map((row) => [String(row.input_tokens), row]));
    expect(byInput['400']).toMatchObject({ team: 'search', project: 'answer-engine', provider: 'openai' });
    expect(byInput['400']).toMatchObject({ model: 'gpt-4o-2024-08-06', cached_input_tokens: 800n });
    expect(byInput['400']).toMatchObject({ output_tokens: 300n });
    expect(byInput['50']).toMatchObject({ project: null, cached_input_tokens: 0n, output_tokens: 7n });
    const genAiSpans = kept.getFinishedSpans().filter((span) => 'gen_ai.usage.input_tokens' in span.attributes);
    const ids = genAiSpans.map((span) => `${span.spanContext().traceId}-${span.spanContext().spanId}`).sort();
    expect(rows.map((row) => row.id).sort()).toEqual(ids);

    // The same spans exported twice more: accepted, and still stored once. A new span afterwards,
    // on the same team's partition, shows that everything sent before it has been consumed.
    expect(await exportAgain(exporter, kept.getFinishedSpans())).toBe(0);
    expect(await exportAgain(exporter, kept.getFinishedSpans())).toBe(0);
    const sentinel = chatAttributes({ 'gen_ai.usage.input_tokens': 999, 'gen_ai.usage.cache_read.input_tokens': 0 });
    tracer.startSpan('chat sentinel', { attributes: sentinel }).end();
    await provider.forceFlush();
    const after = await waitFor(
      () => stored(source),
      (r) => r.length >= 3,
      20_000,
      'the sentinel span',
    );
    expect(after.map((row) => String(row.input_tokens)).sort()).toEqual(['400', '50', '999']);

    const everything = await suite.sql.query('SELECT * FROM usage_records');
    const text = JSON.stringify(everything.rows, (_, value) => (typeof value === 'bigint' ? String(value) : value));
    for (const secret of ['confidential', 'Zurich', 'layoff']) expect(text).not.toContain(secret);
    await provider.shutdown();
  });

  it('accepts a gzip-compressed export', async () => {
    const service = `otlp-gzip-${randomBytes(3).toString('hex')}`;
    const exporter = new OtlpJsonExporter({ url: url(), headers: headers(), compression: CompressionAlgorithm.GZIP });
    const { tracer, provider } = tracing(service, exporter);
    tracer.startSpan('chat', { attributes: chatAttributes() }).end();
    await provider.forceFlush();
    const rows = await waitFor(
      () => stored(`otlp:${service}`),
      (r) => r.length === 1,
      20_000,
      'the gzip span',
    );
    expect(rows[0]).toMatchObject({ input_tokens: 400n, output_tokens: 300n });
    await provider.shutdown();
  });

  it('stores the valid spans of a request and reports the invalid ones as a partial success', async () => {
    const service = `otlp-partial-${randomBytes(3).toString('hex')}`;
    const { tracer, provider } = tracing(service, new OtlpProtoExporter({ url: url(), headers: headers() }));
    const batch = tracer.startSpan('batch');
    tracer.startSpan('chat ok', { attributes: chatAttributes() }).end();
    tracer.startSpan('chat bad', { attributes: chatAttributes({ 'gen_ai.usage.output_tokens': -5 }) }).end();
    batch.end();
    warnings.length = 0;
    await provider.forceFlush();
    // The protobuf exporter decoded our ExportTraceServiceResponse and reported its partial_success.
    const partial = warnings.find((line) => line.includes('Partial Success'));
    expect(partial).toContain('"rejectedSpans":1,');
    const where = 'spans[0].attributes[\\"gen_ai.usage.output_tokens\\"]';
    expect(partial).toContain(`${where}: expected a non-negative integer below 10^12, got -5`);
    const rows = await waitFor(
      () => stored(`otlp:${service}`),
      (r) => r.length === 1,
      20_000,
      'the valid span',
    );
    expect(rows[0]).toMatchObject({ output_tokens: 300n });
    await provider.shutdown();
  });

  it('answers OTLP/JSON with an ExportTraceServiceResponse naming each rejected span', async () => {
    const traceId = randomBytes(16).toString('hex');
    const isText = (value: unknown) => typeof value === 'string' && !/^-?\d+$/.test(value);
    const [VALID_SPAN_ID, INVALID_SPAN_ID] = ['00000000000000a1', '00000000000000a2'];
    const span = (spanId: string, outputTokens: string) => ({
      traceId,
      spanId,
      name: 'chat',
      kind: 3,
      startTimeUnixNano: String(BigInt(Date.now() - 1_000) * 1_000_000n),
      endTimeUnixNano: String(BigInt(Date.now()) * 1_000_000n),
      attributes: Object.entries({ ...chatAttributes(), 'gen_ai.usage.output_tokens': outputTokens }).map(
        ([key, value]) => ({
          key,
          // int64 as OTLP/JSON writes it: a decimal string.
          value: isText(value) ? { stringValue: value } : { intValue: `${value}` },
        }),
      ),
    });
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'otlp-json-raw' } }] },
          scopeSpans: [{ scope: { name: 'raw' }, spans: [span(VALID_SPAN_ID, '12'), span(INVALID_SPAN_ID, '-5')] }],
        },
      ],
    };
    const res = await post('application/json', JSON.stringify(body));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({
      partialSuccess: {
        rejectedSpans: '1',
        errorMessage:
          '1 GenAI span rejected (the others were stored): ' +
          'resourceSpans[0].scopeSpans[0].spans[1].attributes["gen_ai.usage.output_tokens"]: ' +
          'expected a non-negative integer below 10^12, got -5',
      },
    });
    const validId = `${traceId}-${VALID_SPAN_ID}`;
    const stores = (rows: Array<Record<string, unknown>>) => rows.length === 1 && rows[0]!.id === validId;
    await waitFor(() => stored('otlp:otlp-json-raw'), stores, 20_000, 'the valid span');
  });

  it('refuses what it cannot decode with 400 and a google.rpc.Status, an unknown content type with 415', async () => {
    const garbage = await post('application/x-protobuf', 'not protobuf at all');
    expect(garbage.status).toBe(400);
    expect(garbage.headers.get('content-type')).toMatch(/^application\/x-protobuf/);
    const status = await rpcStatus(garbage);
    const undecodable = expect.stringContaining('body: not a protobuf ExportTraceServiceRequest');
    expect(status).toMatchObject({ code: 3, message: undecodable });
    expect(status.details[0].typeUrl).toBe('type.googleapis.com/google.rpc.BadRequest');

    const badJson = await post('application/json', '{"resourceSpans":{}}');
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({
      code: 3,
      details: [
        {
          '@type': 'type.googleapis.com/google.rpc.BadRequest',
          fieldViolations: [{ field: 'resourceSpans', description: 'expected an array, got an object' }],
        },
      ],
      status: 400,
    });

    const wrongType = await post('text/plain', 'hello');
    expect(wrongType.status).toBe(415);
    expect(((await wrongType.json()) as { message: string }).message).toBe(
      'headers.content-type: expected application/x-protobuf (OTLP protobuf) or application/json (OTLP/JSON), ' +
        'got "text/plain"',
    );
    const noKey = await fetch(url(), { method: 'POST', headers: { 'content-type': 'application/x-protobuf' } });
    expect(noKey.status).toBe(401);
    expect(await rpcStatus(noKey)).toMatchObject({ code: 16, message: 'expected "Bearer <API key>"' });
  });
});
