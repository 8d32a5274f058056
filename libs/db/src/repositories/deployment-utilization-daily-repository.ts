// deployment_utilization_daily: each self-hosted deployment's day (utilization, idle waste);
// written by the nightly planner, upserted by (day, deployment) so a re-run replaces the day.
import { Injectable } from '@nestjs/common';
import type { DeploymentDayUtilization } from '@tokenmeter/finops';
import { DatabasePool } from '../client/database-pool';

/** A deployment's computed day (libs/finops deploymentDayUtilization), stored under its day and team. */
export interface DeploymentUtilizationRow extends Omit<DeploymentDayUtilization, 'basis' | 'electricityBasis'> {
  day: string;
  deployment: string;
  team: string;
  basis: string;
  electricityBasis: string;
}

const num = (v: number | null, digits: number) => (v === null ? null : v.toFixed(digits));

/** A deployment's seven planned days to a night: how busy, what it cost, how much of that was idle. */
export interface DeploymentWeekTotals {
  deployment: string;
  /** Output tokens ÷ output capacity over the week; null when any day's capacity is unknown. */
  utilizationPct: number | null;
  /** Share of the week in logging intervals with work: an upper bound on the time a request ran (not utilization). */
  occupancyPct: number | null;
  kvCacheAvgPct: number | null;
  /** `rated`, `catalog` or `unknown` (the latest day's). */
  basis: string;
  capacityOutputTokensPerSec: number | null;
  costUsd: number;
  idleWasteUsd: number;
  servedTokens: bigint;
}

@Injectable()
export class DeploymentUtilizationDailyRepository {
  constructor(private readonly db: DatabasePool) {}

  async replaceDay(day: string, rows: DeploymentUtilizationRow[]): Promise<void> {
    await this.db.replaceDate('deployment_utilization_daily', 'day', day, async (client) => {
      for (const r of rows) {
        await client.query(
          `INSERT INTO deployment_utilization_daily (day, deployment, team, paid_hours, served_tokens,
             capacity_tokens, utilization,
             busy_share, kv_cache_avg_pct, gpu_engine_active_pct, energy_kwh, energy_cost_usd, daily_cost_usd,
               idle_waste_usd, basis, input_tokens, capacity_output_tokens_per_sec, electricity_basis, idle_waste_basis)
           VALUES ($1::date, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
          [
            day,
            r.deployment,
            r.team,
            r.paidHours.toFixed(3),
            Math.round(r.servedTokens),
            r.capacityTokens === null ? null : Math.round(r.capacityTokens),
            num(r.utilization, 6),
            num(r.busyShare, 6),
            num(r.kvCacheAvgPct, 3),
            num(r.gpuEngineActivePct, 3),
            num(r.energyKwh, 4),
            num(r.energyCostUsd, 4),
            r.dailyCostUsd.toFixed(4),
            num(r.idleWasteUsd, 4),
            r.basis,
            Math.round(r.inputTokens),
            num(r.capacityOutputTokensPerSec, 2),
            r.electricityBasis,
            r.idleWasteBasis,
          ],
        );
      }
    });
  }

  /** Rows of [from, to] (dates, inclusive), oldest first; only `deployment`'s when given (filtered in SQL). */
  async range(from: string, to: string, deployment?: string): Promise<DeploymentUtilizationRow[]> {
    const { rows } = await this.db.query<Record<string, unknown>>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, deployment, team, paid_hours, served_tokens, capacity_tokens,
         utilization, busy_share,
              kv_cache_avg_pct, gpu_engine_active_pct, energy_kwh, energy_cost_usd, daily_cost_usd,
                idle_waste_usd, basis, input_tokens, capacity_output_tokens_per_sec, electricity_basis, idle_waste_basis
       FROM deployment_utilization_daily
       WHERE day BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR deployment = $3)
       ORDER BY deployment, day`,
      [from, to, deployment ?? null],
    );
    const n = (v: unknown) => (v === null ? null : Number(v));
    return rows.map((r) => ({
      day: r.day as string,
      deployment: r.deployment as string,
      team: r.team as string,
      paidHours: Number(r.paid_hours),
      servedTokens: Number(r.served_tokens),
      capacityTokens: n(r.capacity_tokens),
      utilization: n(r.utilization),
      busyShare: n(r.busy_share),
      kvCacheAvgPct: n(r.kv_cache_avg_pct),
      gpuEngineActivePct: n(r.gpu_engine_active_pct),
      energyKwh: n(r.energy_kwh),
      energyCostUsd: n(r.energy_cost_usd),
      dailyCostUsd: Number(r.daily_cost_usd),
      idleWasteUsd: n(r.idle_waste_usd),
      basis: r.basis as string,
      inputTokens: Number(r.input_tokens),
      capacityOutputTokensPerSec: n(r.capacity_output_tokens_per_sec),
      electricityBasis: r.electricity_basis as string,
      idleWasteBasis: r.idle_waste_basis as string,
    }));
  }

  /** Every deployment's seven days ending on `lastNight`. */
  async weekTotals(lastNight: string): Promise<DeploymentWeekTotals[]> {
    const { rows } = await this.db.query<{
      deployment: string;
      util: string | null;
      cost: string;
      idle: string | null;
      served: bigint;
      occupancy: string | null;
      kv: string | null;
      basis: string;
      rate: string | null;
    }>(
      `SELECT deployment,
              CASE WHEN bool_and(capacity_tokens IS NOT NULL) AND sum(capacity_tokens) > 0
                   THEN least(1, sum(served_tokens)::numeric / sum(capacity_tokens)) * 100 END AS util,
              sum(daily_cost_usd) AS cost, sum(idle_waste_usd) AS idle,
              sum(busy_share * paid_hours) / nullif(sum(paid_hours) FILTER (WHERE busy_share IS NOT NULL), 0) * 100
                AS occupancy,
              avg(kv_cache_avg_pct) AS kv, (array_agg(basis ORDER BY day DESC))[1] AS basis,
              (array_agg(capacity_output_tokens_per_sec ORDER BY day DESC))[1] AS rate,
              sum(served_tokens)::bigint AS served
       FROM deployment_utilization_daily WHERE day > $1::date - 7 AND day <= $1::date GROUP BY deployment
         ORDER BY deployment`,
      [lastNight],
    );
    return rows.map((row) => ({
      deployment: row.deployment,
      utilizationPct: row.util === null ? null : Number(row.util),
      occupancyPct: row.occupancy === null ? null : Number(row.occupancy),
      kvCacheAvgPct: row.kv === null ? null : Number(row.kv),
      basis: row.basis,
      capacityOutputTokensPerSec: row.rate === null ? null : Number(row.rate),
      costUsd: Number(row.cost),
      idleWasteUsd: Number(row.idle ?? 0),
      servedTokens: row.served,
    }));
  }
}
