// usage_rollups_daily: daily totals per team, project, provider, model and deployment (kept in line
// with raw usage_records by usage-rollup-day-sync.ts), and the daily reads of the nightly planner
// (volume histories, recent mix).
import { Injectable } from '@nestjs/common';
import { daysFrom } from '@tokenmeter/contracts';
import { DatabasePool } from '../client/database-pool';

export interface DailyHistoryRow {
  team: string;
  provider: string;
  model: string;
  /** Tokens of each day of the range, from its first day on (0 for a day without usage). */
  tokens: number[];
}

export interface RecentWorkloadTotals {
  team: string;
  provider: string;
  model: string;
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  costUsd: number;
  /** The days of the range it covers (coveredDays): the totals are over these days. */
  days: number;
}

/** A team's API tokens over a range, and the days of it the team covers (coveredDays). */
export interface TeamRecentTokens {
  tokens: number;
  days: number;
}

/**
 * Recent totals are read over the range and as many days before it: a scope seen before the range covers
 * all of it; one first seen inside it only the days from then on, so a workload that started ten days ago
 * is averaged over ten days, not over a range that is mostly before it existed.
 */
const LOOKBACK_FROM = `$1::date - ($2::date - $1::date + 1)`;

/** The days of [from, to] a scope covers, from `firstOffset`: its first day of usage minus `from` (SQL). */
function coveredDays(from: string, to: string, firstOffset: number): number {
  return daysFrom(from, to) + 1 - Math.max(0, firstOffset);
}

@Injectable()
export class UsageRollupDailyRepository {
  constructor(private readonly db: DatabasePool) {}

  /**
   * Tokens per team × provider × model and day over [from, to] (dates, inclusive): one row per scope
   * (a year of 10,000 scopes is 10,000 rows, not 3.65 million), in scope order, with every day of the
   * range (0 where there was no usage).
   */
  async dailyHistories(from: string, to: string): Promise<DailyHistoryRow[]> {
    const days = daysFrom(from, to) + 1;
    // Each scope's rows as one "day tokens day tokens …" text, unordered: the days are summed into
    // place here, so Postgres neither sorts the year (a sort of every row, spilled to disk, took most
    // of this read) nor builds arrays that the client parses element by element. The scope count is
    // estimated as if team, provider and model were independent (36 times too many at 1,000 scopes),
    // which makes the planner sort instead of hashing; a hash of a year of 10,000 scopes fits well
    // within the memory granted here.
    const rows = await this.db.transaction(async (client) => {
      await client.query(`SET LOCAL work_mem = '256MB'`);
      await client.query('SET LOCAL enable_sort = off');
      const result = await client.query<{ team: string; provider: string; model: string; days: string }>(
        `SELECT team, provider, model,
                string_agg((day - $1::date) || ' ' ||
                           (input_tokens + cached_input_tokens + cache_write_tokens + output_tokens), ' ') AS days
         FROM usage_rollups_daily WHERE day BETWEEN $1::date AND $2::date
         GROUP BY team, provider, model`,
        [from, to],
      );
      return result.rows;
    });
    const out = rows.map((r) => {
      const tokens = new Array<number>(days).fill(0);
      const parts = r.days.split(' ');
      for (let k = 0; k < parts.length; k += 2) tokens[Number(parts[k])] += Number(parts[k + 1]);
      return { team: r.team, provider: r.provider, model: r.model, tokens };
    });
    return out.sort((x, y) => compare(x.team, y.team) || compare(x.provider, y.provider) || compare(x.model, y.model));
  }

  /** Token classes and cost per API workload over [from, to] (dates, inclusive). */
  async recentWorkloadTotals(from: string, to: string): Promise<RecentWorkloadTotals[]> {
    const { rows } = await this.db.query<Record<string, string>>(
      `SELECT team, provider, model, (sum(input_tokens) FILTER (WHERE day >= $1::date))::text AS i,
              (sum(cached_input_tokens) FILTER (WHERE day >= $1::date))::text AS c,
              (sum(cache_write_tokens) FILTER (WHERE day >= $1::date))::text AS w,
              (sum(output_tokens) FILTER (WHERE day >= $1::date))::text AS o,
              (sum(cost_usd) FILTER (WHERE day >= $1::date))::text AS cost, (min(day) - $1::date)::text AS first
       FROM usage_rollups_daily WHERE day BETWEEN ${LOOKBACK_FROM} AND $2::date AND provider <> 'self-hosted'
       GROUP BY team, provider, model HAVING max(day) >= $1::date`,
      [from, to],
    );
    return rows.map((r) => ({
      team: r.team,
      provider: r.provider,
      model: r.model,
      inputTokens: Number(r.i),
      cachedInputTokens: Number(r.c),
      cacheWriteTokens: Number(r.w),
      outputTokens: Number(r.o),
      costUsd: Number(r.cost),
      days: coveredDays(from, to, Number(r.first)),
    }));
  }

  /** Each team's API tokens over [from, to] (dates, inclusive), for run-rates of what could migrate. */
  async teamApiTokens(from: string, to: string): Promise<Map<string, TeamRecentTokens>> {
    const { rows } = await this.db.query<{ team: string; tokens: string; first: string }>(
      `SELECT team, (sum(input_tokens + cached_input_tokens + cache_write_tokens + output_tokens)
                       FILTER (WHERE day >= $1::date))::text AS tokens, (min(day) - $1::date)::text AS first
       FROM usage_rollups_daily WHERE day BETWEEN ${LOOKBACK_FROM} AND $2::date AND provider <> 'self-hosted'
       GROUP BY team HAVING max(day) >= $1::date`,
      [from, to],
    );
    return new Map(
      rows.map((r) => [r.team, { tokens: Number(r.tokens), days: coveredDays(from, to, Number(r.first)) }]),
    );
  }

  /** Input-side and output tokens each deployment served over [from, to] (dates, inclusive). */
  async deploymentTokenMix(from: string, to: string): Promise<Map<string, { inputSide: number; output: number }>> {
    const { rows } = await this.db.query<{ deployment: string; i: string; o: string }>(
      `SELECT deployment, sum(input_tokens + cached_input_tokens + cache_write_tokens)::text AS i,
         sum(output_tokens)::text AS o
       FROM usage_rollups_daily WHERE day BETWEEN $1::date AND $2::date AND deployment <> '' GROUP BY deployment`,
      [from, to],
    );
    return new Map(rows.map((r) => [r.deployment, { inputSide: Number(r.i), output: Number(r.o) }]));
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
