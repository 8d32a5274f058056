// Brings one day of the three usage rollups (hourly, daily, priced daily) in line with the day's raw
// rows, in one statement: the raw rows are read once (a day's scan of its month partition, and the
// join with usage_dimensions, was repeated by three statements before), the daily totals are summed
// from the hourly ones, and each table is written only where it differs (rollup-sync.ts).
import { Injectable } from '@nestjs/common';
import { PoolClient } from 'pg';
import { Watermark } from './rollup-day-repository';
import { RollupSyncSpec, rollupSyncChanged, rollupSyncCtes } from './rollup-sync';

/**
 * The day's ($1) raw rows as the rollups count them: those ingested before the night's watermark ($2,
 * see rollup-day-repository.ts), so a rollup holds exactly the rows ingested before its day's
 * rolled_up_at and a read can add the later ones from raw without counting any twice. `kept` leaves
 * out, for an hour of a deployment where exact counter rows exist, its log-estimate rows (they
 * estimate the same tokens). Counter rows are the scraper's only, under its source
 * `vllm-metrics:<deployment>` (which clients may not use): a client event tagged `basis=counter`
 * pushes no estimate out. The priced rollup counts every raw row, as the FOCUS export bills them.
 */
const RAW_AND_KEPT_OF_DAY = `
  raw AS MATERIALIZED (
    SELECT time, team, project, provider, model, deployment, source, tags->>'basis' AS basis,
      service_tier, price_version, price_rules, input_tokens, cached_input_tokens, cache_write_tokens,
      output_tokens, reasoning_tokens, requests, cost_usd
    FROM usage_records
    WHERE time >= ($1::date)::timestamp AT TIME ZONE 'UTC'
      AND time < ($1::date + 1)::timestamp AT TIME ZONE 'UTC'
      AND ingested_at < $2::timestamptz
  ),
  counter_hours AS (
    SELECT DISTINCT deployment, date_trunc('hour', time, 'UTC') AS hour
    FROM raw WHERE deployment IS NOT NULL AND basis = 'counter' AND source = 'vllm-metrics:' || deployment
  ),
  kept AS (
    SELECT r.* FROM raw r
    WHERE NOT (r.basis = 'log-estimate' AND EXISTS (
      SELECT 1 FROM counter_hours c WHERE c.deployment = r.deployment AND c.hour = date_trunc('hour', r.time, 'UTC')))
  )`;

/** The key columns after the time bucket (an absent project or deployment is stored as ''). */
const USAGE_KEYS = ['team', 'project', 'provider', 'model', 'deployment'];
/** Token counts every usage rollup keeps. */
const TOKENS = ['input_tokens', 'cached_input_tokens', 'cache_write_tokens', 'output_tokens'];
/** Totals the hourly and daily rollups both keep (unpriced_records: so a read can tell no price from a cost of 0). */
export const USAGE_TOTALS = [...TOKENS, 'reasoning_tokens', 'requests', 'cost_usd', 'records', 'unpriced_records'];

/** `sum(c) AS c` for each column. */
const summed = (columns: string[]) => columns.map((c) => `sum(${c}) AS ${c}`).join(', ');

const HOURLY: RollupSyncSpec = {
  table: 'usage_rollups_hourly',
  keys: ['hour', ...USAGE_KEYS],
  totals: USAGE_TOTALS,
  fresh: 'fresh_hourly',
  dayCondition: `{t}.hour >= ($1::date)::timestamp AT TIME ZONE 'UTC'
      AND {t}.hour < ($1::date + 1)::timestamp AT TIME ZONE 'UTC'`,
};

const DAILY: RollupSyncSpec = {
  table: 'usage_rollups_daily',
  keys: ['day', ...USAGE_KEYS],
  totals: USAGE_TOTALS,
  fresh: 'fresh_daily',
  dayCondition: '{t}.day = $1::date',
};

const PRICED_DAILY: RollupSyncSpec = {
  table: 'usage_rollups_priced_daily',
  keys: ['day', 'team', 'provider', 'model', 'service_tier', 'price_version', 'price_rules'],
  totals: [...TOKENS, 'reasoning_tokens', 'requests', 'cost_usd', 'records'],
  fresh: 'fresh_priced_daily',
  dayCondition: '{t}.day = $1::date',
};

const SYNC_DAY = `WITH ${RAW_AND_KEPT_OF_DAY},
  fresh_hourly AS (
    SELECT date_trunc('hour', time, 'UTC') AS hour, team, coalesce(project, '') AS project, provider, model,
      coalesce(deployment, '') AS deployment, ${summed([...TOKENS, 'reasoning_tokens', 'requests'])},
      coalesce(sum(cost_usd), 0) AS cost_usd, count(*)::int AS records,
      count(*) FILTER (WHERE cost_usd IS NULL)::int AS unpriced_records
    FROM kept GROUP BY 1, 2, 3, 4, 5, 6
  ),
  fresh_daily AS (
    SELECT $1::date AS day, team, project, provider, model, deployment,
      ${summed([...TOKENS, 'reasoning_tokens', 'requests', 'cost_usd'])},
      sum(records)::int AS records, sum(unpriced_records)::int AS unpriced_records
    FROM fresh_hourly GROUP BY 2, 3, 4, 5, 6
  ),
  fresh_priced_daily AS (
    SELECT $1::date AS day, team, provider, model, coalesce(service_tier, '') AS service_tier,
      coalesce(price_version, '') AS price_version, coalesce(price_rules, '') AS price_rules,
      ${summed([...TOKENS, 'reasoning_tokens', 'requests', 'cost_usd'])}, count(*)::int AS records
    FROM raw GROUP BY 2, 3, 4, 5, 6, 7
  ),
  ${[HOURLY, DAILY, PRICED_DAILY].map(rollupSyncCtes).join(',\n  ')}
SELECT coalesce((SELECT sum(records) FROM fresh_daily), 0)::text AS records,
  (${[HOURLY, DAILY, PRICED_DAILY].map(rollupSyncChanged).join(' + ')})::text AS changed`;

@Injectable()
export class UsageRollupDaySync {
  /**
   * Syncs the day's hourly, daily and priced daily rows with its raw rows ingested before `watermark`
   * (RollupDayRepository.watermark); returns the raw records the usage rollups count and the rows written.
   */
  async syncDay(client: PoolClient, day: string, watermark: Watermark): Promise<{ records: number; changed: number }> {
    // A day is a few thousand rows: JIT compiling the statement costs ~0.5 s and saves nothing.
    await client.query('SET LOCAL jit = off');
    const { rows } = await client.query<{ records: string; changed: string }>(SYNC_DAY, [day, watermark]);
    return { records: Number(rows[0]!.records), changed: Number(rows[0]!.changed) };
  }
}
