// usage_rollups_priced_daily: a day's totals per team, provider, model and price (service tier, price
// entry, price rules), the FOCUS export's rows, rebuilt by the nightly rollup from every raw row
// ingested before the night's watermark (UsageQueryRepository.dailyPricedUsage adds the later ones).
import { Injectable } from '@nestjs/common';
import { PoolClient } from 'pg';
import { Watermark } from './rollup-day-repository';
import { RollupSyncResult, rollupSyncStatement } from './rollup-sync';

const SYNC_PRICED_DAILY = rollupSyncStatement({
  table: 'usage_rollups_priced_daily',
  keys: ['day', 'team', 'provider', 'model', 'service_tier', 'price_version', 'price_rules'],
  totals: ['input_tokens', 'cached_input_tokens', 'cache_write_tokens', 'output_tokens', 'cost_usd', 'records'],
  fresh: `SELECT $1::date AS day, team, provider, model, coalesce(service_tier, '') AS service_tier,
      coalesce(price_version, '') AS price_version, coalesce(price_rules, '') AS price_rules,
      sum(input_tokens) AS input_tokens, sum(cached_input_tokens) AS cached_input_tokens,
      sum(cache_write_tokens) AS cache_write_tokens, sum(output_tokens) AS output_tokens,
      sum(cost_usd) AS cost_usd, count(*)::int AS records
    FROM usage_records
    WHERE time >= ($1::date)::timestamp AT TIME ZONE 'UTC' AND time < ($1::date + 1)::timestamp AT TIME ZONE 'UTC'
      AND ingested_at < $2::timestamptz
    GROUP BY 2, 3, 4, 5, 6, 7`,
  dayCondition: '{t}.day = $1::date',
});

@Injectable()
export class UsageRollupPricedDailyRepository {
  /** Brings the day's rows in line with its raw rows ingested before `watermark`; returns the rows written. */
  async rebuildDay(client: PoolClient, day: string, watermark: Watermark): Promise<number> {
    const { rows } = await client.query<RollupSyncResult>(SYNC_PRICED_DAILY, [day, watermark]);
    return Number(rows[0].changed);
  }
}
