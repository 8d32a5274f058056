// The planner's recent reads (the last 28 days of each API workload and team, and each workload's hours)
// against a real Postgres: a scope seen before the 28 days covers all of them, even with gaps; one first
// seen inside them covers the days since, so its run-rate, bill and mean hour are not diluted by days
// before it existed; a scope seen only before them is not read.

import { addDays } from '@tokenmeter/contracts';
import { DatabasePool, UsageRollupDailyRepository, UsageRollupHourlyRepository } from '@tokenmeter/db';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseConfig } from '../../libs/config/src/load-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const TO = '2026-03-28';
const FROM = addDays(TO, -27);

describe('recent totals cover the days a scope has existed', () => {
  let database: TestDatabase;
  let db: DatabasePool;

  /** One daily row a day over [from, to] of `tokens` input tokens and $1. */
  const daily = (team: string, provider: string, model: string, from: string, to: string, tokens = 1_000) =>
    db.query(
      `INSERT INTO usage_rollups_daily (day, team, project, provider, model, deployment, input_tokens,
         cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, requests, cost_usd, records,
         unpriced_records)
       SELECT d, $1, '', $2, $3, '', $6, 0, 0, 0, 0, 1, 1, 1, 0
       FROM generate_series($4::date, $5::date, interval '1 day') AS d`,
      [team, provider, model, from, to, tokens],
    );

  beforeAll(async () => {
    database = await createTestDatabase(inject('templateDatabase'));
    db = new DatabasePool(parseConfig({ ...process.env, DATABASE_URL: database.url }));
    await daily('ads', 'openai', 'gpt-4o', '2026-01-01', TO); // long-standing
    await daily('ads', 'openai', 'o3', addDays(TO, -9), TO); // first seen 10 days ago
    // Seen once in the 28 days before the range and once inside it: it existed, idle in between.
    await daily('search', 'anthropic', 'claude-sonnet-4', addDays(FROM, -20), addDays(FROM, -20));
    await daily('search', 'anthropic', 'claude-sonnet-4', addDays(TO, -3), addDays(TO, -3));
    await daily('search', 'openai', 'gpt-4o', addDays(FROM, -5), addDays(FROM, -5)); // gone before the range
    await daily('fresh', 'openai', 'gpt-4o-mini', addDays(TO, -4), TO); // a team five days old
    await daily('fresh', 'self-hosted', 'llama-3.1-70b', '2026-01-01', TO); // self-hosted: not API usage
    // The new workload's hours: 100 tokens in each of its 240.
    await db.query(
      `INSERT INTO usage_rollups_hourly (hour, team, project, provider, model, deployment, input_tokens,
         cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, requests, cost_usd, records)
       SELECT h, 'ads', '', 'openai', 'o3', '', 100, 0, 0, 0, 0, 1, 0, 1
       FROM generate_series($1::date::timestamp AT TIME ZONE 'UTC', ($2::date + 1)::timestamp AT TIME ZONE 'UTC'
         - interval '1 hour', interval '1 hour') AS h`,
      [addDays(TO, -9), TO],
    );
  });

  afterAll(async () => {
    await db?.onModuleDestroy();
    await database?.drop();
  });

  it('workloads: all 28 days when seen before them, else the days since; totals within the range only', async () => {
    const totals = await new UsageRollupDailyRepository(db).recentWorkloadTotals(FROM, TO);
    const byWorkload = Object.fromEntries(
      totals.map((t) => [`${t.team} ${t.model}`, { days: t.days, tokens: t.inputTokens, costUsd: t.costUsd }]),
    );
    expect(byWorkload).toEqual({
      'ads gpt-4o': { days: 28, tokens: 28_000, costUsd: 28 },
      'ads o3': { days: 10, tokens: 10_000, costUsd: 10 },
      'search claude-sonnet-4': { days: 28, tokens: 1_000, costUsd: 1 },
      'fresh gpt-4o-mini': { days: 5, tokens: 5_000, costUsd: 5 },
    });
  });

  it('teams: the same, over their API workloads', async () => {
    const teams = await new UsageRollupDailyRepository(db).teamApiTokens(FROM, TO);
    expect(Object.fromEntries(teams)).toEqual({
      ads: { tokens: 38_000, days: 28 },
      search: { tokens: 1_000, days: 28 },
      fresh: { tokens: 5_000, days: 5 },
    });
  });

  it('a workload first seen inside the range has its mean and base hour over its own hours', async () => {
    const hourly = new UsageRollupHourlyRepository(db);
    const shapes = async (spanDays?: number) =>
      (await hourly.workloadShapes(FROM, addDays(TO, 1), spanDays === undefined ? undefined : () => spanDays)).find(
        (s) => s.model === 'o3',
      );
    // Over all 28 days its mean hour is diluted by the 18 days before it existed, and it has no base.
    expect(await shapes()).toMatchObject({ peakHourTokens: 100, baseHourTokens: 0 });
    expect((await shapes())?.meanHourTokens).toBeCloseTo((100 * 240) / 672, 6);
    expect(await shapes(10)).toEqual({
      team: 'ads',
      provider: 'openai',
      model: 'o3',
      peakHourTokens: 100,
      meanHourTokens: 100,
      baseHourTokens: 100,
    });
  });
});
