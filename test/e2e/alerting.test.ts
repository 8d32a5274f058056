// Alerting end to end: a finops key creates a rule and a signed webhook destination through the
// API; a night whose 28-day run-rate crosses the rule's threshold (run by the worker, enqueued
// through the API) sends exactly one signed message to a local receiver; a later night with the
// volume fallen back sends exactly one resolution; re-running a night sends nothing more.
import { createServer, Server } from 'node:http';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addDays } from '../../libs/contracts/src';
import { ApiKeyRepository } from '../../libs/db/src';
import { verifyWebhookSignature } from '../../libs/finops/src';
import { startApiInProcess } from '../support/api-harness';
import { AppProcess, freePorts, startApp, waitForHttp } from '../support/app-process';
import type { TestEnv } from '../support/ingest-harness';
import { ensureMonthlyPartitions } from '../support/planner-history';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { createTestTopics } from '../support/test-topics';
import { waitFor } from '../support/wait-for';

const today = new Date().toISOString().slice(0, 10);
/** The crossing night, and 28 days later the night whose whole window has the lower volume. */
const HIGH_NIGHT = addDays(today, -40);
const LOW_NIGHT = addDays(HIGH_NIGHT, 28);

interface Received {
  body: string;
  signature: string | undefined;
  timestamp: string | undefined;
}

/** `tokensPerDay` of gpt-4o for team growth on each day of [from, to], spread over 24 hours. */
async function insertUsage(sql: Client, from: string, to: string, tokensPerDay: number): Promise<void> {
  await sql.query(
    `INSERT INTO usage_records (source, id, time, team, project, tags, provider, model, deployment, input_tokens,
       cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, requests, cost_usd, price_version,
       ingested_at)
     SELECT 'alerting-e2e', $1 || '-' || h, t, 'growth', 'main', '{}', 'openai', 'gpt-4o', NULL,
            round($3::numeric / 24 * 0.7), 0, 0, round($3::numeric / 24 * 0.3), 0, 10,
            round($3::numeric / 24 * (0.7 * 2.5 + 0.3 * 10) / 1e6, 6), 'synthetic', now()
     FROM generate_series(0, (($2::date - $1::date) + 1) * 24 - 1) AS h,
     LATERAL (SELECT ($1::date)::timestamp AT TIME ZONE 'UTC' + h * interval '1 hour' AS t) x`,
    [from, to, tokensPerDay],
  );
}

describe('alerting: rule and destination through the API, one signed message per transition', () => {
  let db: TestDatabase;
  let sql: Client;
  let receiver: Server;
  let worker: AppProcess;
  let api: Awaited<ReturnType<typeof startApiInProcess>>;
  let finopsKey: string;
  const received: Received[] = [];

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${api.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${finopsKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null };
  };

  /** Enqueues a night through the API and waits for the worker to finish its alert step. */
  const runNight = async (date: string) => {
    const started = await call('POST', '/v1/planner/runs', { date });
    expect(started.status, JSON.stringify(started.json)).toBe(202);
    const since = Date.now();
    await waitFor(
      async () => {
        const runs = (await call('GET', `/v1/planner/runs?from=${date}&to=${date}`)).json.runs as {
          step: string;
          status: string;
          finishedAt: string | null;
        }[];
        if (runs.some((r) => r.status === 'failed')) throw new Error(`night ${date} failed: ${JSON.stringify(runs)}`);
        const alerts = runs.find((r) => r.step === 'planner-alerts');
        return alerts?.status === 'completed' && Date.parse(alerts.finishedAt ?? '') >= since - 1000;
      },
      (done) => done,
      240_000,
      `night ${date} to complete`,
    );
  };

  beforeAll(async () => {
    db = await createTestDatabase(inject('templateDatabase'));
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    await ensureMonthlyPartitions(sql, new Date(`${addDays(HIGH_NIGHT, -40)}T00:00:00Z`), new Date());
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({
          body,
          signature: req.headers['x-tokenmeter-signature'] as string | undefined,
          timestamp: req.headers['x-tokenmeter-timestamp'] as string | undefined,
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { prefix } = await createTestTopics();
    const ports = freePorts();
    const env = {
      DATABASE_URL: db.url,
      TOPIC_PREFIX: prefix,
      QUEUE_PREFIX: prefix.replace(/\W/g, ''),
      WORKER_HTTP_PORT: String(ports.worker),
      PLANNER_CATCHUP_NIGHTS: '0',
      ALERT_ALLOWED_HOSTS: '127.0.0.1',
      ALERT_ALLOW_HTTP: 'true',
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
    };
    api = await startApiInProcess({ ...env, INGEST_GROUP_ID: `${prefix}-ingest` } as TestEnv);
    finopsKey = (await api.app.get(ApiKeyRepository).create({ role: 'finops', team: null, name: 'alerting-e2e' })).key;
    worker = startApp('worker', env);
    await waitForHttp(`http://127.0.0.1:${ports.worker}/readyz`, worker, 120_000);
  }, 300_000);

  afterAll(async () => {
    await worker?.stop();
    await api?.app.close();
    receiver?.close();
    await sql?.end();
    await db?.drop();
  });

  it('fires once when the run-rate crosses, resolves once when it falls back, signed every time', async () => {
    const port = (receiver.address() as { port: number }).port;
    const destination = await call('POST', '/v1/alerts/destinations', {
      team: 'growth',
      type: 'webhook',
      name: 'local receiver',
      url: `http://127.0.0.1:${port}/hook`,
      kinds: ['run-rate-review'],
    });
    expect(destination.status, JSON.stringify(destination.json)).toBe(201);
    const secret = destination.json.secret as string;
    expect(secret.length).toBeGreaterThan(20);
    expect(destination.json.destination).not.toHaveProperty('secret');
    const rule = await call('POST', '/v1/alerts/rules', {
      team: 'growth',
      kind: 'run-rate-review',
      threshold: 20e6,
      hysteresis: 0.1,
      cooldownDays: 7,
    });
    expect(rule.status, JSON.stringify(rule.json)).toBe(201);

    // 28 days at 1.2M tokens a day: a 36.5M monthly run-rate, over the 20M line.
    await insertUsage(sql, addDays(HIGH_NIGHT, -27), HIGH_NIGHT, 1.2e6);
    await runNight(HIGH_NIGHT);
    await waitFor(
      async () => received.length,
      (n) => n >= 1,
      60_000,
      'the firing message',
    );

    // The same night again records nothing new and sends nothing more.
    await runNight(HIGH_NIGHT);
    // The next 28 days at 0.2M a day: 6.1M a month, well under the 18M the hysteresis band asks for.
    await insertUsage(sql, addDays(HIGH_NIGHT, 1), LOW_NIGHT, 0.2e6);
    await runNight(LOW_NIGHT);
    await waitFor(
      async () => received.length,
      (n) => n >= 2,
      60_000,
      'the resolution message',
    );
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(received).toHaveLength(2);

    const [fired, resolved] = received.map((r) => {
      const headers = { signature: r.signature, timestamp: r.timestamp };
      expect(verifyWebhookSignature(secret, headers, r.body, Math.floor(Date.now() / 1000)), 'signature verifies').toBe(
        true,
      );
      expect(verifyWebhookSignature('not-the-secret', headers, r.body, Math.floor(Date.now() / 1000))).toBe(false);
      return JSON.parse(r.body);
    });
    expect(fired).toMatchObject({
      type: 'alert.fired',
      team: 'growth',
      kind: 'run-rate-review',
      subject: 'team',
      runDate: HIGH_NIGHT,
      threshold: 20e6,
    });
    expect(fired.value).toBeCloseTo(1.2e6 * 30.44, -5);
    expect(fired.evidence.tokensLast28Days).toBeCloseTo(1.2e6 * 28, -3);
    expect(fired.evidence.recommendations[0]).toMatchObject({ team: 'growth', workload: 'api:openai/gpt-4o' });
    expect(resolved).toMatchObject({ type: 'alert.resolved', runDate: LOW_NIGHT, alertId: fired.alertId });

    // The history shows both transitions with their evidence, and both deliveries.
    const history = await call('GET', '/v1/alerts/history?team=growth');
    const transitions = history.json.transitions.filter((t: { kind: string }) => t.kind === 'run-rate-review');
    expect(transitions.map((t: { transition: string }) => t.transition)).toEqual(['resolved', 'fired']);
    expect(history.json.deliveries.map((d: { status: string }) => d.status)).toEqual(['delivered', 'delivered']);
    // The rule and destination changes are in the audit trail, secret redacted.
    const audit = await call('GET', '/v1/alerts/audit');
    expect(audit.json.changes.map((c: { entity: string; action: string }) => `${c.entity}:${c.action}`)).toEqual([
      'rule:create',
      'destination:create',
    ]);
    expect(JSON.stringify(audit.json.changes)).not.toContain(secret);
  }, 900_000);
});
