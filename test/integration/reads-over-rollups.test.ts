// The FOCUS export's daily per-price totals read rolled-up days from usage_rollups_priced_daily plus
// the raw rows ingested since the day's watermark, and the rest of the range raw. Checked against the
// totals computed from raw rows alone, before and after nights, with a late event, with a row whose
// transaction was open during a night, over a partial-day range and for one team; and a change to
// the rollup table shows up in the answer (the rollup is really read). /v1/usage reads UTC days, weeks and
// months from usage_rollups_daily the same way, checked against the raw answer.
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { RollupStep } from '@tokenmeter/planner';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigModule, parseConfig } from '../../libs/config/src';
import { DbModule, UsageQuery, UsageQueryRepository, usesDailyRollup } from '../../libs/db/src';
import { ensureMonthlyPartitions } from '../support/planner-history';
import { createUsageSuite, UsageSuite } from '../support/usage-suite';

/** The daily per-price totals from raw rows only (the query the export used before the rollup). */
const FROM_RAW = `
  SELECT to_char(date_trunc('day', time, 'UTC'), 'YYYY-MM-DD') AS day, team, provider, model, service_tier,
         price_version, price_rules, sum(input_tokens)::text AS i, sum(cached_input_tokens)::text AS c,
         sum(cache_write_tokens)::text AS w, sum(output_tokens)::text AS o, sum(cost_usd)::text AS cost
  FROM usage_records WHERE time >= $1 AND time < $2 AND ($3::text IS NULL OR team = $3)
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  ORDER BY 1, 2, 3, 4, 5 NULLS FIRST, 6 NULLS LAST, 7 NULLS FIRST`;

describe('reads over the rollups: FOCUS per-price totals and UTC usage', () => {
  let suite: UsageSuite;
  let context: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>;
  let rollup: RollupStep;
  let usage: UsageQueryRepository;
  let n = 0;

  const insert = (sql: Client, time: string, team: string, version: string | null, cost: string | null, tier = null) =>
    sql.query(
      `INSERT INTO usage_records (source, id, time, team, tags, provider, model, input_tokens, cached_input_tokens,
         cache_write_tokens, output_tokens, reasoning_tokens, requests, cost_usd, price_version, service_tier)
       VALUES ('t', $1, $2, $3, '{}', 'openai', 'gpt-4o', 100, 10, 0, 20, 0, 1, $4, $5, $6)`,
      [`e${n++}`, time, team, cost, version, tier],
    );
  const fromRaw = async (from: string, to: string, team: string | null = null) =>
    (await suite.sql.query(FROM_RAW, [from, to, team])).rows.map((r) => ({
      day: r.day,
      team: r.team,
      provider: r.provider,
      model: r.model,
      serviceTier: r.service_tier,
      priceVersion: r.price_version,
      priceRules: r.price_rules,
      inputTokens: BigInt(r.i),
      cachedInputTokens: BigInt(r.c),
      cacheWriteTokens: BigInt(r.w),
      outputTokens: BigInt(r.o),
      costUsd: r.cost,
    }));
  const answered = async (from: string, to: string, team?: string) =>
    (await usage.dailyPricedUsage(new Date(from), new Date(to), team)).map(
      ({ teamName, inputPerMTok, cachedInputPerMTok, cacheWritePerMTok, outputPerMTok, ...totals }) => totals,
    );
  const agrees = async (from: string, to: string, team?: string) =>
    expect(await answered(from, to, team)).toEqual(await fromRaw(from, to, team ?? null));

  beforeAll(async () => {
    suite = await createUsageSuite();
    await ensureMonthlyPartitions(suite.sql, new Date('2026-03-01T00:00:00Z'), new Date('2026-03-31T00:00:00Z'));
    const config = parseConfig({ ...process.env, ...suite.env });
    @Module({ imports: [ConfigModule.forRoot(config), DbModule], providers: [RollupStep] })
    class FocusRollupTestModule {}
    context = await NestFactory.createApplicationContext(FocusRollupTestModule, { logger: false, abortOnError: false });
    rollup = context.get(RollupStep);
    usage = context.get(UsageQueryRepository);
    for (const day of ['2026-03-10', '2026-03-11']) {
      await insert(suite.sql, `${day}T01:00:00Z`, 'ml', 'v1', '0.5');
      await insert(suite.sql, `${day}T02:00:00Z`, 'ml', 'v1', '0.25');
      await insert(suite.sql, `${day}T03:00:00Z`, 'ml', null, null); // no price known
      await insert(suite.sql, `${day}T04:00:00Z`, 'web', 'v2', '1.0');
    }
    await insert(suite.sql, '2026-03-10T05:00:00Z', 'gpu', null, null); // a team with no priced record
  });

  afterAll(async () => {
    await context?.close();
    await suite?.close();
  });

  it('agrees with the raw rows before any night, after nights, and with a late event', async () => {
    await agrees('2026-03-10T00:00:00Z', '2026-03-12T00:00:00Z');
    await rollup.run('2026-03-10');
    await rollup.run('2026-03-11');
    const stored = await suite.sql.query('SELECT count(*)::int AS n FROM usage_rollups_priced_daily');
    expect(stored.rows[0].n).toBe(7); // per day: ml at v1, ml unpriced, web at v2; gpu unpriced on the 10th
    await agrees('2026-03-10T00:00:00Z', '2026-03-12T00:00:00Z');
    await insert(suite.sql, '2026-03-10T05:00:00Z', 'ml', 'v1', '2.0'); // late: after its day's night
    await agrees('2026-03-10T00:00:00Z', '2026-03-12T00:00:00Z');
    await rollup.run('2026-03-12');
    await agrees('2026-03-10T00:00:00Z', '2026-03-13T00:00:00Z');
  });

  it('counts a row whose transaction was open during a night once, before and after the next night', async () => {
    const inFlight = new Client({ connectionString: suite.env.DATABASE_URL });
    await inFlight.connect();
    try {
      await inFlight.query('BEGIN');
      await insert(inFlight, '2026-03-11T06:00:00Z', 'web', 'v2', '3.0');
      await rollup.run('2026-03-13');
      await inFlight.query('COMMIT');
    } finally {
      await inFlight.end();
    }
    await agrees('2026-03-10T00:00:00Z', '2026-03-14T00:00:00Z');
    await rollup.run('2026-03-14');
    await agrees('2026-03-10T00:00:00Z', '2026-03-15T00:00:00Z');
  });

  it('agrees over a partial-day range and for one team', async () => {
    await agrees('2026-03-10T02:30:00Z', '2026-03-11T03:30:00Z');
    await agrees('2026-03-10T00:00:00Z', '2026-03-12T00:00:00Z', 'web');
  });

  it('answers UTC day, week and month usage from the daily rollup as from raw rows', async () => {
    // Etc/GMT+0 is UTC under another name, which the rollup path does not take: the raw answer.
    const page = () => ({ offset: 0, limit: 1000 });
    const both = async (query: Omit<UsageQuery, 'timeZone' | 'offset' | 'limit'>) => {
      expect(usesDailyRollup({ ...query, timeZone: 'UTC' })).toBe(true);
      expect(usesDailyRollup({ ...query, timeZone: 'Etc/GMT+0' })).toBe(false);
      const viaRollup = await usage.usage({ ...query, ...page(), timeZone: 'UTC' });
      expect(viaRollup.length).toBeGreaterThan(0);
      expect(viaRollup).toEqual(await usage.usage({ ...query, ...page(), timeZone: 'Etc/GMT+0' }));
    };
    const range = { from: new Date('2026-03-09T00:00:00Z'), to: new Date('2026-03-16T00:00:00Z') };
    await both({ ...range, window: 'day', groupBy: ['model', 'team'], filters: {} });
    // A team none of whose records has a price has no cost (null), not $0; a team with some has theirs.
    const week = await usage.usage({
      ...range,
      window: 'week',
      groupBy: ['team'],
      filters: {},
      ...page(),
      timeZone: 'UTC',
    });
    expect(week.map((r) => [r.groups.team, r.costUsd === null ? null : Number(r.costUsd)])).toEqual([
      ['gpu', null],
      ['ml', 3.5],
      ['web', 5],
    ]);
    await both({ ...range, window: 'week', groupBy: ['team'], filters: { team: 'web' } });
    await both({ ...range, window: 'month', groupBy: [], filters: { provider: 'openai' } });
    await both({ from: new Date('2026-03-10T03:00:00Z'), to: range.to, window: 'day', groupBy: [], filters: {} });
    // A late event after the nights: in the answer at once, once.
    await insert(suite.sql, '2026-03-11T07:00:00Z', 'web', 'v2', '4.0');
    await both({ ...range, window: 'day', groupBy: ['team'], filters: {} });
    expect(usesDailyRollup({ window: 'hour', timeZone: 'UTC', groupBy: [], filters: {} })).toBe(false);
    expect(usesDailyRollup({ window: 'day', timeZone: 'UTC', groupBy: ['priceVersion'], filters: {} })).toBe(false);
  });

  it('reads whole rolled-up days from the rollup tables', async () => {
    await suite.sql.query(
      `UPDATE usage_rollups_priced_daily SET input_tokens = input_tokens + 1000
       WHERE day = '2026-03-11' AND team = 'web'`,
    );
    const web = await answered('2026-03-11T00:00:00Z', '2026-03-12T00:00:00Z', 'web');
    const raw = await fromRaw('2026-03-11T00:00:00Z', '2026-03-12T00:00:00Z', 'web');
    expect(web.map((r) => r.inputTokens)).toEqual(raw.map((r) => r.inputTokens + 1000n));
    await suite.sql.query(
      `UPDATE usage_rollups_daily SET input_tokens = input_tokens + 1000 WHERE day = '2026-03-11' AND team = 'web'`,
    );
    const day = { from: new Date('2026-03-11T00:00:00Z'), to: new Date('2026-03-12T00:00:00Z') };
    const query = { ...day, window: 'day' as const, groupBy: [], filters: { team: 'web' }, offset: 0, limit: 10 };
    const [viaRollup] = await usage.usage({ ...query, timeZone: 'UTC' });
    const [viaRaw] = await usage.usage({ ...query, timeZone: 'Etc/GMT+0' });
    expect(viaRollup!.inputTokens).toBe(viaRaw!.inputTokens + 1000n);
  });
});
