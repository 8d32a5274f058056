// deployment_utilization_daily: each self-hosted deployment's day (utilization, idle waste);
// written by the nightly planner, upserted by (day, deployment) so a re-run replaces the day.
import { Injectable } from '@nestjs/common';
import type { DeploymentDayUtilization } from '@tokenmeter/finops';
import { DatabasePool } from '../client/database-pool';

/** A deployment's computed day (libs/finops deploymentDayUtilization), stored under its day and team. */
export interface DeploymentUtilizationRow extends Omit<DeploymentDayUtilization, 'basis'> {
  day: string;
  deployment: string;
  team: string;
  basis: string;
}

const num = (v: number | null, digits: number) => (v === null ? null : v.toFixed(digits));

/** A deployment's seven planned days to a night: how busy, what it cost, how much of that was idle. */
export interface DeploymentWeekTotals {
  deployment: string;
  utilizationPct: number | null;
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
               idle_waste_usd, basis)
           VALUES ($1::date, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
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
                idle_waste_usd, basis
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
    }>(
      `SELECT deployment, avg(utilization) * 100 AS util, sum(daily_cost_usd) AS cost, sum(idle_waste_usd) AS idle,
              sum(served_tokens)::bigint AS served
       FROM deployment_utilization_daily WHERE day > $1::date - 7 AND day <= $1::date GROUP BY deployment
         ORDER BY deployment`,
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
}
