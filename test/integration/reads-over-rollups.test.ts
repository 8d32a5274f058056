// The FOCUS export's daily per-price totals read rolled-up days from usage_rollups_priced_daily plus
// the raw rows ingested since the day's watermark, and the rest of the range raw. Checked against the
// totals computed from raw rows alone, before and after nights, with a late event, with a row whose
// transaction was open during a night, over a partial-day range and for one team; and a change to
// the rollup table shows up in the answer (the rollup is really read). /v1/usage reads UTC days, weeks and
// months from usage_rollups_daily the same way, and hours, and days in zones whose offsets are whole hours, from
// usage_rollups_hourly; each checked against the answer from raw rows alone.
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { RollupStep } from '@tokenmeter/planner';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigModule, parseConfig } from '../../libs/config/src';
import { DbModule, UsageQuery, UsageQueryRepository, UsageQueryRow } from '../../libs/db/src';
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

/** A usage query's rows from raw rows alone (the query /v1/usage ran before the rollups). */
async function usageFromRaw(sql: Client, query: UsageQuery): Promise<UsageQueryRow[]> {
  const params: unknown[] = [query.window, query.timeZone, query.from, query.to];
  const filters = Object.entries(query.filters).map(([column, value]) => {
    params.push(value);
    return ` AND ${COLUMN[column]} = $${params.length}`;
  });
  const groups = query.groupBy.map((column) => `, ${COLUMN[column]}`).join('');
  const { rows } = await sql.query(
    `SELECT to_char(bucket AT TIME ZONE $2, 'YYYY-MM-DD"T"HH24:MI:SS') AS local,
            extract(epoch FROM (bucket AT TIME ZONE $2) - (bucket AT TIME ZONE 'UTC'))::int AS offset_seconds
            ${groups}, i::text, c::text, w::text, o::text, r::text, n::text, cost::text
     FROM (SELECT date_trunc($1, time, $2) AS bucket ${groups}, sum(input_tokens) AS i, sum(cached_input_tokens) AS c,
             sum(cache_write_tokens) AS w, sum(output_tokens) AS o, sum(reasoning_tokens) AS r, sum(requests) AS n,
             sum(cost_usd) AS cost
           FROM usage_records WHERE time >= $3 AND time < $4 ${filters.join('')}
           GROUP BY bucket ${groups}) b
     ORDER BY bucket ${query.groupBy.map((column) => `, ${COLUMN[column]} NULLS FIRST`).join('')}`,
    params,
  );
  return rows.map((row) => ({
    windowLocal: row.local,
    windowOffsetSeconds: row.offset_seconds,
    groups: Object.fromEntries(query.groupBy.map((column) => [column, row[COLUMN[column]!] ?? null])),
    inputTokens: BigInt(row.i),
    cachedInputTokens: BigInt(row.c),
    cacheWriteTokens: BigInt(row.w),
    outputTokens: BigInt(row.o),
    reasoningTokens: BigInt(row.r),
    requests: BigInt(row.n),
    costUsd: row.cost,
  }));
}
const COLUMN: Record<string, string> = {
  serviceTier: 'service_tier',
  priceRules: 'price_rules',
  team: 'team',
  provider: 'provider',
  model: 'model',
  priceVersion: 'price_version',
};

describe('reads over the rollups: FOCUS per-price totals and UTC usage', () => {
  let suite: UsageSuite;
  let context: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>;
  let rollup: RollupStep;
  let usage: UsageQueryRepository;
  let n = 0;

  const insert = (
    sql: Client,
    time: string,
    team: string,
    version: string | null,
    cost: string | null,
    tier: string | null = null,
  ) =>
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

  /** The repository's answer to a query equals the raw rows' (and has rows). */
  const agreesWithRaw = async (query: Omit<UsageQuery, 'offset' | 'limit'>) => {
    const answer = await usage.usage({ ...query, offset: 0, limit: 1000 });
    expect(answer.length).toBeGreaterThan(0);
    expect(answer).toEqual(await usageFromRaw(suite.sql, { ...query, offset: 0, limit: 1000 }));
    return answer;
  };

  it('answers UTC day, week and month usage from the daily rollup as from raw rows', async () => {
    const both = (query: Omit<UsageQuery, 'timeZone' | 'offset' | 'limit'>) =>
      agreesWithRaw({ ...query, timeZone: 'UTC' });
    const range = { from: new Date('2026-03-09T00:00:00Z'), to: new Date('2026-03-16T00:00:00Z') };
    await both({ ...range, window: 'day', groupBy: ['model', 'team'], filters: {} });
    // A team none of whose records has a price has no cost (null), not $0; a team with some has theirs.
    const week = await agreesWithRaw({ ...range, window: 'week', groupBy: ['team'], filters: {}, timeZone: 'UTC' });
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
    // Grouped by what the rollups do not keep: raw rows.
    await agreesWithRaw({ ...range, timeZone: 'UTC', window: 'day', groupBy: ['priceVersion'], filters: {} });
  });

  it('answers hours, and days in zones whose offsets are whole hours, as raw rows do, across DST changes', async () => {
    // New York moves its clocks on 8 March 2026, Paris on 29 March; Kolkata is 5:30 ahead of UTC all year.
    for (const day of ['2026-03-07', '2026-03-08', '2026-03-09', '2026-03-28', '2026-03-29', '2026-03-30']) {
      for (const hour of ['00:30', '01:15', '04:45', '06:59', '07:00', '12:00', '22:30', '23:45']) {
        const tier = hour === '12:00' ? 'priority' : null;
        await insert(suite.sql, `${day}T${hour}:00Z`, hour < '05' ? 'ml' : 'web', 'v1', '0.125', tier);
      }
      await insert(suite.sql, `${day}T03:30:00Z`, 'gpu', null, null);
      await rollup.run(day);
    }
    await insert(suite.sql, '2026-03-29T00:45:00Z', 'ml', 'v1', '8.0'); // late: after its day's night
    const march = { from: new Date('2026-03-06T00:00:00Z'), to: new Date('2026-03-31T00:00:00Z') };
    for (const timeZone of ['Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Etc/GMT+0']) {
      await agreesWithRaw({ ...march, timeZone, window: 'day', groupBy: ['team'], filters: {} });
      await agreesWithRaw({ ...march, timeZone, window: 'week', groupBy: [], filters: { team: 'ml' } });
      await agreesWithRaw({ ...march, timeZone, window: 'month', groupBy: ['model', 'team'], filters: {} });
    }
    // Grouped or filtered by service tier or price entry: the priced daily rollup where a day lies in one bucket.
    for (const timeZone of ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata']) {
      await agreesWithRaw({ ...march, timeZone, window: 'month', groupBy: ['serviceTier', 'team'], filters: {} });
      await agreesWithRaw({ ...march, timeZone, window: 'day', groupBy: ['priceVersion'], filters: { team: 'ml' } });
      await agreesWithRaw({
        ...march,
        timeZone,
        window: 'week',
        groupBy: ['model'],
        filters: { serviceTier: 'priority' },
      });
    }
    await agreesWithRaw({ ...march, timeZone: 'UTC', window: 'hour', groupBy: ['serviceTier'], filters: {} });
    const hours = await agreesWithRaw({ ...march, timeZone: 'UTC', window: 'hour', groupBy: ['team'], filters: {} });
    // An hour with only unpriced records has no cost, not $0.
    expect(hours.find((r) => r.windowLocal === '2026-03-29T03:00:00' && r.groups.team === 'gpu')?.costUsd).toBeNull();
    await agreesWithRaw({ ...march, timeZone: 'Europe/Paris', window: 'hour', groupBy: [], filters: {} });
    await agreesWithRaw({ ...march, timeZone: 'Asia/Kolkata', window: 'hour', groupBy: [], filters: { team: 'web' } });
    // A range starting inside an hour.
    const fromHalfPast = new Date('2026-03-28T22:40:00Z');
    await agreesWithRaw({
      ...march,
      from: fromHalfPast,
      timeZone: 'Europe/Paris',
      window: 'day',
      groupBy: [],
      filters: {},
    });

    // Paris's days cut each UTC day once, at 22:00 or 23:00 UTC: the hours after the cut are read from the hourly
    // rollup, the rest of the day as its daily row less those hours. Kolkata's days cut UTC hours in half, so
    // they read raw rows.
    const bump = (table: 'usage_rollups_hourly' | 'usage_rollups_daily', at: string, requests: number, team = 'web') =>
      suite.sql.query(
        `UPDATE ${table} SET requests = requests + $1 WHERE ${table === 'usage_rollups_daily' ? 'day' : 'hour'} = $2
         AND team = $3`,
        [requests, at, team],
      );
    const twoDays = {
      from: new Date('2026-03-28T23:00:00Z'),
      to: new Date('2026-03-30T22:00:00Z'),
      timeZone: 'Europe/Paris',
      window: 'day' as const,
      groupBy: [],
      filters: {},
      offset: 0,
      limit: 9,
    };
    const raw = (await usageFromRaw(suite.sql, twoDays)).map((r) => r.requests);
    const paris = async () => (await usage.usage(twoDays)).map((r) => r.requests);
    expect(raw).toHaveLength(2);
    await bump('usage_rollups_hourly', '2026-03-29T12:00:00Z', 1000); // before the cut: not read by the hour
    expect(await paris()).toEqual(raw);
    await bump('usage_rollups_hourly', '2026-03-29T22:00:00Z', 1000); // after it: the 30th's, and not the 29th's
    expect(await paris()).toEqual([raw[0]! - 1000n, raw[1]! + 1000n]);
    await bump('usage_rollups_daily', '2026-03-29', 1000);
    expect(await paris()).toEqual([raw[0]!, raw[1]! + 1000n]);
    await agreesWithRaw({ ...march, timeZone: 'Asia/Kolkata', window: 'day', groupBy: ['team'], filters: {} });
    await bump('usage_rollups_hourly', '2026-03-29T12:00:00Z', -1000);
    await bump('usage_rollups_hourly', '2026-03-29T22:00:00Z', -1000);
    await bump('usage_rollups_daily', '2026-03-29', -1000);
    // New York's days cut the 9th at 04:00 UTC: its hours before the cut are read by the hour (the 8th's), the
    // rest as the day less them.
    const newYork = { ...twoDays, from: new Date('2026-03-08T05:00:00Z'), to: new Date('2026-03-10T04:00:00Z') };
    newYork.timeZone = 'America/New_York';
    const rawNewYork = (await usageFromRaw(suite.sql, newYork)).map((r) => r.requests);
    await bump('usage_rollups_hourly', '2026-03-09T01:00:00Z', 1000, 'ml');
    expect((await usage.usage(newYork)).map((r) => r.requests)).toEqual([
      rawNewYork[0]! + 1000n,
      rawNewYork[1]! - 1000n,
    ]);
    await bump('usage_rollups_hourly', '2026-03-09T01:00:00Z', -1000, 'ml');
    // A UTC day inside one of New York's or Kolkata's months is read from the daily rollup.
    await suite.sql.query(
      `UPDATE usage_rollups_daily SET requests = requests + 1000 WHERE day = '2026-03-29' AND team = 'web'`,
    );
    for (const timeZone of ['America/New_York', 'Asia/Kolkata']) {
      const month = { ...march, timeZone, window: 'month' as const, groupBy: [], filters: {}, offset: 0, limit: 9 };
      expect((await usage.usage(month)).map((r) => r.requests)).toEqual(
        (await usageFromRaw(suite.sql, month)).map((r) => r.requests + 1000n),
      );
    }
    await suite.sql.query(
      `UPDATE usage_rollups_daily SET requests = requests - 1000 WHERE day = '2026-03-29' AND team = 'web'`,
    );
    // And by service tier, from the priced daily rollup.
    const priced = (requests: number) =>
      suite.sql.query(
        `UPDATE usage_rollups_priced_daily SET requests = requests + $1
         WHERE day = '2026-03-29' AND team = 'web' AND service_tier = 'priority'`,
        [requests],
      );
    await priced(1000);
    const tiers = {
      ...march,
      timeZone: 'America/New_York',
      window: 'month' as const,
      groupBy: ['serviceTier' as const],
      filters: {},
      offset: 0,
      limit: 9,
    };
    expect((await usage.usage(tiers)).map((r) => [r.groups.serviceTier, r.requests])).toEqual(
      (await usageFromRaw(suite.sql, tiers)).map((r) => [
        r.groups.serviceTier,
        r.requests + (r.groups.serviceTier === 'priority' ? 1000n : 0n),
      ]),
    );
    await priced(-1000);
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
    const [viaRaw] = await usageFromRaw(suite.sql, { ...query, timeZone: 'UTC' });
    expect(viaRollup!.inputTokens).toBe(viaRaw!.inputTokens + 1000n);
  });
});
