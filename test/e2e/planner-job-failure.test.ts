// A nightly step that keeps failing is visible, not silent: its run is marked failed with the
// error, the worker's metrics count it, and a job-failed alert fires once (table + finops.alerts);
// when the step later succeeds the alert resolves.
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dailyJobId, JobNames, Queues } from '../../libs/contracts/src';
import { AppEnv, createAppEnv } from '../support/app-env';
import { startApp, waitForHttp } from '../support/app-process';
import { topicSize } from '../support/kafka-helpers';
import { waitFor } from '../support/wait-for';

describe('a failing nightly step', () => {
  let app: AppEnv;
  let sql: Client;

  beforeAll(async () => {
    app = await createAppEnv();
    sql = new Client({ connectionString: app.db.url });
    await sql.connect();
  });

  afterAll(async () => {
    await sql?.end();
    await app?.db.drop();
  });

  it('is recorded, counted and alerted once when retries run out, and resolves on success', async () => {
    const { ports, topics } = app;
    const env: Record<string, string> = {
      ...app.env,
      PLANNER_CATCHUP_NIGHTS: '0',
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
    };
    const queue = new Queue(Queues.planner, {
      connection: { url: 'redis://127.0.0.1:6379' },
      prefix: env.QUEUE_PREFIX,
    });
    const worker = startApp('worker', env);
    try {
      await waitForHttp(`http://127.0.0.1:${ports.worker}/healthz`, worker);
      // The forecast step cannot write its results while its table is away.
      await sql.query('ALTER TABLE volume_forecasts RENAME TO volume_forecasts_away');
      const id = dailyJobId(JobNames.plannerForecast, '2026-03-10');
      await queue.add(
        JobNames.plannerForecast,
        { date: '2026-03-10', chain: false },
        { jobId: id, attempts: 2, backoff: { type: 'fixed', delay: 200 } },
      );
      const alertOf = () =>
        sql
          .query(`SELECT state, message FROM alerts WHERE kind = 'job-failed' AND subject = 'planner-forecast'`)
          .then((r) => r.rows);
      await waitFor(alertOf, (rows) => rows.length === 1, 60_000, 'job-failed alert');
      const run = (await sql.query(`SELECT status, attempts, error FROM planner_runs WHERE step = 'planner-forecast'`))
        .rows[0];
      expect(run).toMatchObject({ status: 'failed', attempts: 2 });
      expect(run.error).toMatch(/volume_forecasts/);
      expect((await alertOf())[0]).toMatchObject({ state: 'firing' });
      expect((await alertOf())[0].message).toMatch(/failed after all retries/);
      const metrics = await (await fetch(`http://127.0.0.1:${ports.worker}/metrics`)).text();
      expect(metrics).toMatch(/tokenmeter_planner_job_failures_total\{step="planner-forecast"\} 1/);
      await waitFor(
        () => topicSize(topics.finopsAlerts),
        (n) => n === 1,
        30_000,
        'alert on finops.alerts',
      );

      // Fixed, and run again (a manual rerun replaces the failed job): the alert resolves, once.
      await sql.query('ALTER TABLE volume_forecasts_away RENAME TO volume_forecasts');
      await (await queue.getJob(id))?.remove();
      await queue.add(JobNames.plannerForecast, { date: '2026-03-10', chain: false }, { jobId: id, attempts: 2 });
      await waitFor(alertOf, (rows) => rows[0]?.state === 'resolved', 60_000, 'job-failed alert to resolve');
      expect(await topicSize(topics.finopsAlerts)).toBe(2);
      expect(
        Number((await sql.query(`SELECT count(*) AS n FROM alert_events WHERE kind = 'job-failed'`)).rows[0].n),
      ).toBe(2);
    } finally {
      await worker.stop();
      await queue.close();
    }
  });
});
