// What the hourly and daily usage rollups share: the raw rows they count, the totals they keep and
// how each total is summed, so the two tables can never drift apart in what they mean.
import { RollupSyncSpec, rollupSyncStatement } from './rollup-sync';

/**
 * The day's ($1) raw rows as the rollups count them: those ingested before the night's watermark ($2,
 * see rollup-day-repository.ts), so a rollup holds exactly the rows ingested before its day's
 * rolled_up_at and a read can add the later ones from raw without counting any twice. For an hour of a
 * deployment where exact counter
 * rows exist, its log-estimate rows are left out (they estimate the same tokens). Counter rows are
 * the scraper's only, under its source `vllm-metrics:<deployment>` (which clients may not use): a
 * client event tagged `basis=counter` pushes no estimate out.
 */
export const KEPT_USAGE_OF_DAY = `
  raw AS (
    SELECT * FROM usage_records
    WHERE time >= ($1::date)::timestamp AT TIME ZONE 'UTC'
      AND time < ($1::date + 1)::timestamp AT TIME ZONE 'UTC'
      AND ingested_at < $2::timestamptz
  ),
  counter_hours AS (
    SELECT DISTINCT deployment, date_trunc('hour', time, 'UTC') AS hour
    FROM raw WHERE deployment IS NOT NULL AND tags->>'basis' = 'counter' AND source = 'vllm-metrics:' || deployment
  ),
  kept AS (
    SELECT r.* FROM raw r
    WHERE NOT (r.tags->>'basis' = 'log-estimate' AND EXISTS (
      SELECT 1 FROM counter_hours c WHERE c.deployment = r.deployment AND c.hour = date_trunc('hour', r.time, 'UTC')))
  )`;

/** The key columns after the time bucket, as selected from `kept` (absent project/deployment stored as ''). */
export const USAGE_ROLLUP_KEYS = ['team', 'project', 'provider', 'model', 'deployment'];
const SELECTED_KEYS = `team, coalesce(project, '') AS project, provider, model, coalesce(deployment, '') AS deployment`;

/** Totals every usage rollup keeps, and their sums over `kept` in the same order. */
export const USAGE_ROLLUP_TOTALS = [
  'input_tokens',
  'cached_input_tokens',
  'cache_write_tokens',
  'output_tokens',
  'reasoning_tokens',
  'requests',
  'cost_usd',
  'records',
];
const SUMMED_TOTALS = `sum(input_tokens) AS input_tokens, sum(cached_input_tokens) AS cached_input_tokens,
  sum(cache_write_tokens) AS cache_write_tokens, sum(output_tokens) AS output_tokens,
  sum(reasoning_tokens) AS reasoning_tokens, sum(requests) AS requests,
  coalesce(sum(cost_usd), 0) AS cost_usd, count(*)::int AS records`;

/** A usage rollup: its time bucket column and how it is computed from a row's time, and its own extra totals. */
export interface UsageRollupSpec {
  table: string;
  bucket: string;
  /** The bucket of a kept row (may use $1, the day). */
  bucketOf: string;
  /** Extra totals after the shared ones, each `[column, aggregate over kept]`. */
  extraTotals?: [string, string][];
  dayCondition: RollupSyncSpec['dayCondition'];
}

/** The statement that syncs one day of a usage rollup with the day's kept raw rows. */
export function usageRollupSyncStatement(spec: UsageRollupSpec): string {
  const extra = spec.extraTotals ?? [];
  const sync = rollupSyncStatement({
    table: spec.table,
    keys: [spec.bucket, ...USAGE_ROLLUP_KEYS],
    totals: [...USAGE_ROLLUP_TOTALS, ...extra.map(([column]) => column)],
    fresh: `SELECT ${spec.bucketOf} AS ${spec.bucket}, ${SELECTED_KEYS}, ${SUMMED_TOTALS}${extra
      .map(([column, aggregate]) => `, ${aggregate} AS ${column}`)
      .join('')}
    FROM kept GROUP BY 1, 2, 3, 4, 5, 6`,
    dayCondition: spec.dayCondition,
  });
  return `WITH ${KEPT_USAGE_OF_DAY}, ${sync.replace(/^WITH /, '')}`;
}
