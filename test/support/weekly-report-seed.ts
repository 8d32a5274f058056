// What a weekly report is built from, written straight into a suite's database: two teams (one
// with a name that needs HTML escaping), daily rollups for the report week and the weeks before,
// one deployment's utilization days, the Sunday night's recommendations and forecasts, an alert.

import { parseIsoWeek, shiftIsoWeek } from '@tokenmeter/contracts';
import type { Client } from 'pg';

export const SEED_TEAMS = { search: 'Search & <Ranking>', ads: 'Ads Platform' } as const;

export interface SeededWeek {
  week: string;
  lastDay: string;
}

/** Seeds `week` and the 8 weeks before it; every number is a round function of team and day. */
export async function seedWeeklyReportData(sql: Client, week: string): Promise<SeededWeek> {
  for (const [slug, name] of Object.entries(SEED_TEAMS)) {
    await sql.query(
      'INSERT INTO teams (id, slug, name) VALUES (gen_random_uuid(), $1, $2) ON CONFLICT (slug) DO NOTHING',
      [slug, name],
    );
  }
  const days = Array.from({ length: 9 }, (_, i) => parseIsoWeek(shiftIsoWeek(week, i - 8))!.days).flat();
  const lastDay = days.at(-1)!;
  for (const [index, day] of days.entries()) await seedUsageDay(sql, day, 1 + index / 60);
  await sql.query(
    `INSERT INTO recommendations (run_date, team, workload, kind, fingerprint,
       announced, rationale, inputs, numbers) VALUES
     ($1::date, 'search', 'api:openai/gpt-4o', 'MIGRATE_TO_SELF_HOSTED', repeat('a', 64), true,
      'Migrate: openai/gpt-4o is forecast at 1.5B tokens next month <b>not bold</b> (Meta, Llama 3.1 model card ' ||
      '<https://github.com/meta-llama/llama-models/blob/main/models/llama3_1/MODEL_CARD.md>).', '{}',
      '{"apiUsdPerMTok": 5.2, "capexUsd": 60000, "opexUsdPerMonth": 2400, "breakEvenMonths": 14.1, \
"savings12mUsd": 12000, "forecastTokensMonth1": 1500000000}'),
     ($1::date, 'ads', 'deployment:ads-small', 'RIGHTSIZE', repeat('b', 64), true,
      'Rightsize ads-small: 2 GPUs would do.', '{}', '{"savingsUsdPerMonth": 1500}'),
     ($1::date, 'ads', 'api:anthropic/claude-sonnet-4', 'STAY_ON_API', repeat('c', 64),
      false, 'Stay on the API.', '{}', '{}')`,
    [lastDay],
  );
  const months = (base: number) =>
    JSON.stringify(
      Array.from({ length: 36 }, (_, i) => ({
        month: i + 1,
        tokens: base * (1 + i / 20),
        lower: base * 0.8,
        upper: base * (1.2 + i / 10),
      })),
    );
  await sql.query(
    `INSERT INTO volume_forecasts (run_date, scope, team, provider, model, method,
       history_days, interval_level, confidence,
       tokens_3m, tokens_12m, tokens_36m, months) VALUES
     ($1::date, 'team-model', 'search', 'openai', 'gpt-4o', 'ets', 63, 0.9, 'high', 0, 0, 0, $2::jsonb),
     ($1::date, 'team', 'search', '', '', 'ets', 63, 0.9, 'high', 0, 0, 0, $3::jsonb),
     ($1::date, 'team', 'ads', '', '', 'ets', 63, 0.9, 'medium', 0, 0, 0, $4::jsonb)`,
    [lastDay, months(1500e6), months(1800e6), months(60e6)],
  );
  await sql.query(
    `INSERT INTO alert_events (team, kind, subject, run_date, transition, value, threshold, message) VALUES
     ('search', 'idle-waste', 'llama-a', $1::date, 'fired', 0.7, 0.5, 'llama-a idle 70% of paid capacity'),
     ('ads', 'spend-spike', 'anthropic/claude-sonnet-4', $1::date, 'fired', 2.1, 1.5, 'ads spend 2.1× last week')`,
    [parseIsoWeek(week)!.days[3]],
  );
  return { week, lastDay };
}

/**
 * One day of rollups (two API workloads, one self-hosted) and the deployment's utilization; `growth` scales search's
 * API use.
 */
export async function seedUsageDay(sql: Client, day: string, growth: number): Promise<void> {
  const rollups: [string, string, string, number, number][] = [
    ['search', 'openai', 'gpt-4o', 40 * growth, 8_000_000 * growth],
    ['ads', 'anthropic', 'claude-sonnet-4', 15, 2_000_000],
    ['search', 'self-hosted', 'llama-3.1-70b', 0, 12_000_000],
  ];
  for (const [team, provider, model, cost, tokens] of rollups) {
    await sql.query(
      `INSERT INTO usage_rollups_daily (day, team, project, provider, model, deployment,
         input_tokens, cached_input_tokens,
         cache_write_tokens, output_tokens, reasoning_tokens, requests, cost_usd, records, unpriced_records)
       VALUES ($1::date, $2, '', $3, $4, $5, $6, 0, 0, $7, 0, 100, $8, 100, 0)`,
      [
        day,
        team,
        provider,
        model,
        provider === 'self-hosted' ? 'llama-a' : '',
        Math.round(tokens * 0.7),
        Math.round(tokens * 0.3),
        cost.toFixed(4),
      ],
    );
  }
  // Closed as the nightly rollup closes a day: a running week counts its days through the last one closed.
  await sql.query(
    `INSERT INTO rollup_days (day, rolled_up_at, records) VALUES ($1::date, now(), 300) ON CONFLICT (day) DO NOTHING`,
    [day],
  );
  await sql.query(
    `INSERT INTO deployment_utilization_daily (day, deployment, team, paid_hours,
       served_tokens, capacity_tokens, utilization,
       daily_cost_usd, idle_waste_usd, basis)
     VALUES ($1::date, 'llama-a', 'search', 24, 12000000, 40000000, $2, 96, $3, 'throughput')`,
    [day, (0.3).toFixed(6), (96 * 0.7).toFixed(4)],
  );
}
