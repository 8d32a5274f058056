// Read queries for the read API: usage and cost over a range from the rollups and raw usage_records
// (dayReads says which for each day), grouped by a whitelisted set of columns and bucketed by window in a
// caller's time zone (time zones are applied here, at query time), and the daily per-price totals the
// FOCUS export is built from (rolled-up days from usage_rollups_priced_daily plus their late rows, the
// rest raw).
import { Injectable } from '@nestjs/common';
import type { DailyPricedUsage, SelfHostedDeploymentDay } from '@tokenmeter/finops';
import { DatabasePool } from '../client/database-pool';
import { dayRuns, presentParts, rollupAndRawParts, utcDay } from './rollup-and-raw';
import { USAGE_TOTALS } from './usage-rollup-day-sync';

/** serviceTier (null: standard), priceVersion and priceRules (null: none) say how each cost was priced. */
export const USAGE_GROUP_BY = [
  'team',
  'project',
  'provider',
  'model',
  'deployment',
  'serviceTier',
  'priceVersion',
  'priceRules',
  'apiKeyId',
] as const;
export type UsageGroupBy = (typeof USAGE_GROUP_BY)[number];

export const USAGE_WINDOWS = ['hour', 'day', 'week', 'month'] as const;
export type UsageWindow = (typeof USAGE_WINDOWS)[number];

export interface UsageQuery {
  /** Inclusive start and exclusive end (UTC instants). */
  from: Date;
  to: Date;
  groupBy: readonly UsageGroupBy[];
  window: UsageWindow;
  /** IANA name known to Postgres (see timeZoneNames()). */
  timeZone: string;
  /** Exact-match filters. */
  filters: Partial<Record<UsageGroupBy, string>>;
  offset: number;
  /** Rows at most; null: every row. */
  limit: number | null;
}

/**
 * A usage row as Postgres's text: the bucket's local start (`YYYY-MM-DDTHH:MM:SS`), its UTC offset in seconds,
 * each grouped-by column's value in the query's order (null where absent), then the input, cached input,
 * cache write, output and reasoning token sums and requests (decimal integers) and the cost (a decimal, or null
 * when no record in the bucket has a price).
 */
export type UsageTextRow = [string, number, ...(string | null)[]];

/** Token sums as bigint (sums of BIGINT are NUMERIC); cost as the exact decimal string. */
export interface UsageQueryRow {
  /** The bucket's first instant as local wall time in the query's zone, `YYYY-MM-DDTHH:MM:SS`. */
  windowLocal: string;
  /** That instant's UTC offset in the query's zone, in seconds. */
  windowOffsetSeconds: number;
  groups: Partial<Record<UsageGroupBy, string | null>>;
  inputTokens: bigint;
  cachedInputTokens: bigint;
  cacheWriteTokens: bigint;
  outputTokens: bigint;
  reasoningTokens: bigint;
  requests: bigint;
  /** The priced records' cost; null when no record in the bucket has a price (self-hosted, or no known price). */
  costUsd: string | null;
}

/** A usage row from Postgres's text (usageText), grouped by `groupBy`. */
export function usageQueryRow(row: UsageTextRow, groupBy: readonly UsageGroupBy[]): UsageQueryRow {
  const groups = groupBy.length;
  return {
    windowLocal: row[0],
    windowOffsetSeconds: row[1],
    groups: Object.fromEntries(groupBy.map((column, n) => [column, row[2 + n] as string | null])),
    inputTokens: BigInt(row[2 + groups] as string),
    cachedInputTokens: BigInt(row[3 + groups] as string),
    cacheWriteTokens: BigInt(row[4 + groups] as string),
    outputTokens: BigInt(row[5 + groups] as string),
    reasoningTokens: BigInt(row[6 + groups] as string),
    requests: BigInt(row[7 + groups] as string),
    costUsd: row[8 + groups] as string | null,
  };
}

/** One UTC day × team × provider × model × price entry, with that price entry's per-1M prices when known:
 * the input of libs/finops' FOCUS export, defined there once. */
export type DailyPricedUsageRow = DailyPricedUsage;

// Whitelist: the only identifiers ever spliced into SQL; values always travel as parameters.
const GROUP_COLUMN: Record<UsageGroupBy, string> = {
  team: 'team',
  project: 'project',
  provider: 'provider',
  model: 'model',
  deployment: 'deployment',
  serviceTier: 'service_tier',
  priceVersion: 'price_version',
  priceRules: 'price_rules',
  apiKeyId: 'api_key_id',
};

/** One team's stored usage from one source: events, all tokens, cost at ingestion. */
export interface SourceTeamSpend {
  team: string;
  events: number;
  tokens: bigint;
  costUsd: string;
}

@Injectable()
export class UsageQueryRepository {
  private zones: Promise<ReadonlySet<string>> | null = null;

  constructor(private readonly db: DatabasePool) {}

  /** The time zone names Postgres accepts, loaded once per process. */
  timeZoneNames(): Promise<ReadonlySet<string>> {
    this.zones ??= this.db
      .query<{ name: string }>('SELECT name FROM pg_timezone_names')
      .then((result) => new Set(result.rows.map((row) => row.name)))
      .catch((error: unknown) => {
        this.zones = null;
        throw error;
      });
    return this.zones;
  }

  /**
   * Instants inside (from, to) at which a bucket of the query's window starts in its zone, in order: the
   * window truncated at each step of `every` (an interval, such as '1 day'; one no longer than any bucket
   * finds every start but where a DST change makes a day shorter than its step). Cut at them, the range
   * splits no bucket, so usage() of each piece, in order, gives usage() of the whole range, in order.
   */
  async bucketStarts(query: Pick<UsageQuery, 'from' | 'to' | 'window' | 'timeZone'>, every: string): Promise<Date[]> {
    const { rows } = await this.db.query<{ start: Date }>(
      `SELECT start FROM (
         SELECT DISTINCT date_trunc($1, at, $2) AS start
         FROM generate_series($3::timestamptz + $5::interval, $4::timestamptz, $5::interval) AS at) starts
       WHERE start > $3 AND start < $4
       ORDER BY start`,
      [query.window, query.timeZone, query.from, query.to, every],
    );
    return rows.map((row) => row.start);
  }

  async usage(query: UsageQuery): Promise<UsageQueryRow[]> {
    return (await this.usageText(query)).map((row) => usageQueryRow(row, query.groupBy));
  }

  /**
   * usage()'s rows as Postgres printed them, an array each (UsageTextRow): for exports that write that text as
   * it is, sparing an object, six BigInts and their garbage a row.
   */
  async usageText(query: UsageQuery): Promise<UsageTextRow[]> {
    for (const column of query.groupBy)
      if (!(column in GROUP_COLUMN)) throw new Error(`groupBy: unknown column ${column}`);
    const params: unknown[] = [query.window, query.timeZone, query.from, query.to];
    const param = (value: unknown) => `$${params.push(value)}`;
    const filters: string[] = [];
    for (const [column, value] of Object.entries(query.filters) as [UsageGroupBy, string | undefined][]) {
      if (value === undefined) continue;
      if (!(column in GROUP_COLUMN)) throw new Error(`filters: unknown column ${column}`);
      filters.push(`${GROUP_COLUMN[column]} = ${param(value)}`);
    }
    const groups = query.groupBy.map((column) => GROUP_COLUMN[column]);
    const source = readsKeysOnly(query, ROLLUP_COLUMNS)
      ? await this.rollupSource(query, await this.dayReads(query), filters, param)
      : query.window !== 'hour' && readsKeysOnly(query, PRICED_ROLLUP_COLUMNS)
        ? await this.pricedRollupSource(query, await this.dayReads(query), filters, param)
        : `SELECT *, 1 AS records, (cost_usd IS NOT NULL)::int AS priced
           FROM usage_records WHERE time >= $3 AND time < $4${filters.map((f) => ` AND ${f}`).join('')}`;
    params.push(query.limit, query.offset);
    // date_trunc with a zone (PG 12+) truncates in local time but returns the instant, so the two
    // 01:00 hours of a DST fall-back stay two buckets. The planner cannot tell how few buckets the rows
    // make and expects thousands, which with the default work_mem had it sort a year's rollup rows on disk
    // (2.3 s for every team's months in New York) instead of hashing them (0.6 s); the buckets need a few MB.
    // The same estimates had Postgres compile the statement (JIT) for longer than it then ran: a year of Paris
    // days for every team, 7.5-7.9 s compiled, 2.0-2.1 s not.
    // A source row carries its records and how many had a price: a bucket with none has no cost (null), not $0,
    // and one with no record (a cut day's side subtracted to nothing, cutDaysSource) is no row.
    const { rows } = await this.db.transaction(async (client) => {
      await client.query(`SET LOCAL work_mem = '64MB'`);
      await client.query('SET LOCAL jit = off');
      return client.query<UsageTextRow>({
        rowMode: 'array',
        text: `WITH source AS (${source}),
       buckets AS (
         SELECT date_trunc($1, time, $2) AS bucket${groups.map((g) => `, ${g}`).join('')},
                sum(input_tokens) AS i, sum(cached_input_tokens) AS c, sum(cache_write_tokens) AS w,
                sum(output_tokens) AS o, sum(reasoning_tokens) AS r, sum(requests) AS n,
                CASE WHEN sum(priced) > 0 THEN sum(cost_usd) END AS cost
         FROM source
         GROUP BY 1${groups.map((_, i) => `, ${i + 2}`).join('')}
         HAVING sum(records) > 0)
       SELECT to_char(bucket AT TIME ZONE $2, 'YYYY-MM-DD"T"HH24:MI:SS') AS window_local,
              extract(epoch FROM (bucket AT TIME ZONE $2) - (bucket AT TIME ZONE 'UTC'))::int AS offset_seconds
              ${groups.map((g) => `, ${g}`).join('')},
              i::text, c::text, w::text, o::text, r::text, n::text, cost::text
       FROM buckets
       ORDER BY bucket${groups.map((g) => `, ${g} NULLS FIRST`).join('')}
       LIMIT $${params.length - 1} OFFSET $${params.length}`,
        values: params,
      });
    });
    return rows;
  }

  /**
   * How each whole UTC day of a query's range is read: from the daily rollup when it lies in one of the
   * query's buckets; cut once at a whole hour (local days, weeks and months that start at another hour than
   * UTC midnight), from both rollups as cutDaysSource reads it; cut at every hour (hours in another zone),
   * from the hourly rollup; else from raw rows (a zone whose offset has half hours, such as Asia/Kolkata).
   * Asked of Postgres, whose time zone rules the buckets follow.
   */
  private async dayReads(query: UsageQuery): Promise<DayReads> {
    // In UTC every hour is a bucket of its own, or every day lies in one bucket.
    if (UTC_ZONES.has(query.timeZone)) return query.window === 'hour' ? () => 'hour' : () => 'day';
    // Only the days the buckets cut are listed: each with whether every hour of it lies in one bucket, and
    // the hours (1-23) at which a bucket starts.
    const { rows } = await this.db.query<{ day: string; whole_hours: boolean; cuts: number[] }>(
      `SELECT to_char(d, 'YYYY-MM-DD') AS day,
              (SELECT bool_and(date_trunc($1, h, $2) = date_trunc($1, h + interval '1 hour' - ${JUST}, $2))
               FROM generate_series(d AT TIME ZONE 'UTC', (d + interval '23 hours') AT TIME ZONE 'UTC',
                                    interval '1 hour') AS h) AS whole_hours,
              ARRAY(SELECT n FROM generate_series(1, 23) AS n
                    WHERE date_trunc($1, (d + n * interval '1 hour') AT TIME ZONE 'UTC', $2)
                       <> date_trunc($1, (d + n * interval '1 hour') AT TIME ZONE 'UTC' - ${JUST}, $2)) AS cuts
       FROM generate_series(($3::timestamptz AT TIME ZONE 'UTC')::date::timestamp,
                            ($4::timestamptz AT TIME ZONE 'UTC')::date::timestamp, interval '1 day') AS d
       WHERE date_trunc($1, d AT TIME ZONE 'UTC', $2)
          <> date_trunc($1, (d + interval '1 day') AT TIME ZONE 'UTC' - ${JUST}, $2)`,
      [query.window, query.timeZone, query.from, query.to],
    );
    const cut = new Map<string, DayRead>(
      rows.map((row) => [
        row.day,
        !row.whole_hours ? 'raw' : row.cuts.length === 1 ? { cutAtHour: row.cuts[0]! } : 'hour',
      ]),
    );
    return (day) => cut.get(day) ?? 'day';
  }

  /**
   * The rows of [from, to) with each whole rolled-up UTC day as its rollup's rows, as `reads` says (one per
   * team, project, provider, model and deployment, at the start of the day or hour), the rest raw. (The
   * rollups leave out a deployment-hour's vLLM log estimates where the scraper's exact counters exist; raw
   * rows are counted as stored.)
   */
  private rollupSource(query: UsageQuery, reads: DayReads, filters: string[], param: Param): Promise<string> {
    const totals = `team, nullif(project, '') AS project, provider, model,
                nullif(deployment, '') AS deployment, NULL::varchar AS service_tier, NULL::varchar AS price_version,
                NULL::varchar AS price_rules, NULL::uuid AS api_key_id, input_tokens, cached_input_tokens,
                cache_write_tokens, output_tokens, reasoning_tokens, requests, cost_usd, records,
                records - unpriced_records AS priced`;
    const rollup = (days: readonly string[], where: string) => {
      // Each part gets its own list of days, so Postgres knows how many rows it will read and plans for them.
      const daily = days.filter((day) => reads(day) === 'day');
      const hourly = days.filter((day) => reads(day) === 'hour');
      const cut = days.flatMap((day) => {
        const read = reads(day);
        return typeof read === 'object' ? [{ day, cutAtHour: read.cutAtHour }] : [];
      });
      const selects: string[] = [];
      if (cut.length > 0) selects.push(`SELECT time, ${totals} FROM (${cutDaysSource(cut, where, param)}) cut_days`);
      if (daily.length > 0) {
        selects.push(
          `SELECT day::timestamp AT TIME ZONE 'UTC' AS time, ${totals}
           FROM usage_rollups_daily WHERE day = ANY(${param(daily)}::date[])${where}`,
        );
      }
      if (hourly.length > 0) {
        // A range of hours per run of consecutive days, found through the index on the hour (or on the team
        // and hour).
        const ranges = dayRuns(hourly).map(([start, end]) => `(hour >= ${param(start)} AND hour < ${param(end)})`);
        selects.push(
          `SELECT hour AS time, ${totals}
           FROM usage_rollups_hourly WHERE (${ranges.join(' OR ')})${where}`,
        );
      }
      return selects.join('\n UNION ALL\n');
    };
    return this.rollupAndRaw(query, filters, param, rollup, (day) => reads(day) === 'raw');
  }

  /**
   * The rows of [from, to) for a query grouped or filtered by service tier, price entry or price rules: each
   * whole rolled-up UTC day that lies in one of its buckets as its usage_rollups_priced_daily rows (one per
   * team, provider, model, tier, price entry and rules), the rest raw, as the rollup has no hours. ('' stands
   * for none in the rollup: read back as null, and filtered after, as raw rows are.)
   */
  private pricedRollupSource(query: UsageQuery, reads: DayReads, filters: string[], param: Param): Promise<string> {
    const rollup = (days: readonly string[], where: string) =>
      `SELECT * FROM (
         SELECT day::timestamp AT TIME ZONE 'UTC' AS time, team, NULL::varchar AS project, provider, model,
                NULL::varchar AS deployment, nullif(service_tier, '') AS service_tier,
                nullif(price_version, '') AS price_version, nullif(price_rules, '') AS price_rules,
                NULL::uuid AS api_key_id, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens,
                reasoning_tokens, requests, cost_usd, records, (cost_usd IS NOT NULL)::int AS priced
         FROM usage_rollups_priced_daily WHERE day = ANY(${param(days)}::date[])) priced
       WHERE true${where}`;
    return this.rollupAndRaw(query, filters, param, rollup, (day) => reads(day) !== 'day');
  }

  /** A usage query's rows: `rollup`'s for its closed days but those `readRaw` names, raw rows for the rest. */
  private async rollupAndRaw(
    { from, to }: UsageQuery,
    filters: string[],
    param: Param,
    rollup: (days: readonly string[], where: string) => string,
    readRaw: (day: string) => boolean,
  ): Promise<string> {
    const where = filters.map((f) => ` AND ${f}`).join('');
    const parts = await rollupAndRawParts(this.db, { from, to, fromParam: '$3', toParam: '$4' }, param, {
      rollup: (_, days) => rollup(days, where),
      raw: RAW_USAGE_COLUMNS,
      where,
      readRaw,
    });
    return presentParts(parts).join('\n UNION ALL\n');
  }

  /**
   * Daily totals per team, provider, model, price entry and price rules (one rate set a row) over
   * [from, to) (UTC instants), optionally for one team.
   */
  async dailyPricedUsage(from: Date, to: Date, team?: string): Promise<DailyPricedUsageRow[]> {
    // Whole UTC days with a rollup come from usage_rollups_priced_daily.
    const params: unknown[] = [from, to, team ?? null];
    const param = (value: unknown) => `$${params.push(value)}`;
    const parts = await rollupAndRawParts(this.db, { from, to, fromParam: '$1', toParam: '$2' }, param, {
      rollup: (days) =>
        `SELECT r.day, r.team, r.provider, r.model, nullif(r.service_tier, '') AS service_tier,
                nullif(r.price_version, '') AS price_version, nullif(r.price_rules, '') AS price_rules,
                r.input_tokens AS i, r.cached_input_tokens AS c, r.cache_write_tokens AS w, r.output_tokens AS o,
                r.cost_usd AS cost
         FROM usage_rollups_priced_daily r
         WHERE r.day = ANY(${days}::date[]) AND ($3::text IS NULL OR r.team = $3)`,
      raw: `(u.time AT TIME ZONE 'UTC')::date AS day, ${RAW_PRICED_COLUMNS}`,
      where: ' AND ($3::text IS NULL OR u.team = $3)',
    });
    const { rollup } = parts;
    const raw = presentParts({ ...parts, rollup: null });
    // Team names and list prices are read apart and attached by reference: the same strings for every
    // row of a team or price entry, not thousands of copies parsed from the result.
    const totals = (parts: string, where = '') =>
      `SELECT to_char(u.day, 'YYYY-MM-DD'), u.team, u.provider, u.model, u.service_tier, u.price_version,
              u.price_rules, sum(u.i)::text, sum(u.c)::text, sum(u.w)::text, sum(u.o)::text, sum(u.cost)::text
       FROM (${parts}) u ${where}
       GROUP BY u.day, u.team, u.provider, u.model, u.service_tier, u.price_version, u.price_rules`;
    const order = 'ORDER BY 1, 2, 3, 4, 5 NULLS FIRST, 6 NULLS LAST, 7 NULLS FIRST';
    // Rolled-up rows are one per key already: summed with their raw rows only when there are any (late
    // events are rare), else sent as they are, which spares grouping a week of rows on every read.
    const sql =
      rollup === null
        ? `${totals(raw.join('\n UNION ALL\n'))} ${order}`
        : `WITH rolled AS (${rollup}), raw AS (${raw.join('\n UNION ALL\n')})
           SELECT to_char(r.day, 'YYYY-MM-DD'), r.team, r.provider, r.model, r.service_tier, r.price_version,
                  r.price_rules, r.i::text, r.c::text, r.w::text, r.o::text, r.cost::text
           FROM rolled r WHERE NOT EXISTS (SELECT FROM raw)
           UNION ALL
           ${totals('SELECT * FROM rolled UNION ALL SELECT * FROM raw', 'WHERE EXISTS (SELECT FROM raw)')}
           ${order}`;
    const [rows, prices, teamNames] = await Promise.all([
      this.db.queryArrays<PricedUsageColumns>(sql, params),
      this.listPrices(),
      this.teamNames(),
    ]);
    const out: DailyPricedUsageRow[] = new Array(rows.length);
    for (let n = 0; n < rows.length; n++) {
      const [day, team, provider, model, serviceTier, priceVersion, priceRules, i, c, w, o, cost] = rows[n]!;
      const price = priceVersion === null ? undefined : prices.get(priceVersion);
      out[n] = {
        day,
        team,
        teamName: teamNames.get(team) ?? null,
        provider,
        model,
        priceVersion,
        serviceTier,
        priceRules,
        inputTokens: tokenSum(i),
        cachedInputTokens: tokenSum(c),
        cacheWriteTokens: tokenSum(w),
        outputTokens: tokenSum(o),
        costUsd: cost,
        inputPerMTok: price?.[0] ?? null,
        cachedInputPerMTok: price?.[1] ?? null,
        cacheWritePerMTok: price?.[2] ?? null,
        outputPerMTok: price?.[3] ?? null,
      };
    }
    return out;
  }

  /** Every price entry's per-1M prices (input, cached input, cache write, output) as exact decimal text. */
  private async listPrices(): Promise<Map<string, (string | null)[]>> {
    const rows = await this.db.queryArrays<[string, string | null, string | null, string | null, string | null]>(
      `SELECT id, input_per_mtok::text, cached_input_per_mtok::text, cache_write_per_mtok::text, output_per_mtok::text
       FROM price_entries`,
    );
    return new Map(rows.map(([id, ...prices]) => [id, prices]));
  }

  /** Every team's display name by slug. */
  private async teamNames(): Promise<Map<string, string>> {
    const rows = await this.db.queryArrays<[string, string]>('SELECT slug, name FROM teams');
    return new Map(rows);
  }

  /**
   * Self-hosted deployments' days in [from, to): the cost of ownership the nightly planner stored
   * (deployment_utilization_daily, the weekly report's source too) and the input + output tokens each
   * team was served (the self-hosted daily rollups by deployment).
   */
  async selfHostedDeploymentDays(from: Date, to: Date): Promise<SelfHostedDeploymentDay[]> {
    const [days, served] = await Promise.all([
      this.db.query<Record<string, string | null>>(
        `SELECT to_char(u.day, 'YYYY-MM-DD') AS day, u.deployment, u.team, coalesce(d.served_model, '') AS model,
                u.daily_cost_usd::text AS cost, u.idle_waste_usd::text AS idle, u.capacity_tokens::text AS capacity,
                u.paid_hours::text AS hours, u.served_tokens::text AS served_output
         FROM deployment_utilization_daily u LEFT JOIN deployments d ON d.name = u.deployment
         WHERE u.day >= ($1::timestamptz AT TIME ZONE 'UTC')::date
           AND u.day < ($2::timestamptz AT TIME ZONE 'UTC')::date
         ORDER BY u.day, u.deployment`,
        [from, to],
      ),
      // The daily rollups, not raw records: they keep one of a counter row and a log estimate of the
      // same deployment-hour, so no team's share is counted twice. Only the rows of the team that owned the
      // deployment that night, as its utilization counted them (another team may have named the name before).
      this.db.query<{ day: string; deployment: string; team: string; tokens: string }>(
        `SELECT to_char(r.day, 'YYYY-MM-DD') AS day, r.deployment, r.team,
                sum(r.input_tokens + r.cached_input_tokens + r.cache_write_tokens + r.output_tokens)::text AS tokens
         FROM usage_rollups_daily r
         JOIN deployment_utilization_daily owner
           ON owner.day = r.day AND owner.deployment = r.deployment AND owner.team = r.team
         WHERE r.day >= ($1::timestamptz AT TIME ZONE 'UTC')::date
           AND r.day < ($2::timestamptz AT TIME ZONE 'UTC')::date AND r.provider = 'self-hosted' AND r.deployment <> ''
         GROUP BY 1, r.deployment, r.team ORDER BY 1, r.deployment, r.team`,
        [from, to],
      ),
    ]);
    const byDay = new Map<string, { team: string; tokens: bigint }[]>();
    for (const row of served.rows) {
      const key = `${row.day} ${row.deployment}`;
      byDay.set(key, [...(byDay.get(key) ?? []), { team: row.team, tokens: BigInt(row.tokens) }]);
    }
    return days.rows.map((row) => ({
      day: row.day!,
      deployment: row.deployment!,
      ownerTeam: row.team!,
      model: row.model!,
      dailyCostUsd: row.cost!,
      idleWasteUsd: row.idle,
      capacityTokens: row.capacity === null ? null : BigInt(row.capacity),
      servedOutputTokens: row.served_output === null ? null : BigInt(row.served_output),
      paidHours: Number(row.hours),
      served: byDay.get(`${row.day} ${row.deployment}`) ?? [],
    }));
  }

  /** Per team, what one source stored (the demo's summary), most expensive first. */
  async sourceSpendByTeam(source: string): Promise<SourceTeamSpend[]> {
    const { rows } = await this.db.query<{ team: string; events: string; tokens: bigint; cost: string }>(
      `SELECT team, count(*) AS events,
              sum(input_tokens + cached_input_tokens + cache_write_tokens + output_tokens)::bigint AS tokens,
              coalesce(sum(cost_usd), 0)::numeric(20, 2)::text AS cost
       FROM usage_records WHERE source = $1 GROUP BY team ORDER BY sum(cost_usd) DESC NULLS LAST`,
      [source],
    );
    return rows.map((row) => ({ team: row.team, events: Number(row.events), tokens: row.tokens, costUsd: row.cost }));
  }
}

/** dailyPricedUsage's columns: day, team, provider, model, service tier, price version, price rules, then the sums. */
type PricedUsageColumns = [
  string,
  string,
  string,
  string,
  string | null,
  string | null,
  string | null,
  string,
  string,
  string,
  string,
  string | null,
];

/** A sum of tokens (NUMERIC text) as a bigint; through a number while that is exact (BigInt of text is slower). */
function tokenSum(text: string): bigint {
  return text.length < 16 ? BigInt(Number(text)) : BigInt(text);
}

/** A raw row's team, provider, model, price and totals, as the priced parts of dailyPricedUsage select them. */
const RAW_PRICED_COLUMNS = `u.team, u.provider, u.model, u.service_tier, u.price_version, u.price_rules,
  u.input_tokens AS i, u.cached_input_tokens AS c, u.cache_write_tokens AS w, u.output_tokens AS o, u.cost_usd AS cost`;

/** A raw row's columns in the order the daily rollup part of UsageQueryRepository.usage selects them. */
const RAW_USAGE_COLUMNS = `u.time, u.team, u.project, u.provider, u.model, u.deployment, u.service_tier,
  u.price_version, u.price_rules, u.api_key_id, u.input_tokens, u.cached_input_tokens, u.cache_write_tokens,
  u.output_tokens, u.reasoning_tokens, u.requests, u.cost_usd, 1 AS records, (u.cost_usd IS NOT NULL)::int AS priced`;

/** Rollup keys: a query grouped or filtered only by these can read the daily and hourly rollups. */
const ROLLUP_COLUMNS: readonly UsageGroupBy[] = ['team', 'project', 'provider', 'model', 'deployment'];
/** The priced daily rollup's keys: a query grouped or filtered only by these can read it. */
const PRICED_ROLLUP_COLUMNS: readonly UsageGroupBy[] = [
  'team',
  'provider',
  'model',
  'serviceTier',
  'priceVersion',
  'priceRules',
];

/** How a whole rolled-up UTC day of a usage query is read (UsageQueryRepository.dayReads). */
type DayRead = 'day' | 'hour' | 'raw' | { cutAtHour: number };
/** Adds a value to a query's parameters and returns its placeholder. */
type Param = (value: unknown) => string;
/** How each whole rolled-up UTC day of a usage query is read, by its date (`YYYY-MM-DD`). */
type DayReads = (day: string) => DayRead;
/** The last instant before the next: an hour or day's end, inclusive. */
const JUST = "interval '1 microsecond'";
/** Zones whose days are UTC days. */
const UTC_ZONES = new Set(['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT', 'UCT', 'Etc/UCT', 'Universal', 'Etc/Universal', 'Zulu']);

/**
 * The rollup rows of UTC days that a query's buckets cut once, at a whole hour. The hours on the shorter side
 * of the cut are read from the hourly rollup and counted at their hours; the other side is the day's daily
 * row less those hours, both counted at that side's start (sums subtract exactly; a side left with no record
 * is no bucket, as the usage query's HAVING says). Paris's weeks cut one UTC day in seven at 22:00 or 23:00
 * UTC, so a year of them reads two hours of those days, not twenty-four. The rollup tables' own columns, with
 * `where` applied to both. (The hours are asked for as ranges of given instants, so Postgres knows how few
 * rows they are, as in rollupSource.)
 */
function cutDaysSource(cut: ReadonlyArray<{ day: string; cutAtHour: number }>, where: string, param: Param): string {
  const sides = cut.map(({ day, cutAtHour }) => {
    const [start, end] = utcDay(day);
    const at = new Date(start.getTime() + cutAtHour * 3_600_000);
    const [from, to, rest] = cutAtHour >= 12 ? [at, end, start] : [start, at, at];
    return { day, from, to, rest };
  });
  const ranges = sides.map((side) => `(hour >= ${param(side.from)} AND hour < ${param(side.to)})`);
  const days = param(sides.map((side) => side.day));
  const rests = `unnest(${days}::date[], ${param(sides.map((side) => side.rest))}::timestamptz[]) AS c(day, rest)`;
  const keys = ROLLUP_COLUMNS.map((column) => GROUP_COLUMN[column]).join(', ');
  return `WITH hours AS MATERIALIZED (
      SELECT hour, ${keys}, ${USAGE_TOTALS.join(', ')}
      FROM usage_rollups_hourly WHERE (${ranges.join(' OR ')})${where})
    SELECT hour AS time, ${keys}, ${USAGE_TOTALS.join(', ')} FROM hours
    UNION ALL
    SELECT c.rest, ${keys}, ${USAGE_TOTALS.map((t) => `-${t}`).join(', ')}
    FROM hours JOIN ${rests} ON c.day = (hours.hour AT TIME ZONE 'UTC')::date
    UNION ALL
    SELECT c.rest, ${keys}, ${USAGE_TOTALS.join(', ')}
    FROM usage_rollups_daily JOIN ${rests} ON c.day = usage_rollups_daily.day
    WHERE usage_rollups_daily.day = ANY(${days}::date[])${where}`;
}

/** True when a query groups and filters by these columns only. */
function readsKeysOnly(query: Pick<UsageQuery, 'groupBy' | 'filters'>, columns: readonly UsageGroupBy[]): boolean {
  return (
    query.groupBy.every((column) => columns.includes(column)) &&
    Object.entries(query.filters).every(
      ([column, value]) => value === undefined || columns.includes(column as UsageGroupBy),
    )
  );
}
