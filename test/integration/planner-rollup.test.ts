// The nightly rollup: set-based daily and hourly totals; for a deployment-hour with exact counter
// rows the log-estimate rows are left out (they estimate the same tokens); a re-run replaces the
// day; a late event is folded into its own day by the next night; re-running a night rewrites
// nothing (row count, dead tuples and size unchanged) and a late event rewrites only its own rows.
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { RollupStep } from '@tokenmeter/planner';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigModule, parseConfig } from '../../libs/config/src';
import { DbModule } from '../../libs/db/src';
import { ensureMonthlyPartitions } from '../support/planner-history';
import { createUsageSuite, UsageSuite } from '../support/usage-suite';

// The night's watermark is cut to the millisecond and a stored ingested_at is rounded to one, so a row
// ingested in the night's own millisecond is rightly left to the next night (reads count it as a late
// row). A test that expects tonight to fold in a row it has just inserted lets the database's clock pass
// that millisecond first.
const pastThisMillisecond = (suite: UsageSuite) => suite.sql.query('SELECT pg_sleep(0.002)');

describe('nightly rollup', () => {
  let suite: UsageSuite;
  let context: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>;
  let rollup: RollupStep;

  const insert = (
    id: string,
    time: string,
    deployment: string | null,
    basis: string | null,
    output: number,
    ingestedAt = time,
    // The sources TokenMeter itself writes self-hosted rows under (libs/contracts self-hosted-usage.ts).
    source = basis === 'counter' ? `vllm-metrics:${deployment}` : basis ? `vllm-log:${deployment}` : 't',
  ) =>
    suite.sql.query(
      `INSERT INTO usage_records (source, id, time, team, project, tags, provider, model,
         deployment, input_tokens, cached_input_tokens,
         cache_write_tokens, output_tokens, reasoning_tokens, requests, cost_usd, ingested_at)
       VALUES ($9, $1, $2, 'ml', NULL, $3::jsonb, $4, 'llama-3.1-70b', $5, 100, 0, 0, $6, 0, 1, $7, $8)`,
      [
        id,
        time,
        JSON.stringify(basis ? { basis } : {}),
        deployment ? 'self-hosted' : 'openai',
        deployment,
        output,
        deployment ? null : '0.5',
        ingestedAt,
        source,
      ],
    );
  const daily = (day: string) =>
    suite.sql
      .query(
        `SELECT provider, deployment, output_tokens::int AS o, records, unpriced_records AS u, cost_usd::text AS c
         FROM usage_rollups_daily WHERE day = $1 ORDER BY provider`,
        [day],
      )
      .then((r) => r.rows);

  beforeAll(async () => {
    suite = await createUsageSuite();
    await ensureMonthlyPartitions(suite.sql, new Date('2026-03-01T00:00:00Z'), new Date('2026-03-31T00:00:00Z'));
    const config = parseConfig({ ...process.env, ...suite.env });
    @Module({ imports: [ConfigModule.forRoot(config), DbModule], providers: [RollupStep] })
    class RollupTestModule {}
    context = await NestFactory.createApplicationContext(RollupTestModule, { logger: false, abortOnError: false });
    rollup = context.get(RollupStep);
  });

  afterAll(async () => {
    await context?.close();
    await suite?.close();
  });

  it('counts counter rows over log estimates in the same deployment-hour, keeps estimates elsewhere', async () => {
    await insert('c1', '2026-03-10T10:05:00Z', 'pool-a', 'counter', 1000);
    await insert('e1', '2026-03-10T10:20:00Z', 'pool-a', 'log-estimate', 900); // same hour as a counter row: left out
    await insert('e2', '2026-03-10T11:20:00Z', 'pool-a', 'log-estimate', 500); // no counter that hour: kept
    // A client's event tagged as a counter is not one: it is counted, and pushes no estimate out (issue #17).
    await insert('k1', '2026-03-10T11:30:00Z', 'pool-a', 'counter', 7, '2026-03-10T11:30:00Z', 'client-app');
    await insert('a1', '2026-03-10T23:59:59Z', null, null, 70);
    await insert('x1', '2026-03-11T00:00:00Z', null, null, 1); // the next day
    const out = await rollup.run('2026-03-10');
    expect(out.days).toContain('2026-03-10');
    expect(await daily('2026-03-10')).toEqual([
      { provider: 'openai', deployment: '', o: 70, records: 1, u: 0, c: '0.5000000000' },
      { provider: 'self-hosted', deployment: 'pool-a', o: 1507, records: 3, u: 3, c: '0.0000000000' },
    ]);
    const hourly = (
      await suite.sql.query(
        `SELECT to_char(hour AT TIME ZONE 'UTC', 'HH24') AS h, output_tokens::int AS o
         FROM usage_rollups_hourly WHERE deployment = 'pool-a' ORDER BY hour`,
      )
    ).rows;
    expect(hourly).toEqual([
      { h: '10', o: 1000 },
      { h: '11', o: 507 },
    ]);
    expect(await daily('2026-03-11')).toEqual([]);
  });

  it('replaces the day on a re-run, and folds a late event into its own day on the next night', async () => {
    await rollup.run('2026-03-10');
    expect((await daily('2026-03-10')).map((r) => r.o)).toEqual([70, 1507]);
    await rollup.run('2026-03-11');
    // Ingested now, after the nights above: its day's rollups do not hold it yet.
    await insert('late', '2026-03-10T15:00:00Z', null, null, 30, new Date().toISOString());
    await pastThisMillisecond(suite);
    const out = await rollup.run('2026-03-12');
    expect(out.lateDays).toBe(1);
    expect((await daily('2026-03-10')).map((r) => r.o)).toEqual([100, 1507]);
    expect((await daily('2026-03-11')).map((r) => r.o)).toEqual([1]);
  });

  it('folds in a row whose transaction was still open during the night, and re-rolls nothing else', async () => {
    const row = (id: string, time: string) =>
      `INSERT INTO usage_records (source, id, time, team, tags, provider, model, input_tokens, cached_input_tokens,
         cache_write_tokens, output_tokens, reasoning_tokens, requests)
       VALUES ('t', '${id}', '${time}', 'ml', '{}', 'openai', 'llama-3.1-70b', 0, 0, 0, 5, 0, 1)`;
    await suite.sql.query(row('w1', '2026-03-14T08:00:00Z'));
    // An ingest transaction that began before the night and commits after it: its ingested_at (the
    // transaction's start) is earlier than the night's own start.
    const inFlight = new Client({ connectionString: suite.env.DATABASE_URL });
    await inFlight.connect();
    try {
      await inFlight.query('BEGIN');
      await inFlight.query(row('w2', '2026-03-14T09:00:00Z'));
      await rollup.run('2026-03-14');
      expect((await daily('2026-03-14')).map((r) => r.o)).toEqual([5]);
      await inFlight.query('COMMIT');
    } finally {
      await inFlight.end();
    }
    const next = await rollup.run('2026-03-15');
    expect(next.days).toContain('2026-03-14');
    expect((await daily('2026-03-14')).map((r) => r.o)).toEqual([10]);
    // Rows ingested before a night's watermark do not send their day back through later nights.
    const after = await rollup.run('2026-03-16');
    expect(after.days).not.toContain('2026-03-14');
    expect(after.days).not.toContain('2026-03-15');
  });

  it('after an import touching many days (rolled up two at a time), every day holds its own rows', async () => {
    const days = ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07'];
    const imported = new Date().toISOString();
    for (const [i, day] of days.entries()) {
      for (let n = 0; n <= i; n++) await insert(`imp-${day}-${n}`, `${day}T0${n}:00:00Z`, null, null, 1 + i, imported);
    }
    const out = await rollup.run('2026-03-17');
    expect(out.lateDays).toBe(days.length);
    for (const [i, day] of days.entries()) {
      // Day i holds i + 1 rows of 1 + i output tokens each.
      expect(await daily(day)).toEqual([
        {
          provider: 'openai',
          deployment: '',
          o: (i + 1) * (1 + i),
          records: i + 1,
          u: 0,
          c: `${(0.5 * (i + 1)).toFixed(10)}`,
        },
      ]);
    }
    const marked = await suite.sql.query<{ day: string; records: number }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, records FROM rollup_days WHERE day = ANY($1::date[]) ORDER BY day`,
      [days],
    );
    expect(marked.rows).toEqual(days.map((day, i) => ({ day, records: i + 1 })));
  });

  it('finds a late row after an earlier night was run again, which moved no watermark of its day', async () => {
    await insert('again-1', '2026-03-24T10:00:00Z', null, null, 3, new Date().toISOString());
    await rollup.run('2026-03-25');
    await insert('again-2', '2026-03-24T11:00:00Z', null, null, 4, new Date().toISOString()); // late
    await rollup.run('2026-03-03'); // an earlier night, run again: its days end before the 24th
    const next = await rollup.run('2026-03-26');
    expect(next.days).toContain('2026-03-24');
    expect((await daily('2026-03-24')).map((r) => r.o)).toEqual([7]);
  });

  it('counts a row ingested in the millisecond of the watermark once: in the rollup or as a late row', async () => {
    // The night's watermark is the start of the oldest open transaction: one whose start is less than half a
    // millisecond past a whole one, which storing at millisecond precision would round down.
    const open = new Client({ connectionString: suite.env.DATABASE_URL });
    await open.connect();
    try {
      let start = '';
      while (!start) {
        await open.query('BEGIN');
        const { rows } = await open.query(
          `SELECT date_trunc('milliseconds', now())::text AS ms, extract(microseconds FROM now())::int % 1000 AS us`,
        );
        if (rows[0].us > 0 && rows[0].us < 500) start = rows[0].ms;
        else await open.query('ROLLBACK');
      }
      await insert('ms-1', '2026-03-27T10:00:00Z', null, null, 5, start);
      await rollup.run('2026-03-28');
    } finally {
      await open.end();
    }
    const { rows } = await suite.sql.query(
      `SELECT (SELECT coalesce(sum(records), 0) FROM usage_rollups_daily WHERE day = '2026-03-27')::int
            + (SELECT count(*) FROM usage_records u JOIN rollup_days d ON d.day = '2026-03-27'
               WHERE u.id = 'ms-1' AND u.ingested_at >= d.rolled_up_at)::int AS counted`,
    );
    expect(rows[0].counted).toBe(1);
  });
});

describe('nightly rollup storage', () => {
  let suite: UsageSuite;
  let context: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>;
  let rollup: RollupStep;

  beforeAll(async () => {
    suite = await createUsageSuite();
    await ensureMonthlyPartitions(suite.sql, new Date('2026-03-01T00:00:00Z'), new Date('2026-03-31T00:00:00Z'));
    const config = parseConfig({ ...process.env, ...suite.env });
    @Module({ imports: [ConfigModule.forRoot(config), DbModule], providers: [RollupStep] })
    class RollupStorageTestModule {}
    context = await NestFactory.createApplicationContext(RollupStorageTestModule, {
      logger: false,
      abortOnError: false,
    });
    rollup = context.get(RollupStep);
  });

  afterAll(async () => {
    await context?.close();
    await suite?.close();
  });

  it('re-running a night leaves the rollup tables unchanged: same rows, no dead tuples, same size', async () => {
    // 2,400 events over the day's 24 hours, 4 teams × 3 models: 288 hourly, 12 daily and 12 priced daily rows.
    await suite.sql.query(
      `INSERT INTO usage_records (source, id, time, team, project, tags, provider, model, deployment,
         input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, requests,
         cost_usd, ingested_at)
       SELECT 'bloat', 'b' || i, '2026-03-20T00:00:00Z'::timestamptz + (i % 24) * interval '1 hour',
         'team' || (i / 24 % 4),
         'p', '{}', 'openai', 'model' || (i / 96 % 3), NULL, 100 + i, 0, 0, 10, 0, 1, 0.01, '2026-03-20T00:00:00Z'
       FROM generate_series(0, 2399) AS i`,
    );
    await suite.sql.query('CREATE EXTENSION IF NOT EXISTS pgstattuple');
    // pgstattuple reads the pages themselves: exact, and with no statistics-collector delay.
    const state = async () =>
      (
        await suite.sql.query<{ table: string; rows: number; dead: number; bytes: number }>(
          `SELECT t AS table, (pgstattuple(t)).tuple_count::int AS rows,
             (pgstattuple(t)).dead_tuple_count::int AS dead, pg_relation_size(t)::int AS bytes
           FROM unnest(ARRAY['usage_rollups_hourly', 'usage_rollups_daily', 'usage_rollups_priced_daily']) AS t
           ORDER BY t`,
        )
      ).rows;
    const first = await rollup.run('2026-03-20');
    expect(first.records).toBe(2400);
    const before = await state();
    expect(before.map((t) => t.rows)).toEqual([12, 288, 12]);
    // The daily totals are summed from the hourly ones in the same statement: they match the raw rows.
    const dailyAgainstRaw = await suite.sql.query(
      `WITH rolled AS (
         SELECT team, project, provider, model, input_tokens::numeric AS i, output_tokens::numeric AS o,
           requests::numeric AS n, cost_usd::numeric AS c, records, unpriced_records AS u
         FROM usage_rollups_daily WHERE day = '2026-03-20'),
       raw AS (
         SELECT team, coalesce(project, '') AS project, provider, model, sum(input_tokens) AS i,
           sum(output_tokens) AS o, sum(requests)::numeric AS n, sum(cost_usd) AS c, count(*)::int AS records,
           count(*) FILTER (WHERE cost_usd IS NULL)::int AS u
         FROM usage_records WHERE time >= '2026-03-20T00:00:00Z' AND time < '2026-03-21T00:00:00Z'
         GROUP BY 1, 2, 3, 4)
       (SELECT * FROM rolled EXCEPT SELECT * FROM raw) UNION ALL (SELECT * FROM raw EXCEPT SELECT * FROM rolled)`,
    );
    expect(dailyAgainstRaw.rows).toEqual([]);
    // Ninety re-runs of the same night (issue #19's measure): none rewrites a row.
    for (let night = 0; night < 90; night++) {
      const again = await rollup.run('2026-03-20');
      expect(again.changed).toBe(0);
    }
    expect(await state()).toEqual(before);

    // A late event in one hour rewrites that hour's row, the day's row of its workload and its price's
    // row of the day, nothing else.
    await suite.sql.query(
      `INSERT INTO usage_records (source, id, time, team, project, tags, provider, model, deployment,
         input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, requests,
         cost_usd, ingested_at)
       VALUES ('bloat', 'late', '2026-03-20T05:30:00Z', 'team1', 'p', '{}', 'openai', 'model2', NULL,
         1, 0, 0, 1, 0, 1, 0.01, now())`,
    );
    await pastThisMillisecond(suite);
    const late = await rollup.run('2026-03-21');
    expect(late.lateDays).toBe(1);
    expect(late.changed).toBe(3);
    const after = await state();
    expect(after.map((t) => t.rows)).toEqual(before.map((t) => t.rows));
    expect(after.map((t) => t.dead)).toEqual(before.map((t) => t.dead + 1));
  });

  it("vacuums and analyzes the tables past autovacuum's thresholds, as autovacuum would, and those only", async () => {
    const grown = async () => {
      const { rows } = await suite.sql.query<{ name: string; analyzed: boolean; vacuumed: boolean; mods: string }>(
        `SELECT relname AS name, last_analyze IS NOT NULL AS analyzed, last_vacuum IS NOT NULL AS vacuumed,
                n_mod_since_analyze::text AS mods
         FROM pg_stat_user_tables WHERE relname = 'usage_facts_2026_03'`,
      );
      return rows;
    };
    await rollup.run('2026-03-22');
    // 3,000 records of a day: more than 1,000 + 20 % of the partition's rows since its last vacuum.
    await suite.sql.query(
      `INSERT INTO usage_records (source, id, time, team, project, tags, provider, model, input_tokens,
         cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, requests, cost_usd)
       SELECT 'grow', 'g' || n, '2026-03-22T00:00:00Z'::timestamptz + n * interval '20 seconds', 'team1', 'p', '{}',
              'openai', 'model1', 10, 0, 0, 5, 0, 1, 0.001
       FROM generate_series(1, 3000) n`,
    );
    // The session's counts reach the statistics Postgres keeps when it is next idle, not a second later.
    await suite.sql.query('SELECT pg_stat_force_next_flush()');
    expect(Number((await grown())[0]!.mods)).toBeGreaterThanOrEqual(3000);
    const night = await rollup.run('2026-03-23');
    expect(night.vacuumed).toContainEqual(expect.stringMatching(/\.usage_facts_2026_03$/));
    expect(await grown()).toEqual([{ name: 'usage_facts_2026_03', analyzed: true, vacuumed: true, mods: '0' }]);
    // Nothing was added since: the next night leaves the partition alone.
    expect((await rollup.run('2026-03-23')).vacuumed).not.toContainEqual(expect.stringMatching(/usage_facts/));
  });
});
