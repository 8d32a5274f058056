// Read-only daily aggregates of utilization_samples (written by the telemetry consumer and the
// metrics scraper) for the nightly utilization step.
import { Injectable } from '@nestjs/common';
import { DatabasePool } from '../client/database-pool';

export interface DeploymentSampleStats {
  deployment: string;
  coveredSec: number;
  busySec: number;
  kvCacheAvgPct: number | null;
  gpuEngineActivePct: number | null;
  energyKwh: number | null;
  /** Seconds the energy figure covers (DCGM scrapes); the rest of the day is scaled from them. */
  energyCoveredSec: number | null;
}

@Injectable()
export class PlannerSampleStatsRepository {
  constructor(private readonly db: DatabasePool) {}

  /**
   * One line per deployment. A deployment read both from logs and from scrapes has two series
   * covering the same seconds: busy time and KV cache come from the series covering more of the
   * day, GPU-engine activity and energy from whichever series measured them (DCGM scrapes).
   */
  async forDay(day: string): Promise<Map<string, DeploymentSampleStats>> {
    const { rows } = await this.db.query<Record<string, string | null>>(
      `WITH per_source AS (
         SELECT deployment, source,
                sum(interval_sec) AS covered,
                coalesce(sum(interval_sec) FILTER (WHERE coalesce(running, 0) > 0
                  OR coalesce(prompt_tokens_per_sec, 0) + coalesce(generation_tokens_per_sec, 0) > 0), 0) AS busy,
                sum(kv_cache_usage_pct * interval_sec) / nullif(sum(interval_sec) FILTER (WHERE
                  kv_cache_usage_pct IS NOT NULL), 0) AS kv,
                sum(gpu_engine_active_pct * interval_sec) / nullif(sum(interval_sec) FILTER (WHERE
                  gpu_engine_active_pct IS NOT NULL), 0) AS engine,
                sum(coalesce(energy_joules, power_watts * interval_sec)) / 3600000 AS kwh,
                sum(interval_sec) FILTER (WHERE energy_joules IS NOT NULL OR power_watts IS NOT NULL) AS energy_covered
         FROM utilization_samples
         WHERE time >= ($1::date)::timestamp AT TIME ZONE 'UTC' AND time < ($1::date + 1)::timestamp AT TIME ZONE 'UTC'
         GROUP BY deployment, source),
       widest AS (SELECT DISTINCT ON (deployment) * FROM per_source ORDER BY deployment, covered DESC)
       SELECT w.deployment, w.covered::text AS covered, w.busy::text AS busy, w.kv::text AS kv,
              (SELECT max(p.engine) FROM per_source p WHERE p.deployment = w.deployment)::text AS engine,
              (SELECT max(p.kwh) FROM per_source p WHERE p.deployment = w.deployment)::text AS kwh,
              (SELECT p.energy_covered FROM per_source p WHERE p.deployment = w.deployment AND p.kwh IS NOT NULL
                 ORDER BY p.kwh DESC LIMIT 1)::text AS energy_covered
       FROM widest w`,
      [day],
    );
    const n = (v: string | null) => (v === null ? null : Number(v));
    return new Map(
      rows.map((r) => [
        r.deployment as string,
        {
          deployment: r.deployment as string,
          coveredSec: Number(r.covered ?? 0),
          busySec: Number(r.busy ?? 0),
          kvCacheAvgPct: n(r.kv),
          gpuEngineActivePct: n(r.engine),
          energyKwh: n(r.kwh),
          energyCoveredSec: n(r.energy_covered),
        },
      ]),
    );
  }
}
