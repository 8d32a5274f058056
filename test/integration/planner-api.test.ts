// The planner API: finops enqueues a night or a backfill (deterministic job ids, re-enqueue
// replaces rather than duplicates), run failures are visible, and recommendations/alerts are
// scoped to the caller's team.
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queues } from '../../libs/contracts/src';
import {
  AlertEventRepository,
  ApiKeyRepository,
  PlannerRunRepository,
  RecommendationRepository,
  TeamRepository,
} from '../../libs/db/src';
import { startApiInProcess } from '../support/api-harness';
import { callApi, ErrorAnswer } from '../support/json-answer';
import { createUsageSuite, UsageSuite } from '../support/usage-suite';

/** The planner routes' answers, as far as these tests read them. */
interface PlannerAnswer {
  nights: number;
  jobId: string;
  runs: unknown[];
  recommendations: { team: string }[];
  alerts: unknown[];
}

describe('planner API', () => {
  let suite: UsageSuite;
  let api: Awaited<ReturnType<typeof startApiInProcess>>;
  let queue: Queue;
  let finops: string;
  let searchTeam: string;
  const queuePrefix = `planner${Date.now()}`;

  const call = <T = PlannerAnswer>(method: string, path: string, key: string, body?: unknown) =>
    callApi<T>(api.baseUrl, key, method, path, body);

  beforeAll(async () => {
    suite = await createUsageSuite();
    api = await startApiInProcess({ ...suite.env, QUEUE_PREFIX: queuePrefix });
    queue = new Queue(Queues.planner, { connection: { url: 'redis://127.0.0.1:6379' }, prefix: queuePrefix });
    await api.app.get(TeamRepository).upsert({ slug: 'search', name: 'Search' });
    await api.app.get(TeamRepository).upsert({ slug: 'ads', name: 'Ads' });
    const keys = api.app.get(ApiKeyRepository);
    finops = (await keys.create({ role: 'finops', team: null, name: 'it' })).key;
    searchTeam = (await keys.create({ role: 'team', team: 'search', name: 'it' })).key;
  });

  afterAll(async () => {
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    await api?.app.close();
    await suite?.close();
  });

  it('enqueues a night with a deterministic id; enqueuing it again replaces the waiting job', async () => {
    const first = await call('POST', '/v1/planner/runs', finops, { date: '2026-03-04' });
    expect(first).toEqual({
      status: 202,
      body: { from: '2026-03-04', to: '2026-03-04', nights: 1, jobId: 'planner-rollup@2026-03-04' },
    });
    const again = await call('POST', '/v1/planner/runs', finops, { date: '2026-03-04' });
    expect(again.status).toBe(202);
    const jobs = (await queue.getJobs(['waiting', 'delayed', 'prioritized'])).filter((j) =>
      j.id?.endsWith('@2026-03-04'),
    );
    expect(jobs.map((j) => [j.id, j.data])).toEqual([
      ['planner-rollup@2026-03-04', { date: '2026-03-04', until: '2026-03-04', chain: true }],
    ]);
  });

  it('enqueues a backfill as one chain walking the nights oldest first, and names bad input', async () => {
    const res = await call('POST', '/v1/planner/runs', finops, { from: '2026-02-01', to: '2026-02-10' });
    expect(res.body).toMatchObject({ nights: 10, jobId: 'planner-rollup@2026-02-01' });
    expect((await queue.getJob('planner-rollup@2026-02-01'))?.data).toEqual({
      date: '2026-02-01',
      until: '2026-02-10',
      chain: true,
    });

    const backwards = await call<ErrorAnswer>('POST', '/v1/planner/runs', finops, {
      from: '2026-02-10',
      to: '2026-02-01',
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors[0].path).toBe('body.to');
    const bad = await call<ErrorAnswer>('POST', '/v1/planner/runs', finops, { date: '2026-13-01' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].message).toMatch(/YYYY-MM-DD|calendar date|expected/);
  });

  it('shows failed runs with their error', async () => {
    const runs = api.app.get(PlannerRunRepository);
    await runs.started('2026-03-01', 'planner-forecast');
    await runs.failed('2026-03-01', 'planner-forecast', 'Error: forecast exploded');
    const res = await call('GET', '/v1/planner/runs?status=failed', finops);
    expect(res.body.runs).toEqual([
      expect.objectContaining({
        runDate: '2026-03-01',
        step: 'planner-forecast',
        status: 'failed',
        attempts: 1,
        error: 'Error: forecast exploded',
      }),
    ]);
  });

  it('scopes recommendations and alerts to a team key', async () => {
    const recs = api.app.get(RecommendationRepository);
    const row = (team: string) => ({
      team,
      workload: 'api:openai/gpt-4o',
      kind: 'STAY_ON_API',
      fingerprint: 'f'.repeat(64),
      announced: true,
      rationale: 'r',
      inputs: {},
      numbers: {},
    });
    await recs.replaceNight('2026-03-02', [row('search'), row('ads')]);
    const events = api.app.get(AlertEventRepository);
    await events.replaceNight('2026-03-02', [
      {
        team: 'search',
        kind: 'run-rate-review',
        subject: 'team',
        runDate: '2026-03-02',
        transition: 'fired',
        value: 3e7,
        threshold: 2e7,
        message: 'm',
        evidence: {},
      },
      {
        team: 'ads',
        kind: 'run-rate-review',
        subject: 'team',
        runDate: '2026-03-02',
        transition: 'fired',
        value: 3e7,
        threshold: 2e7,
        message: 'm',
        evidence: {},
      },
    ]);
    const own = await call('GET', '/v1/recommendations', searchTeam);
    expect(own.body.recommendations.map((r) => r.team)).toEqual(['search']);
    const all = await call('GET', '/v1/recommendations', finops);
    expect(all.body.recommendations.map((r) => r.team).sort()).toEqual(['ads', 'search']);
    const alerts = await call('GET', '/v1/alerts', searchTeam);
    expect(alerts.body.alerts).toEqual([
      expect.objectContaining({ team: 'search', kind: 'run-rate-review', state: 'firing', firedOn: '2026-03-02' }),
    ]);
    expect((await call('GET', '/v1/alerts?team=ads', searchTeam)).status).toBe(403);
  });
});
