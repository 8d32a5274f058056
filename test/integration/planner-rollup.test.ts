// The nightly rollup: set-based daily and hourly totals; for a deployment-hour with exact counter
// rows the log-estimate rows are left out (they estimate the same tokens); a re-run replaces the
// day; a late event is folded into its own day by the next night.
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { RollupStep } from '@tokenmeter/planner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigModule, parseConfig } from '../../libs/config/src';
import { DbModule } from '../../libs/db/src';
import { ensureMonthlyPartitions } from '../support/planner-history';
import { createUsageSuite, UsageSuite } from '../support/usage-suite';

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
  ) =>
    suite.sql.query(
      `INSERT INTO usage_records (source, id, time, team, project, tags, provider, model,
         deployment, input_tokens, cached_input_tokens,
         cache_write_tokens, output_tokens, reasoning_tokens, requests, cost_usd, ingested_at)
       VALUES ('t', $1, $2, 'ml', NULL, $3::jsonb, $4, 'llama-3.1-70b', $5, 100, 0, 0, $6, 0, 1, $7, $8)`,
      [
        id,
        time,
        JSON.stringify(basis ? { basis } : {}),
        deployment ? 'self-hosted' : 'openai',
        deployment,
        output,
        deployment ? null : '0.5',
        ingestedAt,
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
    context = await NestFactory.createApplicationContext(RollupTestModule, { logger: false });
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
    await insert('a1', '2026-03-10T23:59:59Z', null, null, 70);
    await insert('x1', '2026-03-11T00:00:00Z', null, null, 1); // the next day
    const out = await rollup.run('2026-03-10');
    expect(out.days).toContain('2026-03-10');
    expect(await daily('2026-03-10')).toEqual([
      { provider: 'openai', deployment: '', o: 70, records: 1, u: 0, c: '0.5000000000' },
      { provider: 'self-hosted', deployment: 'pool-a', o: 1500, records: 2, u: 2, c: '0.0000000000' },
    ]);
    const hourly = (
      await suite.sql.query(
        `SELECT to_char(hour AT TIME ZONE 'UTC', 'HH24') AS h, output_tokens::int AS o
         FROM usage_rollups_hourly WHERE deployment = 'pool-a' ORDER BY hour`,
      )
    ).rows;
    expect(hourly).toEqual([
      { h: '10', o: 1000 },
      { h: '11', o: 500 },
    ]);
    expect(await daily('2026-03-11')).toEqual([]);
  });

  it('replaces the day on a re-run, and folds a late event into its own day on the next night', async () => {
    await rollup.run('2026-03-10');
    expect((await daily('2026-03-10')).map((r) => r.o)).toEqual([70, 1500]);
    await rollup.run('2026-03-11');
    await insert('late', '2026-03-10T15:00:00Z', null, null, 30, new Date(Date.now() + 5 * 3600_000).toISOString());
    const out = await rollup.run('2026-03-12');
    expect(out.lateDays).toBe(1);
    expect((await daily('2026-03-10')).map((r) => r.o)).toEqual([100, 1500]);
    expect((await daily('2026-03-11')).map((r) => r.o)).toEqual([1]);
  });
});
