// Synthetic usage history with known shapes for the nightly planner's end-to-end test, written
// straight into usage_records with one set-based INSERT per team (hourly rows).
import type { Client } from 'pg';

export const HISTORY_DAYS = 120;

/** Partitions for the months the history covers (the init migration's SQL function). */
export async function ensureMonthlyPartitions(sql: Client, from: Date, to: Date): Promise<void> {
  const end = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth() + 2, 1));
  await sql.query("SELECT tokenmeter_ensure_monthly_partitions('usage_facts', $1::date, $2::date)", [
    from.toISOString().slice(0, 10),
    end.toISOString().slice(0, 10),
  ]);
}

interface Shape {
  team: string;
  provider: string;
  model: string;
  deployment: string | null;
  /** SQL for the tokens of hour h (0-based from the first hour), day d = h / 24. */
  tokensSql: string;
  inputPerMTok: number | null;
  outputPerMTok: number | null;
  basis?: string;
}

export const SHAPES: Shape[] = [
  // ~6M tokens/month, flat with a little noise: the API wins.
  {
    team: 'flat-small',
    provider: 'openai',
    model: 'gpt-4o-mini',
    deployment: null,
    tokensSql: '8333 * (1 + 0.1 * sin(h))',
    inputPerMTok: 0.15,
    outputPerMTok: 0.6,
  },
  // 5M → 30M tokens/day over 120 days, lighter weekends: through every volume threshold.
  {
    team: 'growth',
    provider: 'openai',
    model: 'gpt-4o',
    deployment: null,
    tokensSql: '(5e6 + 25e6 * (h / 24) / 119.0) / 24 * (CASE WHEN extract(isodow FROM t) >= 6 THEN 0.6 ELSE 1.08 END)',
    inputPerMTok: 2.5,
    outputPerMTok: 10,
  },
  // A steady 30M tokens/day base with ten-fold bursts in about 8% of hours.
  {
    team: 'spiky',
    provider: 'anthropic',
    model: 'claude-sonnet-4',
    deployment: null,
    tokensSql: '1.25e6 * (CASE WHEN (h * 7919) % 97 < 8 THEN 10 ELSE 1 END)',
    inputPerMTok: 3,
    outputPerMTok: 15,
  },
  // Self-hosted: 13M tokens/day on a deployment rated 1000 tokens/s (86.4M/day): 15% utilization.
  {
    team: 'gpu',
    provider: 'self-hosted',
    model: 'llama-3.1-70b',
    deployment: 'gpu-pool-a',
    tokensSql: '13e6 / 24.0',
    inputPerMTok: null,
    outputPerMTok: null,
    basis: 'counter',
  },
];

/** Loads HISTORY_DAYS days ending on `lastDay` (inclusive) for every shape, plus the deployment. */
export async function loadPlannerHistory(
  sql: Client,
  lastDay: string,
  extra: { fillerScopes?: number } = {},
): Promise<void> {
  const first = new Date(`${lastDay}T00:00:00Z`);
  first.setUTCDate(first.getUTCDate() - (HISTORY_DAYS - 1));
  await ensureMonthlyPartitions(sql, first, new Date(`${lastDay}T00:00:00Z`));
  for (const s of SHAPES) {
    const cost =
      s.inputPerMTok === null
        ? 'NULL'
        : `round((tok * 0.7 * ${s.inputPerMTok} + tok * 0.3 * ${s.outputPerMTok}) / 1e6, 10)`;
    await sql.query(
      `INSERT INTO usage_records (source, id, time, team, project, tags, provider, model, deployment, input_tokens,
         cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, requests, cost_usd, price_version,
         ingested_at)
       SELECT 'synthetic', $1 || '-' || h, t, $1, 'main', $5::jsonb, $2, $3, $4,
              round(tok * 0.7), 0, 0, round(tok * 0.3), 0, 10,
              ${cost}, 'synthetic', t + interval '1 minute'
       FROM (SELECT h, t, (${s.tokensSql})::numeric AS tok
             FROM generate_series(0, ${HISTORY_DAYS * 24 - 1}) AS h,
             LATERAL (SELECT $6::timestamptz + h * interval '1 hour' AS t) x) g`,
      [
        s.team,
        s.provider,
        s.model,
        s.deployment,
        JSON.stringify(s.basis ? { basis: s.basis } : {}),
        first.toISOString(),
      ],
    );
  }
  if (extra.fillerScopes) {
    // Many small, slightly different API workloads: enough forecasting work to take a few seconds.
    await sql.query(
      `INSERT INTO usage_records (source, id, time, team, project, tags, provider, model, deployment, input_tokens,
         cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, requests, cost_usd, price_version,
         ingested_at)
       SELECT 'filler', s || '-' || d, $2::timestamptz + d * interval '1 day' + interval '12 hours',
              'filler-' || (s % 20), NULL, '{}',
              'openai', 'gpt-4o-mini-' || s, NULL, 10000 + s * 10 + d * (s % 7) * 10,
              0, 0, 3000, 0, 5, 0.01, 'synthetic', now() - interval '1 day'
       FROM generate_series(0, $1 - 1) s, generate_series(0, ${HISTORY_DAYS - 1}) d`,
      [extra.fillerScopes, first.toISOString()],
    );
  }
  await sql.query(
    `INSERT INTO deployments (id, name, team, served_model, gpu_type, gpu_count, gpu_unit_price_usd, gpu_power_watts,
       electricity_usd_per_kwh, rated_throughput_tokens_per_sec, created_at, updated_at)
     VALUES (gen_random_uuid(), 'gpu-pool-a', 'gpu', 'llama-3.1-70b', 'a100-80gb', 2, 15000, 400, 0.15, 1000,
       now() - interval '365 days', now())`,
  );
}
