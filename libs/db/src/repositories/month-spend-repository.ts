// Month-to-date spend per team and project, for budgets. Days the nightly rollup has closed are read
// from usage_rollups_daily plus their late rows; the rest of the month (today, and any day not rolled up
// yet) from the raw usage_records (rollup-and-raw.ts), so the figure is as fresh as the last write, nothing
// is counted twice, and a month's refresh reads a day of raw rows, not the month's.
import { Injectable } from '@nestjs/common';
import { DatabasePool } from '../client/database-pool';
import { presentParts, rollupAndRawParts } from './rollup-and-raw';

const ALL_TOKENS = 'input_tokens + cached_input_tokens + cache_write_tokens + output_tokens';

export interface DailyModelSpendRow {
  day: string;
  team: string;
  model: string;
  project: string;
  usd: number;
}

export interface ScopeSpendRow {
  team: string;
  /** "" for records without a project. */
  project: string;
  usd: number;
  tokens: number;
  /** Set on a key's row (byApiKey). */
  apiKeyId?: string | null;
  /**
   * The start of the UTC day of its first spend in the range, which projections run from: a day's start for
   * every scope alike, since a rolled-up day keeps no time of its first record.
   */
  since: Date | null;
  /** API records (not self-hosted) without a price: their cost is in no `usd`. */
  unpricedRecords: number;
}

@Injectable()
export class MonthSpendRepository {
  constructor(private readonly db: DatabasePool) {}

  /** Spend in [from, to) (UTC instants at day boundaries) per team and project. */
  async byTeamAndProject(from: Date, to: Date): Promise<ScopeSpendRow[]> {
    const params: unknown[] = [from, to];
    const param = (value: unknown) => `$${params.push(value)}`;
    const parts = await rollupAndRawParts(this.db, { from, to, fromParam: '$1', toParam: '$2' }, param, {
      rollup: (days) =>
        `SELECT team, project, cost_usd AS usd, ${ALL_TOKENS} AS tokens, day::timestamp AT TIME ZONE 'UTC' AS at,
                CASE WHEN provider = 'self-hosted' THEN 0 ELSE unpriced_records END AS unpriced
         FROM usage_rollups_daily WHERE day = ANY(${days}::date[])`,
      raw: `u.team, coalesce(u.project, '') AS project, coalesce(u.cost_usd, 0) AS usd, ${ALL_TOKENS} AS tokens,
            date_trunc('day', u.time, 'UTC') AS at,
            CASE WHEN u.cost_usd IS NULL AND u.provider <> 'self-hosted' THEN 1 ELSE 0 END AS unpriced`,
      where: '',
    });
    const { rows } = await this.db.query<{
      team: string;
      project: string;
      usd: string;
      tokens: string;
      since: Date;
      unpriced: number;
    }>(
      `SELECT team, project, sum(usd)::text AS usd, sum(tokens)::text AS tokens, min(at) AS since,
              sum(unpriced)::int AS unpriced
       FROM (${presentParts(parts).join('\n UNION ALL\n')}) spend GROUP BY team, project`,
      params,
    );
    return rows.map((row) => ({
      team: row.team,
      project: row.project,
      usd: Number(row.usd),
      tokens: Number(row.tokens),
      since: row.since,
      unpricedRecords: row.unpriced,
    }));
  }

  /**
   * Spend in [from, to) of the API keys that have a budget, per team and key. The rollups have no key,
   * so this reads the raw records of those keys' teams (their dimensions, then those facts); only keys with a
   * budget are summed, and the query is skipped when there are none.
   */
  async byApiKey(from: Date, to: Date): Promise<ScopeSpendRow[]> {
    const { rows } = await this.db.query<{
      team: string;
      key: string;
      usd: string;
      tokens: string;
      since: Date;
      unpriced: number;
    }>(
      `WITH keyed AS (SELECT DISTINCT team, api_key_id::uuid AS key FROM budgets WHERE api_key_id <> '')
       SELECT u.team, u.api_key_id::text AS key, coalesce(sum(u.cost_usd), 0)::text AS usd,
              sum(u.input_tokens + u.cached_input_tokens + u.cache_write_tokens + u.output_tokens)::text AS tokens,
              date_trunc('day', min(u.time), 'UTC') AS since,
              count(*) FILTER (WHERE u.cost_usd IS NULL AND u.provider <> 'self-hosted')::int AS unpriced
       FROM usage_records u JOIN keyed k ON k.team = u.team AND k.key = u.api_key_id
       WHERE u.time >= $1 AND u.time < $2 AND u.team IN (SELECT team FROM keyed)
       GROUP BY u.team, u.api_key_id`,
      [from, to],
    );
    return rows.map((row) => ({
      team: row.team,
      project: '',
      apiKeyId: row.key,
      usd: Number(row.usd),
      tokens: Number(row.tokens),
      since: row.since,
      unpricedRecords: row.unpriced,
    }));
  }

  /** byTeamAndProject and byApiKey together: every scope a budget can be set on. */
  async byScope(from: Date, to: Date): Promise<ScopeSpendRow[]> {
    const [scopes, keys] = await Promise.all([this.byTeamAndProject(from, to), this.byApiKey(from, to)]);
    return [...scopes, ...keys];
  }

  /** Rolled-up daily spend per team × model × project over [from, to] (dates, inclusive). */
  async dailyByModelAndProject(from: string, to: string): Promise<DailyModelSpendRow[]> {
    const { rows } = await this.db.query<{ day: string; team: string; model: string; project: string; usd: string }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, team, model, project, sum(cost_usd)::text AS usd
       FROM usage_rollups_daily WHERE day >= $1::date AND day <= $2::date GROUP BY 1, 2, 3, 4`,
      [from, to],
    );
    return rows.map((row) => ({ ...row, usd: Number(row.usd) }));
  }

  /** True once the nightly rollup has closed `day` (its daily spend is final enough to judge). */
  async dayRolledUp(day: string): Promise<boolean> {
    const { rows } = await this.db.query('SELECT 1 FROM rollup_days WHERE day = $1::date', [day]);
    return rows.length > 0;
  }
}
