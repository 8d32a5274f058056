// Nights missed while the service was down are planned at start-up, oldest first, once: two
// workers starting together still run each night's steps a single time.
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePorts, startApp } from '../support/app-process';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { createTestTopics } from '../support/test-topics';
import { waitFor } from '../support/wait-for';

const daysAgo = (n: number) => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
};

describe('planner catch-up', () => {
  let db: TestDatabase;
  let sql: Client;

  beforeAll(async () => {
    db = await createTestDatabase(inject('templateDatabase'));
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  });

  afterAll(async () => {
    await sql?.end();
    await db?.drop();
  });

  it('plans the missed nights oldest first, once, with two workers starting together', async () => {
    // The last night planned before the outage was four nights ago.
    await sql.query(
      `INSERT INTO planner_runs (run_date, step, status, attempts, started_at, finished_at)
       VALUES ($1::date, 'planner-alerts', 'completed', 1,
               now() - interval '4 days', now() - interval '4 days')`,
      [daysAgo(4)],
    );
    const { prefix } = await createTestTopics();
    const env = {
      DATABASE_URL: db.url,
      TOPIC_PREFIX: prefix,
      QUEUE_PREFIX: prefix.replace(/\W/g, ''),
      PLANNER_CATCHUP_NIGHTS: '10',
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
    };
    const workers = [
      startApp('worker', { ...env, WORKER_HTTP_PORT: String(freePorts().worker) }),
      startApp('worker', { ...env, WORKER_HTTP_PORT: String(freePorts().worker) }),
    ];
    try {
      const missed = [daysAgo(3), daysAgo(2), daysAgo(1)];
      const completed = () =>
        sql
          .query(
            `SELECT to_char(run_date, 'YYYY-MM-DD') AS d, finished_at
             FROM planner_runs WHERE step = 'planner-alerts' AND status = 'completed'
             AND run_date > $1::date ORDER BY finished_at`,
            [daysAgo(4)],
          )
          .then((r) => r.rows);
      const rows = await waitFor(completed, (r) => r.length === 3, 120_000, 'missed nights planned');
      expect(rows.map((r) => r.d)).toEqual(missed);
      const runs = (await sql.query(`SELECT step, attempts FROM planner_runs WHERE run_date > $1::date`, [daysAgo(4)]))
        .rows;
      expect(runs).toHaveLength(15);
      expect(runs.every((r) => r.attempts === 1)).toBe(true);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
  });
});
