// weekly_reports: each week's stored report (the organization's under team '' and one per team),
// and the read-only queries a report is built from: the closed days' rollups with their late rows, and
// which planner night a week's recommendations and forecasts come from.
import { Injectable } from '@nestjs/common';
import { DatabasePool } from '../client/database-pool';

export interface StoredWeeklyReport {
  week: string;
  /** null: the organization's version. */
  team: string | null;
  generatedAt: Date;
  content: unknown;
}

export interface DailySpendTotals {
  day: string;
  team: string;
  provider: string;
  costUsd: number;
  tokens: number;
}

export interface WeeklySpendTotals {
  week: string;
  team: string;
  apiCostUsd: number;
  apiTokens: number;
  selfHostedTokens: number;
}

const ALL_TOKENS = 'input_tokens + cached_input_tokens + cache_write_tokens + output_tokens';

/**
 * `spend` (day, team, provider, cost_usd, tokens): the days in [$1, $2) the nightly rollup has closed, each from
 * its rollup plus its late rows, the raw rows ingested at or after the day's watermark (the rollup holds exactly
 * those before it, so none counts twice). Each night moves the watermarks of the accepted event age to its own
 * (RollupStep), so late rows are looked for among those ingested since the earliest of the days' watermarks
 * (`since`, a parameter: given as a value, the query planner finds them through the BRIN index on ingested_at
 * instead of reading the weeks' raw rows). Days not rolled up yet (today) are left out: a report counts closed
 * days only.
 */
const closedDaysSpend = (since: string) => `
  rolled AS (SELECT day, rolled_up_at FROM rollup_days WHERE day >= $1::date AND day < $2::date),
  spend AS (
    SELECT day, team, provider, cost_usd, ${ALL_TOKENS} AS tokens
    FROM usage_rollups_daily WHERE day >= $1::date AND day < $2::date
    UNION ALL
    SELECT r.day, u.team, u.provider, u.cost_usd, ${ALL_TOKENS}
    FROM usage_records u JOIN rolled r ON r.day = (u.time AT TIME ZONE 'UTC')::date AND u.ingested_at >= r.rolled_up_at
    WHERE u.time >= $1::date::timestamp AT TIME ZONE 'UTC' AND u.time < $2::date::timestamp AT TIME ZONE 'UTC'
      AND u.ingested_at >= ${since}::timestamptz)`;

@Injectable()
export class WeeklyReportRepository {
  constructor(private readonly db: DatabasePool) {}

  /** Stores the report, replacing an earlier one of the same week and team. */
  async save(report: StoredWeeklyReport): Promise<void> {
    await this.db.query(
      `INSERT INTO weekly_reports (id, week, team, generated_at, content) VALUES (gen_random_uuid(), $1, $2,
         $3, $4::jsonb)
       ON CONFLICT (week, team) DO UPDATE SET generated_at = EXCLUDED.generated_at, content = EXCLUDED.content`,
      [report.week, report.team ?? '', report.generatedAt, JSON.stringify(report.content)],
    );
  }

  async find(week: string, team: string | null): Promise<StoredWeeklyReport | null> {
    const { rows } = await this.db.query<{ week: string; team: string; generated_at: Date; content: unknown }>(
      'SELECT week, team, generated_at, content FROM weekly_reports WHERE week = $1 AND team = $2',
      [week, team ?? ''],
    );
    const row = rows[0];
    return row
      ? { week: row.week, team: row.team === '' ? null : row.team, generatedAt: row.generated_at, content: row.content }
      : null;
  }

  /** The stored versions of a week: '' (organization) and team slugs. */
  async versions(week: string): Promise<(string | null)[]> {
    const { rows } = await this.db.query<{ team: string }>(
      'SELECT team FROM weekly_reports WHERE week = $1 ORDER BY team',
      [week],
    );
    return rows.map((r) => (r.team === '' ? null : r.team));
  }

  /** Cost and tokens per UTC day, team and provider over [from, to) (dates). */
  async dailySpend(from: string, to: string): Promise<DailySpendTotals[]> {
    const { rows } = await this.db.query<{ day: string; team: string; provider: string; cost: string; tokens: string }>(
      `WITH ${closedDaysSpend('$3')}
       SELECT to_char(day, 'YYYY-MM-DD') AS day, team, provider, sum(cost_usd)::text AS cost,
              sum(tokens)::text AS tokens
       FROM spend GROUP BY day, team, provider ORDER BY day, team, provider`,
      [from, to, await this.lateRowsSince(from, to)],
    );
    return rows.map((r) => ({
      day: r.day,
      team: r.team,
      provider: r.provider,
      costUsd: Number(r.cost),
      tokens: Number(r.tokens),
    }));
  }

  /** The earliest watermark of the rolled-up days in [from, to) (text: microseconds kept); 'infinity' without any. */
  private async lateRowsSince(from: string, to: string): Promise<string> {
    const { rows } = await this.db.query<{ since: string | null }>(
      'SELECT min(rolled_up_at)::text AS since FROM rollup_days WHERE day >= $1::date AND day < $2::date',
      [from, to],
    );
    return rows[0]?.since ?? 'infinity';
  }

  /** API cost and tokens, and self-hosted tokens, per ISO week and team over [from, to) (dates). */
  async weeklySpend(from: string, to: string, selfHostedProvider: string): Promise<WeeklySpendTotals[]> {
    // Grouped by the week's Monday and named once per group (to_char on every row cost more than the
    // sums). The planner takes team and week for independent and expects 36 times too many groups,
    // which, with the default work_mem, made it sort eight weeks of rows on disk instead of hashing
    // them; the groups (teams × weeks) need a few MB at most.
    const since = await this.lateRowsSince(from, to);
    const rows = await this.db.transaction(async (client) => {
      await client.query(`SET LOCAL work_mem = '64MB'`);
      const result = await client.query<{ week: string; team: string; cost: string; api: string; self: string }>(
        `WITH ${closedDaysSpend('$4')}
         SELECT to_char(monday, 'IYYY-"W"IW') AS week, team, cost::text, api::text, self::text
         FROM (
           SELECT date_trunc('week', day::timestamp) AS monday, team,
                  coalesce(sum(cost_usd) FILTER (WHERE provider <> $3), 0) AS cost,
                  coalesce(sum(tokens) FILTER (WHERE provider <> $3), 0) AS api,
                  coalesce(sum(tokens) FILTER (WHERE provider = $3), 0) AS self
           FROM spend GROUP BY 1, team) weeks
         ORDER BY monday, team`,
        [from, to, selfHostedProvider, since],
      );
      return result.rows;
    });
    return rows.map((r) => ({
      week: r.week,
      team: r.team,
      apiCostUsd: Number(r.cost),
      apiTokens: Number(r.api),
      selfHostedTokens: Number(r.self),
    }));
  }

  /** The latest planner night on or before `day` that produced recommendations, or null. */
  async latestRecommendationNight(day: string): Promise<string | null> {
    const { rows } = await this.db.query<{ night: string | null }>(
      `SELECT to_char(max(run_date), 'YYYY-MM-DD') AS night FROM recommendations WHERE run_date <= $1::date`,
      [day],
    );
    return rows[0]?.night ?? null;
  }

  /** The last day the nightly rollup has closed, or null before its first night. */
  async lastRolledUpDay(): Promise<string | null> {
    const { rows } = await this.db.query<{ day: string | null }>(
      `SELECT to_char(max(day), 'YYYY-MM-DD') AS day FROM rollup_days`,
    );
    return rows[0]?.day ?? null;
  }

  /** The latest planner night on or before `day` that produced forecasts, or null. */
  async latestForecastNight(day: string): Promise<string | null> {
    const { rows } = await this.db.query<{ night: string | null }>(
      `SELECT to_char(max(run_date), 'YYYY-MM-DD') AS night FROM volume_forecasts WHERE run_date <= $1::date`,
      [day],
    );
    return rows[0]?.night ?? null;
  }
}
