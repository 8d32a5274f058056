// Ingest rate limit: a token bucket per API key in Redis; past it, 429 in the one error shape with
// Retry-After, and other keys are unaffected.

import { usageEvent } from '@tokenmeter/workload';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestRateLimiter } from '../../apps/api/src/ingest-rate-limit/ingest-rate-limiter';
import { parseConfig } from '../../libs/config/src/load-config';
import { ApiKeyRepository, TeamRepository } from '../../libs/db/src';
import { MetricsService } from '../../libs/observability/src';
import { startApiInProcess } from '../support/api-harness';
import { createUsageSuite, UsageSuite } from '../support/usage-suite';

describe('ingest rate limit', () => {
  let suite: UsageSuite;
  let api: Awaited<ReturnType<typeof startApiInProcess>>;
  let first: string;
  let second: string;

  const post = (key: string) =>
    fetch(`${api.baseUrl}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json', authorization: `Bearer ${key}` },
      body: JSON.stringify(usageEvent()),
    });

  beforeAll(async () => {
    suite = await createUsageSuite();
    api = await startApiInProcess({ ...suite.env, INGEST_RATE_LIMIT_PER_MINUTE: '3' });
    await api.app.get(TeamRepository).upsert({ slug: 'search', name: 'Search' });
    first = (await api.app.get(ApiKeyRepository).create({ role: 'ingest', team: 'search', name: 'first' })).key;
    second = (await api.app.get(ApiKeyRepository).create({ role: 'ingest', team: 'search', name: 'second' })).key;
  });

  afterAll(async () => {
    await api?.app.close();
    await suite?.close();
  });

  it('lets a key burst up to its per-minute budget, then answers 429 with Retry-After', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(first)).status);
    expect(statuses).toEqual([202, 202, 202]);
    const limited = await post(first);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(20); // one request refills in 60 s / 3
    const body = (await limited.json()) as { status: number; errors: { path: string; message: string }[] };
    expect(body.status).toBe(429);
    expect(body.errors[0]).toEqual({
      path: 'headers.authorization',
      message: expect.stringMatching(/more than 3 ingest requests per minute/),
    });
    expect((await post(second)).status).toBe(202);
  });

  it('does not limit reads', async () => {
    const finops = (await api.app.get(ApiKeyRepository).create({ role: 'finops', team: null, name: 'reader' })).key;
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${api.baseUrl}/v1/teams`, { headers: { authorization: `Bearer ${finops}` } });
      expect(res.status).toBe(200);
    }
  });
});

describe('ingest rate limit without Redis', () => {
  it('fails open, and says so: a counter on /metrics and a warning', async () => {
    const metrics = new MetricsService();
    const limiter = new IngestRateLimiter(
      parseConfig({ ...process.env, REDIS_URL: 'redis://127.0.0.1:1', INGEST_RATE_LIMIT_PER_MINUTE: '5' }),
      metrics,
    );
    try {
      expect(await limiter.take('some-key')).toEqual({ allowed: true, retryAfterSeconds: 0 });
      expect(await metrics.render()).toMatch(/^tokenmeter_ingest_rate_limit_fail_open_total 1$/m);
    } finally {
      await limiter.onModuleDestroy();
    }
  });
});
