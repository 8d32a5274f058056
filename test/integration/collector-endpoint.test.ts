// POST /v1/events and /v1/usage/{provider}: authenticated, validated, on Kafka before the 202,
// and nothing produced from a request that had any invalid event.

import { usageEvent } from '@tokenmeter/workload';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyRepository, TeamRepository } from '../../libs/db/src';
import { startApiInProcess } from '../support/api-harness';
import { startIngestInProcess } from '../support/ingest-harness';
import { topicSize } from '../support/kafka-helpers';
import { createUsageSuite, UsageSuite } from '../support/usage-suite';
import { waitFor } from '../support/wait-for';

describe('collector endpoint', () => {
  let suite: UsageSuite;
  let api: Awaited<ReturnType<typeof startApiInProcess>>;
  let ingest: Awaited<ReturnType<typeof startIngestInProcess>>;
  let ingestKey: string;
  let teamKey: string;
  let finopsKey: string;

  const post = (
    path: string,
    body: unknown,
    key: string | null,
    contentType = 'application/cloudevents+json',
    headers: Record<string, string> = {},
  ) =>
    fetch(`${api.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  /** The API's one error shape. */
  const errorBody = async (res: Response) =>
    (await res.json()) as { status: number; errors: Array<{ path: string; message: string }> };

  beforeAll(async () => {
    suite = await createUsageSuite();
    api = await startApiInProcess(suite.env);
    ingest = await startIngestInProcess(suite.env);
    await api.app.get(TeamRepository).upsert({ slug: 'search', name: 'Search' });
    await api.app.get(TeamRepository).upsert({ slug: 'ads', name: 'Ads' });
    const keys = api.app.get(ApiKeyRepository);
    ingestKey = (await keys.create({ role: 'ingest', team: 'search', name: 'test' })).key;
    teamKey = (await keys.create({ role: 'team', team: 'search', name: 'test' })).key;
    finopsKey = (await keys.create({ role: 'finops', team: null, name: 'test' })).key;
  });

  afterAll(async () => {
    await api?.app.close();
    await ingest?.close();
    await suite?.close();
  });

  const stored = (source: string) =>
    suite.sql.query('SELECT * FROM usage_records WHERE source = $1 ORDER BY id', [source]).then((r) => r.rows);

  it('accepts one CloudEvent with 202 and stores it within seconds', async () => {
    const res = await post('/v1/events', usageEvent({ id: 'one', source: 'test:/collector-one' }), ingestKey);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 1 });
    const rows = await waitFor(
      () => stored('test:/collector-one'),
      (r) => r.length === 1,
      10_000,
      'the event in Postgres',
    );
    expect(rows[0]).toMatchObject({ team: 'search', provider: 'openai', input_tokens: 1000n, output_tokens: 200n });
  });

  it('accepts a batch of 1,000 events', async () => {
    const batch = Array.from({ length: 1_000 }, (_, i) =>
      usageEvent({ id: `b-${i}`, source: 'test:/collector-batch' }),
    );
    const res = await post('/v1/events', batch, ingestKey, 'application/cloudevents-batch+json');
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 1_000 });
    await waitFor(
      () => stored('test:/collector-batch').then((r) => r.length),
      (n) => n === 1_000,
      30_000,
      '1,000 events',
    );
  });

  it('refuses a batch with invalid events whole: 400, every error listed, nothing produced', async () => {
    const before = await topicSize(suite.topics.usageEvents);
    const batch = [
      usageEvent(),
      usageEvent({ data: { provider: 'openai', model: 'gpt-4o', inputTokens: 10, outputTokens: -5 } }),
      usageEvent(),
      usageEvent({ data: { provider: 'openai', model: 'gpt-4o', inputTokens: 'ten', outputTokens: 1 } }),
    ];
    const res = await post('/v1/events', batch, ingestKey, 'application/cloudevents-batch+json');
    expect(res.status).toBe(400);
    const body = await errorBody(res);
    expect(body.status).toBe(400);
    expect(body.errors.map((e) => e.path)).toEqual(['events[1].data.outputTokens', 'events[3].data.inputTokens']);
    expect(body.errors[0].message).toMatch(
      /events\[1\]\.data\.outputTokens: expected a non-negative integer below 10\^12, got -5/,
    );
    expect(await topicSize(suite.topics.usageEvents)).toBe(before);
  });

  it('refuses more than 1 MiB with 413 and bad JSON with 400', async () => {
    const big = `[${Array.from({ length: 1_000 }, () =>
      JSON.stringify({ ...usageEvent(), pad: 'x'.repeat(1_100) }),
    ).join(',')}]`;
    const tooLarge = await post('/v1/events', big, ingestKey, 'application/cloudevents-batch+json');
    expect(tooLarge.status).toBe(413);
    expect((await errorBody(tooLarge)).errors[0].message).toMatch(/expected at most 1048576 bytes/);
    const badJson = await post('/v1/events', '{"specversion":', ingestKey);
    expect(badJson.status).toBe(400);
    expect((await errorBody(badJson)).errors[0].message).toMatch(/not valid JSON/);
  });

  it("authenticates: no key 401, a team key 403, another team's ingest key 403, finops writes any team", async () => {
    expect((await post('/v1/events', usageEvent(), null)).status).toBe(401);
    expect((await post('/v1/events', usageEvent(), 'tm_ingest_not-a-real-key')).status).toBe(401);
    expect((await post('/v1/events', usageEvent(), teamKey)).status).toBe(403);
    const otherTeam = await post('/v1/events', usageEvent({ team: 'ads' }), ingestKey);
    expect(otherTeam.status).toBe(403);
    expect((await errorBody(otherTeam)).errors[0]).toMatchObject({ path: 'event.subject' });
    expect(
      (await post('/v1/events', usageEvent({ team: 'ads', source: 'test:/finops-write' }), finopsKey)).status,
    ).toBe(202);
  });

  it('takes a provider response at /v1/usage/{provider} with attribution headers', async () => {
    const anthropicResponse = {
      id: 'msg_01XYZ',
      type: 'message',
      model: 'claude-sonnet-4-20250514',
      usage: {
        input_tokens: 25,
        output_tokens: 420,
        cache_read_input_tokens: 3_500,
        cache_creation_input_tokens: 1_200,
      },
    };
    const res = await post('/v1/usage/anthropic', anthropicResponse, ingestKey, 'application/json', {
      'x-tokenmeter-project': 'chatbot',
      'x-tokenmeter-source': 'test:/provider-usage',
    });
    expect(res.status).toBe(202);
    const rows = await waitFor(
      () => stored('test:/provider-usage'),
      (r) => r.length === 1,
      10_000,
      'the provider usage',
    );
    expect(rows[0]).toMatchObject({
      id: 'msg_01XYZ',
      team: 'search',
      project: 'chatbot',
      provider: 'anthropic',
      input_tokens: 25n,
      cached_input_tokens: 3_500n,
      cache_write_tokens: 1_200n,
      output_tokens: 420n,
    });
    const unknown = await post('/v1/usage/acme', {}, ingestKey, 'application/json');
    expect(unknown.status).toBe(404);
  });
});
