// The nightly planner end to end: 120 days of synthetic history with known shapes, the chain run
// by the CLI (`tokenmeter plan`), each recommendation and alert checked against the expected
// answer; the same night again changes and announces nothing; a worker killed mid-chain finishes
// the chain on restart without duplicating anything, and delivers signed webhooks.
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createServer, Server } from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dailyJobId, JobNames, PlannerStepPayload, Queues, TopicMap } from '../../libs/contracts/src';
import { ApiKeyRepository } from '../../libs/db/src';
import { startApiInProcess } from '../support/api-harness';
import { freePorts, startApp } from '../support/app-process';
import type { TestEnv } from '../support/ingest-harness';
import { topicSize } from '../support/kafka-helpers';
import { loadPlannerHistory } from '../support/planner-history';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { createTestTopics } from '../support/test-topics';
import { waitFor } from '../support/wait-for';

const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);

const lastNight = (() => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
})();
const dayBefore = (date: string) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
};

interface PlanSummary {
  date: string;
  recommendations: { team: string; workload: string; kind: string; announced: boolean; rationale: string }[];
  announcedRecommendations: number;
  alerts: { fired: { team: string; kind: string; subject: string }[]; resolved: unknown[]; firing: number };
  steps: { step: string; seconds: number }[];
}

async function plan(env: Record<string, string>, date: string): Promise<PlanSummary> {
  const { stdout } = await run(
    process.execPath,
    ['-r', './scripts/register.js', 'apps/cli/src/main.ts', 'plan', '--date', date],
    {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'error', KAFKAJS_NO_PARTITIONER_WARNING: '1', ...env },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return JSON.parse(stdout.slice(stdout.indexOf('{')));
}

async function countAll(sql: Client, tables: string[]): Promise<number[]> {
  const counts: number[] = [];
  for (const table of tables) counts.push(await count(sql, table));
  return counts;
}

async function count(sql: Client, table: string, where = 'true', params: unknown[] = []): Promise<number> {
  return Number((await sql.query(`SELECT count(*) AS n FROM ${table} WHERE ${where}`, params)).rows[0].n);
}

describe('nightly planner', () => {
  let db: TestDatabase;
  let sql: Client;
  let topics: TopicMap;
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase(inject('templateDatabase'));
    const created = await createTestTopics();
    topics = created.topics;
    env = { DATABASE_URL: db.url, TOPIC_PREFIX: created.prefix, QUEUE_PREFIX: created.prefix.replace(/\W/g, '') };
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    await loadPlannerHistory(sql, lastNight);
    await sql.query(
      `INSERT INTO teams (id, slug, name)
       SELECT gen_random_uuid(), s, s FROM unnest(ARRAY['flat-small', 'growth', 'spiky', 'gpu']) s`,
    );
  });

  afterAll(async () => {
    await sql?.end();
    await db?.drop();
  });

  let first: PlanSummary;
  let second: PlanSummary;

  it('recommends per workload as the shapes say, with evidence, and fires the expected alerts', async () => {
    first = await plan(env, dayBefore(lastNight));
    second = await plan(env, lastNight);
    expect(second.steps.map((s) => s.step)).toEqual([
      'planner-rollup',
      'planner-forecast',
      'planner-utilization',
      'planner-recommendations',
      'planner-alerts',
    ]);

    const kinds = Object.fromEntries(second.recommendations.map((r) => [r.workload, r.kind]));
    // gpu-pool-a serves llama-3.1-70b at 15% utilization: its idle capacity is used before any purchase
    // (and it is not told to shrink on the night it takes that load).
    expect(kinds).toEqual({
      'api:openai/gpt-4o-mini': 'USE_EXISTING_CAPACITY',
      'api:openai/gpt-4o': 'USE_EXISTING_CAPACITY',
      // Its reasoning substitute (qwen3-235b-a22b) has no published GPU throughput: buying cannot be
      // sized, and in the self-host band the cheaper hosted open-model API wins, month by month.
      'api:anthropic/claude-sonnet-4': 'MIGRATE_TO_SELF_HOSTED',
    });
    const { rows } = await sql.query(
      `SELECT team, workload, kind, rationale, inputs, numbers FROM recommendations WHERE run_date = $1`,
      [lastNight],
    );
    const stored = Object.fromEntries(rows.map((r) => [r.workload, r]));
    for (const workload of ['api:openai/gpt-4o', 'api:openai/gpt-4o-mini']) {
      const used = stored[workload];
      expect(used.numbers).toMatchObject({
        reason: 'idle-capacity',
        existingDeployment: 'gpu-pool-a',
        option: 'existing-capacity',
      });
      expect(used.numbers.substitute.model).toBe('llama-3.1-70b');
      expect(used.rationale).toContain(used.numbers.substitute.qualityGap);
      expect(used.rationale).toMatch(/on this team's own traffic before switching/);
      expect(used.inputs.scenario.selfHosted.gpuUnitPriceUsd).toBe(0);
    }
    expect(stored['api:anthropic/claude-sonnet-4'].numbers).toMatchObject({
      option: 'hosted-open-model',
      breakEvenMonths: null,
      substitute: { model: 'qwen3-235b-a22b', reasoning: true },
    });

    // Utilization and idle waste of the deployment, in output tokens (the unit capacity is rated in):
    // 3.9M output of the 13M tokens it served, against 86.4M output tokens of capacity a day.
    const util = (
      await sql.query(
        `SELECT utilization, idle_waste_usd, daily_cost_usd FROM deployment_utilization_daily WHERE day = $1`,
        [lastNight],
      )
    ).rows[0];
    expect(Number(util.utilization)).toBeCloseTo(3.9 / 86.4, 3);
    expect(Number(util.idle_waste_usd)).toBeCloseTo((1 - 3.9 / 86.4) * Number(util.daily_cost_usd), 2);

    // Forecasts: every scope has 36 months with intervals and a backtest-based confidence; a team's is the
    // sum of its workloads', month by month.
    const forecasts = (
      await sql.query(
        `SELECT scope, team, method, mape_pct, confidence, months FROM volume_forecasts WHERE run_date = $1`,
        [lastNight],
      )
    ).rows;
    const teamForecasts = forecasts.filter((f) => f.scope === 'team');
    expect(teamForecasts).toHaveLength(4);
    for (const f of forecasts) {
      expect(f.method).toBe(f.scope === 'team' ? 'sum of workloads' : 'mstl-ets');
      expect(f.months).toHaveLength(36);
      expect(f.mape_pct).not.toBeNull();
      for (const m of f.months) expect(m.lower).toBeLessThanOrEqual(m.tokens);
    }
    for (const team of teamForecasts) {
      const workloads = forecasts.filter((f) => f.scope === 'team-model' && f.team === team.team);
      for (const [i, m] of team.months.entries()) {
        const sum = workloads.reduce((total, w) => total + w.months[i].tokens, 0);
        expect(Math.abs(m.tokens - sum)).toBeLessThanOrEqual(workloads.length);
      }
    }
    expect(teamForecasts.find((f) => f.team === 'flat-small').confidence).toBe('high');

    // The same evidence through the read API, scoped by key: forecasts and the deployment's days.
    const api = await startApiInProcess(env as TestEnv);
    try {
      const keys = api.app.get(ApiKeyRepository);
      const growthKey = (await keys.create({ role: 'team', team: 'growth', name: 'test' })).key;
      const gpuKey = (await keys.create({ role: 'team', team: 'gpu', name: 'test' })).key;
      const get = (path: string, key: string) =>
        fetch(`${api.baseUrl}${path}`, { headers: { authorization: `Bearer ${key}` } });
      const forecastBody = (await (await get('/v1/forecasts?scope=team', growthKey)).json()) as {
        night: string;
        forecasts: Array<{ team: string; months: unknown[] }>;
      };
      expect(forecastBody.night).toBe(lastNight);
      expect(forecastBody.forecasts.map((f) => f.team)).toEqual(['growth']);
      expect(forecastBody.forecasts[0].months).toHaveLength(36);
      expect((await get('/v1/forecasts?team=gpu', growthKey)).status).toBe(403);
      const days = (await (
        await get(`/v1/deployments/gpu-pool-a/utilization?from=${lastNight}&to=${lastNight}`, gpuKey)
      ).json()) as { days: Array<{ utilization: number; idleWasteUsd: number }> };
      expect(days.days).toHaveLength(1);
      expect(days.days[0].utilization).toBeCloseTo(Number(util.utilization), 6);
      expect(days.days[0].idleWasteUsd).toBeCloseTo(Number(util.idle_waste_usd), 2);
      expect(
        (await get(`/v1/deployments/gpu-pool-a/utilization?from=${lastNight}&to=${lastNight}`, growthKey)).status,
      ).toBe(403);
    } finally {
      await api.app.close();
    }

    // Alerts: volume crossings for the growing and the spiky team (the self-hosting threshold per
    // workload), idle GPUs, break-even only where tonight recommends migrating; nothing for the small team.
    const firing = (await sql.query(`SELECT team, kind, subject FROM alerts WHERE state = 'firing' ORDER BY 1, 2, 3`))
      .rows;
    const breakEvenShort = rows.filter(
      (r) =>
        r.workload.startsWith('api:') &&
        ['MIGRATE_TO_SELF_HOSTED', 'HYBRID', 'SELF_HOST_FOR_COMPLIANCE'].includes(r.kind) &&
        r.numbers.breakEvenMonths !== null &&
        r.numbers.breakEvenMonths < 6,
    );
    expect(firing).toEqual(
      [
        { team: 'gpu', kind: 'low-utilization', subject: 'deployment:gpu-pool-a' },
        { team: 'growth', kind: 'run-rate-review', subject: 'team' },
        { team: 'growth', kind: 'run-rate-self-host', subject: 'api:openai/gpt-4o' },
        { team: 'spiky', kind: 'run-rate-review', subject: 'team' },
        { team: 'spiky', kind: 'run-rate-self-host', subject: 'api:anthropic/claude-sonnet-4' },
        ...breakEvenShort.map((r) => ({ team: r.team, kind: 'break-even-short', subject: r.workload })),
      ].sort((a, b) => `${a.team}|${a.kind}|${a.subject}`.localeCompare(`${b.team}|${b.kind}|${b.subject}`)),
    );
    // Each alert fired once over the two nights, and was delivered once to finops.alerts.
    const events = await count(sql, 'alert_events');
    expect(events).toBe(firing.length);
    expect(first.alerts.fired.length + second.alerts.fired.length).toBe(firing.length);
    expect(await topicSize(topics.finopsAlerts)).toBe(events);
    // Recommendations unchanged from the night before are stored but not announced again.
    const unchanged = second.recommendations.filter((r) => !r.announced);
    expect(unchanged.map((r) => r.workload)).toContain('api:openai/gpt-4o-mini');
    expect(await topicSize(topics.finopsRecommendations)).toBe(
      first.announcedRecommendations + second.announcedRecommendations,
    );
  });

  it('re-running the same night replaces its results and duplicates nothing', async () => {
    const tables = [
      'usage_rollups_daily',
      'usage_rollups_hourly',
      'volume_forecasts',
      'deployment_utilization_daily',
      'recommendations',
      'alert_events',
      'alerts',
    ];
    const before = await countAll(sql, tables);
    const rollupTotals = async () =>
      (
        await sql.query(
          `SELECT sum(input_tokens + output_tokens)::text AS t, sum(cost_usd)::text AS c FROM usage_rollups_daily`,
        )
      ).rows[0];
    const totalsBefore = await rollupTotals();
    const alertsBefore = await topicSize(topics.finopsAlerts);
    const recsBefore = await topicSize(topics.finopsRecommendations);

    const again = await plan(env, lastNight);
    expect(again.recommendations.map((r) => [r.workload, r.kind])).toEqual(
      second.recommendations.map((r) => [r.workload, r.kind]),
    );
    expect(again.announcedRecommendations).toBe(0);
    expect(await countAll(sql, tables)).toEqual(before);
    expect(await rollupTotals()).toEqual(totalsBefore);
    expect(await topicSize(topics.finopsAlerts)).toBe(alertsBefore);
    expect(await topicSize(topics.finopsRecommendations)).toBe(recsBefore);
    // The rollups equal the raw events (self-hosted counter rows included once).
    const raw = (await sql.query(`SELECT sum(input_tokens + output_tokens)::text AS t FROM usage_records`)).rows[0].t;
    expect(totalsBefore.t).toBe(raw);
  });

  it('folds a late event into its own day on the next run', async () => {
    const day = dayBefore(dayBefore(lastNight));
    const before = (
      await sql.query(
        `SELECT sum(output_tokens)::text AS o FROM usage_rollups_daily WHERE day = $1 AND team = 'flat-small'`,
        [day],
      )
    ).rows[0].o;
    await sql.query(
      `INSERT INTO usage_records (source, id, time, team, project, tags, provider, model,
         input_tokens, cached_input_tokens,
         cache_write_tokens, output_tokens, reasoning_tokens, requests, cost_usd) VALUES
       ('late', 'late-1', ($1::date + interval '13 hours'), 'flat-small', 'main',
        '{}', 'openai', 'gpt-4o-mini', 0, 0, 0, 777, 0, 1, 0.001)`,
      [day],
    );
    await plan(env, lastNight);
    const after = (
      await sql.query(
        `SELECT sum(output_tokens)::text AS o FROM usage_rollups_daily WHERE day = $1 AND team = 'flat-small'`,
        [day],
      )
    ).rows[0].o;
    expect(BigInt(after) - BigInt(before)).toBe(777n);
  });

  describe('a worker killed mid-chain', () => {
    let db2: TestDatabase;
    let sql2: Client;
    let server: Server;
    const received: { body: string; signature: string; timestamp: string }[] = [];

    beforeAll(async () => {
      db2 = await createTestDatabase(inject('templateDatabase'));
      sql2 = new Client({ connectionString: db2.url });
      await sql2.connect();
      // Enough extra workloads that forecasting takes a few seconds: room to kill the worker in it.
      await loadPlannerHistory(sql2, lastNight, { fillerScopes: 300 });
      server = createServer((req, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          received.push({
            body,
            signature: String(req.headers['x-tokenmeter-signature']),
            timestamp: String(req.headers['x-tokenmeter-timestamp']),
          });
          res.writeHead(200).end('ok');
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as { port: number }).port;
      await sql2.query(
        `INSERT INTO webhook_endpoints (id, team, url, secret) VALUES (gen_random_uuid(), NULL, $1, 'hook-secret')`,
        [`http://127.0.0.1:${port}/hook`],
      );
    });

    afterAll(async () => {
      server?.close();
      await sql2?.end();
      await db2?.drop();
    });

    it('completes the chain on restart without duplicating results, and signs its webhooks', async () => {
      const { prefix, topics: topics2 } = await createTestTopics();
      const ports = freePorts();
      const workerEnv = {
        DATABASE_URL: db2.url,
        TOPIC_PREFIX: prefix,
        QUEUE_PREFIX: prefix.replace(/\W/g, ''),
        WORKER_HTTP_PORT: String(ports.worker),
        PLANNER_CATCHUP_NIGHTS: '0',
        KAFKAJS_NO_PARTITIONER_WARNING: '1',
        // The receiver is a plain-HTTP loopback server: allowed explicitly, as an operator would.
        ALERT_ALLOWED_HOSTS: '127.0.0.1',
        ALERT_ALLOW_HTTP: 'true',
      };
      const queue = new Queue(Queues.planner, {
        connection: { url: 'redis://127.0.0.1:6379' },
        prefix: workerEnv.QUEUE_PREFIX,
      });
      try {
        let worker = startApp('worker', workerEnv);
        const payload: PlannerStepPayload = { date: lastNight, until: lastNight, chain: true };
        await queue.add(JobNames.plannerRollup, payload, {
          jobId: dailyJobId(JobNames.plannerRollup, lastNight),
          attempts: 4,
        });
        // Killed once forecasting has begun (it takes seconds): between two steps no step is running,
        // and a kill there would test nothing.
        await waitFor(
          () => count(sql2, 'planner_runs', `step = 'planner-forecast' AND status = 'running'`),
          (n) => n === 1,
          120_000,
          'forecast step to start',
        );
        worker.child.kill('SIGKILL');
        await worker.exited;
        const atKill = Object.fromEntries(
          (await sql2.query(`SELECT step, status FROM planner_runs`)).rows.map((r) => [r.step, r.status]),
        );
        expect(atKill['planner-alerts'], 'the chain must still be running when the worker is killed').toBeUndefined();
        const interrupted = Object.entries(atKill).find(([, status]) => status === 'running')?.[0];

        worker = startApp('worker', workerEnv);
        try {
          await waitFor(
            () => count(sql2, 'planner_runs', `step = 'planner-alerts' AND status = 'completed'`),
            (n) => n === 1,
            180_000,
            'chain to complete after restart',
          );
          const runs = (await sql2.query(`SELECT step, status, attempts FROM planner_runs ORDER BY step`)).rows;
          expect(runs.every((r) => r.status === 'completed')).toBe(true);
          expect(runs.map((r) => r.step).sort()).toEqual([
            'planner-alerts',
            'planner-forecast',
            'planner-recommendations',
            'planner-rollup',
            'planner-utilization',
          ]);
          // The step the kill interrupted ran again from the start (its results were replaced, not added to).
          if (interrupted) expect(runs.find((r) => r.step === interrupted).attempts).toBe(2);
          expect(interrupted, 'the kill should land inside a step (forecasting takes seconds)').toBe(
            'planner-forecast',
          );
          const scopes = Number(
            (await sql2.query(`SELECT count(DISTINCT (team, provider, model)) AS n FROM usage_rollups_daily`)).rows[0]
              .n,
          );
          const teams = Number(
            (await sql2.query(`SELECT count(DISTINCT team) AS n FROM usage_rollups_daily`)).rows[0].n,
          );
          expect(await count(sql2, 'volume_forecasts')).toBe(scopes + teams);
          const kinds = Object.fromEntries(
            (
              await sql2.query(
                `SELECT workload, kind FROM recommendations WHERE workload NOT LIKE 'api:openai/gpt-4o-mini-%'`,
              )
            ).rows.map((r) => [r.workload, r.kind]),
          );
          expect(kinds).toMatchObject({ 'api:openai/gpt-4o': 'USE_EXISTING_CAPACITY' });
          const events = await count(sql2, 'alert_events');
          expect(events).toBeGreaterThan(0);
          expect(await topicSize(topics2.finopsAlerts)).toBe(events);

          // Every transition reaches the webhook once, signed: on its own, or inside one digest when
          // a night has more than the destination should get one by one (never a storm).
          const covered = (body: { type: string; alerts?: unknown[]; omitted?: number }) =>
            body.type === 'alert.digest' ? (body.alerts?.length ?? 0) + (body.omitted ?? 0) : 1;
          const transitions = () => received.reduce((n, r) => n + covered(JSON.parse(r.body)), 0);
          await waitFor(
            async () => transitions(),
            (n) => n >= events,
            60_000,
            'webhook deliveries',
          );
          expect(transitions()).toBe(events);
          for (const r of received) {
            const expected = `sha256=${createHmac('sha256', 'hook-secret')
              .update(`${r.timestamp}.${r.body}`)
              .digest('hex')}`;
            expect(r.signature).toBe(expected);
            expect(JSON.parse(r.body).type).toMatch(/^alert\.(fired|resolved|digest)$/);
          }
        } finally {
          await worker.stop();
        }
      } finally {
        await queue.close();
      }
    });
  });
});
