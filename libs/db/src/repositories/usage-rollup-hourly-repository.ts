// usage_rollups_hourly: hourly totals (kept in line with raw usage_records by usage-rollup-day-sync.ts),
// and the hourly reads of the nightly planner (peak, mean and base hour per workload; tokens served per
// deployment).
import { Injectable } from '@nestjs/common';
import { daysFrom } from '@tokenmeter/contracts';
import { DatabasePool } from '../client/database-pool';
import { hourlyShape } from './hourly-shape';

export interface HourlyShape {
  team: string;
  provider: string;
  model: string;
  peakHourTokens: number;
  meanHourTokens: number;
  baseHourTokens: number;
}

/**
 * A deployment's figures take only the rows of the team that owns it: a name no one owned yet (or any more)
 * may have been named by another team's events, which must not count once the name is registered.
 */
const OWN_TEAM_ROWS = 'JOIN deployments owner ON owner.name = h.deployment AND owner.team = h.team';

@Injectable()
export class UsageRollupHourlyRepository {
  constructor(private readonly db: DatabasePool) {}

  /**
   * Busiest, mean and 10th-percentile hour of each API workload over [from, to) (dates); `spanDaysOf`: the
   * days at the end of the range a workload covers, when fewer (first seen inside it).
   */
  async workloadShapes(
    from: string,
    to: string,
    spanDaysOf?: (workload: { team: string; provider: string; model: string }) => number | undefined,
  ): Promise<HourlyShape[]> {
    const span = daysFrom(from, to) * 24;
    // Each workload's rows as one "hour tokens hour tokens …" text (hours from `from`), unordered and
    // hashed: grouping the rows by workload and hour in SQL sorted four weeks of hourly rows, spilled
    // to disk, for most of the recommendations step; the hours are summed and ranked here instead.
    // The planner overestimates the workloads as it does the scopes of dailyHistories.
    const rows = await this.db.transaction(async (client) => {
      await client.query(`SET LOCAL work_mem = '256MB'`);
      await client.query('SET LOCAL enable_sort = off');
      const result = await client.query<{ team: string; provider: string; model: string; hours: string }>(
        `SELECT team, provider, model,
                string_agg(((extract(epoch FROM hour) - extract(epoch FROM $1::date::timestamp)) / 3600)::int || ' ' ||
                           (input_tokens + cached_input_tokens + cache_write_tokens + output_tokens), ' ') AS hours
         FROM usage_rollups_hourly
         WHERE hour >= ($1::date)::timestamp AT TIME ZONE 'UTC' AND hour < ($2::date)::timestamp AT TIME ZONE 'UTC'
           AND provider <> 'self-hosted'
         GROUP BY team, provider, model`,
        [from, to],
      );
      return result.rows;
    });
    const tokens = new Float64Array(span);
    const used = new Uint8Array(span);
    return rows.map((r) => {
      tokens.fill(0);
      used.fill(0);
      const parts = r.hours.split(' ');
      for (let k = 0; k < parts.length; k += 2) {
        const hour = Number(parts[k]);
        tokens[hour] += Number(parts[k + 1]);
        used[hour] = 1;
      }
      const hours: number[] = [];
      for (let h = 0; h < span; h++) if (used[h]) hours.push(tokens[h]);
      // A workload first seen inside the range is measured over the days since (the daily totals' days).
      const days = spanDaysOf?.(r);
      const own = days === undefined ? span : Math.min(span, days * 24);
      return { team: r.team, provider: r.provider, model: r.model, ...hourlyShape(hours, own) };
    });
  }

  /** Output tokens of each deployment's busiest hour in [from, to] (dates, inclusive), its own team's rows. */
  async peakHourOutputByDeployment(from: string, to: string): Promise<Map<string, number>> {
    const { rows } = await this.db.query<{ deployment: string; peak: string }>(
      `SELECT deployment, max(output)::text AS peak FROM (
         SELECT h.deployment, h.hour, sum(h.output_tokens) AS output FROM usage_rollups_hourly h ${OWN_TEAM_ROWS}
         WHERE h.hour >= ($1::date)::timestamp AT TIME ZONE 'UTC'
           AND h.hour < ($2::date + 1)::timestamp AT TIME ZONE 'UTC' AND h.deployment <> ''
         GROUP BY h.deployment, h.hour) per_hour
       GROUP BY deployment`,
      [from, to],
    );
    return new Map(rows.map((r) => [r.deployment, Number(r.peak)]));
  }

  /**
   * Tokens each deployment served on `day`: output (the unit capacity is rated in) and input of
   * every class, kept apart so utilization never adds the two. Only its own team's rows count.
   */
  async servedByDeployment(day: string): Promise<Map<string, { outputTokens: number; inputTokens: number }>> {
    const { rows } = await this.db.query<{ deployment: string; output: string; input: string }>(
      `SELECT h.deployment, sum(h.output_tokens)::text AS output,
              sum(h.input_tokens + h.cached_input_tokens + h.cache_write_tokens)::text AS input
       FROM usage_rollups_hourly h ${OWN_TEAM_ROWS}
       WHERE h.hour >= ($1::date)::timestamp AT TIME ZONE 'UTC'
         AND h.hour < ($1::date + 1)::timestamp AT TIME ZONE 'UTC' AND h.deployment <> ''
       GROUP BY h.deployment`,
      [day],
    );
    return new Map(rows.map((r) => [r.deployment, { outputTokens: Number(r.output), inputTokens: Number(r.input) }]));
  }

  /**
   * Each deployment's busiest hour per day over [from, to] (dates, inclusive): all tokens and output
   * tokens of that hour (the saturation forecast's demand), its own team's rows.
   */
  async deploymentBusiestHours(
    from: string,
    to: string,
  ): Promise<{ deployment: string; day: string; tokens: number; outputTokens: number }[]> {
    const { rows } = await this.db.query<{ deployment: string; day: string; tokens: string; o: string }>(
      // Ordered by the number, per_hour.tokens: `tokens` alone names the text column of the select list, and
      // "9998604" sorted above "10400000" (the busiest hour read about 8 % low).
      `SELECT DISTINCT ON (per_hour.deployment, per_hour.day) per_hour.deployment, per_hour.day,
              per_hour.tokens::text AS tokens, per_hour.o::text AS o FROM (
         SELECT h.deployment, to_char(h.hour AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
                sum(h.input_tokens + h.cached_input_tokens + h.cache_write_tokens + h.output_tokens) AS tokens,
                sum(h.output_tokens) AS o
         FROM usage_rollups_hourly h ${OWN_TEAM_ROWS}
         WHERE h.hour >= ($1::date)::timestamp AT TIME ZONE 'UTC'
           AND h.hour < ($2::date + 1)::timestamp AT TIME ZONE 'UTC'
           AND h.deployment > '' -- not <>: a range the (deployment, hour) index serves, so API hours are never read
         GROUP BY h.deployment, h.hour) per_hour
       ORDER BY per_hour.deployment, per_hour.day, per_hour.tokens DESC`,
      [from, to],
    );
    return rows.map((r) => ({
      deployment: r.deployment,
      day: r.day,
      tokens: Number(r.tokens),
      outputTokens: Number(r.o),
    }));
  }
}
