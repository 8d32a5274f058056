// Usage through Kafka into Postgres: stored once, priced by each provider's cache rules, bad
// records to the DLQ with their reason while the consumer keeps going.
import { ledgerKey } from '@tokenmeter/db';
import { usageEvent } from '@tokenmeter/workload';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIngestInProcess } from '../support/ingest-harness';
import { produce, readTopic } from '../support/kafka-helpers';
import { TEST_SIGNER } from '../support/test-signing-key';
import { createUsageSuite, UsageSuite } from '../support/usage-suite';
import { waitFor } from '../support/wait-for';

describe('usage ingestion', () => {
  let suite: UsageSuite;
  let ingest: Awaited<ReturnType<typeof startIngestInProcess>>;

  beforeAll(async () => {
    suite = await createUsageSuite();
    // Known prices so every expected cost below can be worked out by hand.
    await suite.sql.query(`INSERT INTO price_entries (id, provider, model, input_per_mtok,
      cached_input_per_mtok, cache_write_per_mtok, output_per_mtok, effective_from, source, organization) VALUES
      ('test:openai:gpt-4o', 'openai', 'gpt-4o', 2.5, 1.25, NULL, 10, '2020-01-01', 'test', true),
      ('test:anthropic:claude-sonnet-4', 'anthropic', 'claude-sonnet-4', 3, 0.3, 3.75, 15, '2020-01-01', 'test', true),
      ('test:google:gemini-2.5-pro', 'google', 'gemini-2.5-pro', 1.25, 0.31, NULL, 10, '2020-01-01', 'test', true),
      ('test:bedrock:claude-3-5-haiku', 'bedrock', 'anthropic.claude-3-5-haiku-20241022-v1:0',
       0.8, 0.08, 1, 4, '2020-01-01', 'test', true)`);
    ingest = await startIngestInProcess(suite.env);
  });

  afterAll(async () => {
    await ingest?.close();
    await suite?.close();
  });

  it('stores each event once, whatever the duplicates and redeliveries', async () => {
    const unique = Array.from({ length: 3_000 }, (_, i) =>
      usageEvent({ id: `dup-test-${i}`, source: 'test:/dedupe', team: `team-${i % 7}` }),
    );
    const withDuplicates = [...unique, ...unique.slice(0, 300)];
    await produce(
      suite.topics.usageEvents,
      withDuplicates.map((e) => ({ key: e.subject, value: JSON.stringify(e) })),
    );
    // The same events again later, as a client retrying after a timeout would.
    await produce(
      suite.topics.usageEvents,
      unique.slice(1_000, 1_500).map((e) => ({ key: e.subject, value: JSON.stringify(e) })),
    );
    const count = () =>
      suite.sql
        .query(`SELECT count(*)::int AS n FROM usage_records WHERE source = 'test:/dedupe'`)
        .then((r) => r.rows[0].n as number);
    await waitFor(count, (n) => n >= 3_000, 60_000, 'the 3,000 unique events');
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // let any redelivery land
    expect(await count()).toBe(3_000);
    const keys = await suite.sql.query(`SELECT count(*)::int AS n FROM usage_event_keys WHERE key = ANY($1::uuid[])`, [
      unique.map((e) => ledgerKey(e.subject, 'test:/dedupe', e.id)),
    ]);
    expect(keys.rows[0].n).toBe(3_000);
  });

  it('prices each provider by its own cache counting rules', async () => {
    const time = new Date().toISOString();
    const raw = (id: string, provider: string, data: unknown, extra: Record<string, unknown> = {}) => ({
      ...usageEvent({ id, source: 'test:/pricing', time, type: `dev.tokenmeter.usage.${provider}.v1` }),
      data,
      ...extra,
    });
    const events = [
      // OpenAI: prompt_tokens 10,000 INCLUDES 4,000 cached; completion 1,000 includes 300 reasoning.
      raw('openai-1', 'openai', {
        model: 'gpt-4o-2024-08-06',
        usage: {
          prompt_tokens: 10_000,
          completion_tokens: 1_000,
          total_tokens: 11_000,
          prompt_tokens_details: { cached_tokens: 4_000 },
          completion_tokens_details: { reasoning_tokens: 300 },
        },
      }),
      // Anthropic: input_tokens 2,000 EXCLUDES 50,000 cache reads and 10,000 cache writes.
      raw('anthropic-1', 'anthropic', {
        model: 'claude-sonnet-4-20250514',
        usage: {
          input_tokens: 2_000,
          output_tokens: 500,
          cache_read_input_tokens: 50_000,
          cache_creation_input_tokens: 10_000,
        },
      }),
      // Gemini: promptTokenCount 8,000 INCLUDES 3,000 cached; 700 thoughts are billed as output on top of 1,300
      // candidates.
      raw('gemini-1', 'gemini', {
        modelVersion: 'gemini-2.5-pro',
        usageMetadata: {
          promptTokenCount: 8_000,
          cachedContentTokenCount: 3_000,
          candidatesTokenCount: 1_300,
          thoughtsTokenCount: 700,
          totalTokenCount: 10_000,
        },
      }),
      // Bedrock Converse: inputTokens 400 EXCLUDES 20,000 cache reads and 2,000 cache writes; the id comes from
      // modelId.
      raw('bedrock-1', 'bedrock', {
        modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
        usage: {
          inputTokens: 400,
          outputTokens: 600,
          totalTokens: 23_000,
          cacheReadInputTokens: 20_000,
          cacheWriteInputTokens: 2_000,
        },
      }),
    ];
    await produce(
      suite.topics.usageEvents,
      events.map((e) => ({ key: 'search', value: JSON.stringify(e) })),
    );
    const rows = await waitFor(
      () =>
        suite.sql
          .query(
            `SELECT id, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens,
             cost_usd::text AS cost, price_version
             FROM usage_records WHERE source = 'test:/pricing' ORDER BY id`,
          )
          .then((r) => r.rows),
      (r) => r.length === 4,
      30_000,
      'four priced records',
    );
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    // 6,000 × 2.5 + 4,000 × 1.25 + 1,000 × 10, per million = 0.015 + 0.005 + 0.01
    expect(byId['openai-1']).toMatchObject({
      input_tokens: 6_000n,
      cached_input_tokens: 4_000n,
      output_tokens: 1_000n,
      price_version: 'test:openai:gpt-4o',
    });
    expect(Number(byId['openai-1'].cost)).toBeCloseTo(0.03, 10);
    // 2,000 × 3 + 50,000 × 0.3 + 10,000 × 3.75 + 500 × 15, per million = 0.006 + 0.015 + 0.0375 + 0.0075
    expect(byId['anthropic-1']).toMatchObject({
      input_tokens: 2_000n,
      cached_input_tokens: 50_000n,
      cache_write_tokens: 10_000n,
      output_tokens: 500n,
    });
    expect(Number(byId['anthropic-1'].cost)).toBeCloseTo(0.066, 10);
    // 5,000 × 1.25 + 3,000 × 0.31 + 2,000 × 10, per million = 0.00625 + 0.00093 + 0.02
    expect(byId['gemini-1']).toMatchObject({
      input_tokens: 5_000n,
      cached_input_tokens: 3_000n,
      output_tokens: 2_000n,
    });
    expect(Number(byId['gemini-1'].cost)).toBeCloseTo(0.02718, 10);
    // 400 × 0.8 + 20,000 × 0.08 + 2,000 × 1 + 600 × 4, per million = 0.00032 + 0.0016 + 0.002 + 0.0024
    expect(byId['bedrock-1']).toMatchObject({
      input_tokens: 400n,
      cached_input_tokens: 20_000n,
      cache_write_tokens: 2_000n,
      output_tokens: 600n,
      price_version: 'test:bedrock:claude-3-5-haiku',
    });
    expect(Number(byId['bedrock-1'].cost)).toBeCloseTo(0.00632, 10);
  });

  it('keeps how each record was priced: service tier, price rules, price entry and signing key', async () => {
    // An OpenAI Batch API results line: 22,000 prompt and 2,000 completion tokens of gpt-4o at half price.
    const batchLine = {
      ...usageEvent({ id: 'batch-1', source: 'test:/provenance', type: 'dev.tokenmeter.usage.openai.v1' }),
      data: {
        id: 'batch_req_1',
        custom_id: 'request-1',
        response: {
          status_code: 200,
          body: {
            model: 'gpt-4o-2024-08-06',
            usage: { prompt_tokens: 22_000, completion_tokens: 2_000, total_tokens: 24_000 },
          },
        },
        error: null,
      },
    };
    const standard = usageEvent({ id: 'standard-1', source: 'test:/provenance' });
    await produce(suite.topics.usageEvents, [
      { key: 'search', value: JSON.stringify(batchLine) },
      { key: 'search', value: JSON.stringify(standard) },
    ]);
    const rows = await waitFor(
      () =>
        suite.sql
          .query(
            `SELECT id, cost_usd::text AS cost, price_version, service_tier, price_rules, api_key_id::text AS key
             FROM usage_records WHERE source = 'test:/provenance' ORDER BY id`,
          )
          .then((r) => r.rows),
      (r) => r.length === 2,
      30_000,
      'two records',
    );
    // (22,000 × 2.5 + 2,000 × 10) × 0.5, per million = 0.0375
    expect(rows[0]).toMatchObject({
      id: 'batch-1',
      price_version: 'test:openai:gpt-4o',
      service_tier: 'batch',
      price_rules: 'service-tier:batch×0.5',
      key: TEST_SIGNER.keyId,
    });
    expect(Number(rows[0].cost)).toBeCloseTo(0.0375, 10);
    expect(rows[1]).toMatchObject({ id: 'standard-1', service_tier: null, price_rules: null, key: TEST_SIGNER.keyId });
  });

  it('keeps a client-supplied cost over the price book', async () => {
    const event = usageEvent({ id: 'client-cost', source: 'test:/client-cost' });
    (event.data as Record<string, unknown>).costUsd = '0.123456';
    await produce(suite.topics.usageEvents, [{ key: 'search', value: JSON.stringify(event) }]);
    const [row] = await waitFor(
      () =>
        suite.sql
          .query(`SELECT cost_usd::text AS cost, price_version FROM usage_records WHERE source = 'test:/client-cost'`)
          .then((r) => r.rows),
      (r) => r.length === 1,
    );
    expect(row).toEqual({ cost: '0.1234560000', price_version: 'client' });
  });

  it('sends every malformed record to the DLQ with its reason and keeps consuming', async () => {
    const good = (i: number) => JSON.stringify(usageEvent({ id: `after-bad-${i}`, source: 'test:/dlq' }));
    const bad: Array<[string, string | null]> = [
      ['bad JSON', '{"specversion": "1.0", '],
      ['not an object', '[1, 2, 3]'],
      ['missing fields', JSON.stringify({ specversion: '1.0', id: 'x', type: 'dev.tokenmeter.usage.v1' })],
      [
        'wrong types',
        JSON.stringify(
          usageEvent({ data: { provider: 'openai', model: 'gpt-4o', inputTokens: 'many', outputTokens: 1 } }),
        ),
      ],
      [
        'negative count',
        JSON.stringify(
          usageEvent({ data: { provider: 'openai', model: 'gpt-4o', inputTokens: 10, outputTokens: -5 } }),
        ),
      ],
      [
        'huge count',
        JSON.stringify(
          usageEvent({ data: { provider: 'openai', model: 'gpt-4o', inputTokens: 1e13, outputTokens: 1 } }),
        ),
      ],
      [
        'unknown provider',
        JSON.stringify(usageEvent({ data: { provider: 'acme-llm', model: 'x', inputTokens: 1, outputTokens: 1 } })),
      ],
      ['too old', JSON.stringify(usageEvent({ time: '2020-01-01T00:00:00Z' }))],
      ['oversized', JSON.stringify({ ...usageEvent(), padding: 'x'.repeat(300_000) })],
      ['tombstone', null],
    ];
    await produce(suite.topics.usageEvents, [
      { key: 'search', value: good(0) },
      ...bad.map(([, value]) => ({ key: 'search', value })),
      { key: 'search', value: good(1) },
    ]);
    const dead = await readTopic(suite.topics.usageEventsDlq, bad.length, 30_000);
    expect(dead).toHaveLength(bad.length);
    for (const letter of dead) {
      expect(letter.headers['tokenmeter-dlq-reason'], JSON.stringify(letter.headers)).toMatch(/\S/);
      expect(letter.headers['tokenmeter-dlq-source-topic']).toBe(suite.topics.usageEvents);
    }
    const reasons = dead.map((d) => d.headers['tokenmeter-dlq-reason']).join('\n');
    expect(reasons).toMatch(/not valid JSON/);
    expect(reasons).toMatch(/outputTokens: expected a non-negative integer below 10\^12, got -5/);
    expect(reasons).toMatch(/acme-llm/);
    expect(reasons).toMatch(/bytes; expected at most/);
    // The original bytes travel untouched.
    expect(dead.map((d) => d.value?.toString() ?? null)).toEqual(expect.arrayContaining(bad.map(([, v]) => v)));
    await waitFor(
      () =>
        suite.sql
          .query(`SELECT count(*)::int AS n FROM usage_records WHERE source = 'test:/dlq'`)
          .then((r) => r.rows[0].n),
      (n) => n === 2,
      30_000,
      'the good events around the bad ones',
    );
  });
});
