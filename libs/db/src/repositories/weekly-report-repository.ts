// weekly_reports: each week's stored report (the organization's under team '' and one per team),
// and the read-only queries a report is built from: the closed days' rollups with their late rows, and
// which planner night a week's recommendations and forecasts come from.
import { Injectable } from '@nestjs/common';
import { DatabasePool } from '../client/database-pool';
import { presentParts, rollupAndRawParts } from './rollup-and-raw';

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
/** No closed day in the range: no rows, in the parts' columns. */
const EMPTY_SPEND = `SELECT NULL::date AS day, NULL::text AS team, NULL::text AS provider, NULL::numeric AS cost_usd,
  NULL::bigint AS tokens WHERE false`;

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
    const params: unknown[] = [];
    const spend = await this.closedDaysSpend(from, to, params);
    const { rows } = await this.db.query<{ day: string; team: string; provider: string; cost: string; tokens: string }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, team, provider, sum(cost_usd)::text AS cost,
              sum(tokens)::text AS tokens
       FROM (${spend}) spend GROUP BY day, team, provider ORDER BY day, team, provider`,
      params,
    );
    return rows.map((r) => ({
      day: r.day,
      team: r.team,
      provider: r.provider,
      costUsd: Number(r.cost),
      tokens: Number(r.tokens),
    }));
  }

  /**
   * (day, team, provider, cost_usd, tokens) of the days in [from, to) (dates) the nightly rollup has closed: their
   * rollups plus their late rows (rollup-and-raw.ts). Days not rolled up yet (today) are left out: a report counts
   * closed days only. Adds its parameters to `params`.
   */
  private async closedDaysSpend(from: string, to: string, params: unknown[]): Promise<string> {
    const param = (value: unknown) => `$${params.push(value)}`;
    const range = { from: new Date(`${from}T00:00:00Z`), to: new Date(`${to}T00:00:00Z`) };
    const parts = await rollupAndRawParts(this.db, range, param, {
      rollup: (days) =>
        `SELECT day, team, provider, cost_usd, ${ALL_TOKENS} AS tokens
           FROM usage_rollups_daily WHERE day = ANY(${days}::date[])`,
      raw: `(u.time AT TIME ZONE 'UTC')::date AS day, u.team, u.provider, u.cost_usd, ${ALL_TOKENS} AS tokens`,
      where: '',
      closedDaysOnly: true,
    });
    return presentParts(parts).join('\n UNION ALL\n') || EMPTY_SPEND;
  }

  /** API cost and tokens, and self-hosted tokens, per ISO week and team over [from, to) (dates). */
  async weeklySpend(from: string, to: string, selfHostedProvider: string): Promise<WeeklySpendTotals[]> {
    // Grouped by the week's Monday and named once per group (to_char on every row cost more than the
    // sums). The planner takes team and week for independent and expects 36 times too many groups,
    // which, with the default work_mem, made it sort eight weeks of rows on disk instead of hashing
    // them; the groups (teams × weeks) need a few MB at most.
    const params: unknown[] = [selfHostedProvider];
    const spend = await this.closedDaysSpend(from, to, params);
    const rows = await this.db.transaction(async (client) => {
      await client.query(`SET LOCAL work_mem = '64MB'`);
      const result = await client.query<{ week: string; team: string; cost: string; api: string; self: string }>(
        `SELECT to_char(monday, 'IYYY-"W"IW') AS week, team, cost::text, api::text, self::text
         FROM (
           SELECT date_trunc('week', day::timestamp) AS monday, team,
                  coalesce(sum(cost_usd) FILTER (WHERE provider <> $1), 0) AS cost,
                  coalesce(sum(tokens) FILTER (WHERE provider <> $1), 0) AS api,
                  coalesce(sum(tokens) FILTER (WHERE provider = $1), 0) AS self
           FROM (${spend}) spend GROUP BY 1, team) weeks
         ORDER BY monday, team`,
        params,
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
