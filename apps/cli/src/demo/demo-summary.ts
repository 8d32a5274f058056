import { DatabasePool } from '@tokenmeter/db';

export interface TeamSpend {
  team: string;
  events: number;
  tokens: bigint;
  costUsd: string;
}

/** What the demo reports per team: straight from the stored records, so every figure is traceable. */
export async function teamSpend(db: DatabasePool, source: string): Promise<TeamSpend[]> {
  const { rows } = await db.query<{ team: string; events: string; tokens: bigint; cost: string }>(
    `SELECT team, count(*) AS events,
            sum(input_tokens + cached_input_tokens + cache_write_tokens + output_tokens)::bigint AS tokens,
            coalesce(sum(cost_usd), 0)::numeric(20, 2)::text AS cost
     FROM usage_records WHERE source = $1 GROUP BY team ORDER BY sum(cost_usd) DESC NULLS LAST`,
    [source],
  );
  return rows.map((row) => ({ team: row.team, events: Number(row.events), tokens: row.tokens, costUsd: row.cost }));
}

export async function countStored(db: DatabasePool, source: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM usage_records WHERE source = $1', [source]);
  return Number(rows[0].n);
}

/** Stats-line samples of the demo fleet since `since`. */
export async function countLogSamples(db: DatabasePool, since: Date): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM utilization_samples WHERE source = 'log' AND deployment IN ('llama-70b-pool', 'qwen-30b-l40s') AND time > $1`,
    [since.toISOString()],
  );
  return Number(rows[0].n);
}

export interface DeploymentWeek {
  deployment: string;
  utilizationPct: number | null;
  costUsd: number;
  idleWasteUsd: number;
  servedTokens: bigint;
}

/** The fleet's last seven planned days: how busy, what it cost, how much of that was idle. */
export async function deploymentWeek(db: DatabasePool, lastNight: string): Promise<DeploymentWeek[]> {
  const { rows } = await db.query<{ deployment: string; util: string | null; cost: string; idle: string | null; served: bigint }>(
    `SELECT deployment, avg(utilization) * 100 AS util, sum(daily_cost_usd) AS cost, sum(idle_waste_usd) AS idle, sum(served_tokens)::bigint AS served
     FROM deployment_utilization_daily WHERE day > $1::date - 7 AND day <= $1::date GROUP BY deployment ORDER BY deployment`,
    [lastNight],
  );
  return rows.map((row) => ({
    deployment: row.deployment,
    utilizationPct: row.util === null ? null : Number(row.util),
    costUsd: Number(row.cost),
    idleWasteUsd: Number(row.idle ?? 0),
    servedTokens: row.served,
  }));
}
