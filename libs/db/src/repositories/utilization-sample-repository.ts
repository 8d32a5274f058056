// utilization_samples: one stats reading of a deployment, from a vLLM stats log line (`log`) or a
// metrics scrape (`metrics`). Written in bulk and idempotently (the key is deployment, time,
// engine, source, replica), so a redelivered log line or a retried scrape stores nothing new.
import { Injectable } from '@nestjs/common';
import { DatabasePool } from '../client/database-pool';
import type { SqlExecutor } from '../client/sql-executor';

export type UtilizationSource = 'log' | 'metrics';

export interface UtilizationSampleRow {
  deployment: string;
  time: Date;
  /** vLLM engine index; 0 when the source names none (or for a whole-server scrape). */
  engine: number;
  /** The replica (pod, else host) a log line came from, as its shipper named it; absent or "" when none. */
  replica?: string;
  source: UtilizationSource;
  /** Seconds the reading covers (the stats window, or the time since the previous scrape). */
  intervalSec: number;
  promptTokensPerSec: number | null;
  generationTokensPerSec: number | null;
  running: number | null;
  waiting: number | null;
  swapped: number | null;
  kvCacheUsagePct: number | null;
  prefixCacheHitRatePct: number | null;
  gpuUtilPct: number | null;
  gpuEngineActivePct: number | null;
  powerWatts: number | null;
  energyJoules: number | null;
}

/** A stored sample; decimals come back as strings, as stored. */
export interface StoredUtilizationSample {
  deployment: string;
  time: Date;
  engine: number;
  replica: string;
  source: UtilizationSource;
  intervalSec: string;
  promptTokensPerSec: string | null;
  generationTokensPerSec: string | null;
  running: number | null;
  waiting: number | null;
  swapped: number | null;
  kvCacheUsagePct: string | null;
  prefixCacheHitRatePct: string | null;
  gpuUtilPct: string | null;
  gpuEngineActivePct: string | null;
  powerWatts: string | null;
  energyJoules: string | null;
}

/** Largest values the columns hold (numeric(p, s) and int4); a reading beyond them is not a real one. */
export const UTILIZATION_LIMITS = {
  intervalSec: 99_999,
  tokensPerSec: 99_999_999_999,
  count: 2_147_483_647,
  pct: 999.999,
  powerWatts: 999_999_999,
  /** numeric(17, 0)'s 10^17 − 1 is not a double; 1e17 is the nearest one, and no real reading comes close. */
  energyJoules: 1e17,
} as const;

const INSERT = `
INSERT INTO utilization_samples (deployment, time, engine, source, interval_sec, prompt_tokens_per_sec,
  generation_tokens_per_sec, running, waiting, swapped, kv_cache_usage_pct, prefix_cache_hit_rate_pct,
  gpu_util_pct, gpu_engine_active_pct, power_watts, energy_joules, replica)
SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::int4[], $4::text[], $5::numeric[], $6::numeric[],
  $7::numeric[], $8::int4[], $9::int4[], $10::int4[], $11::numeric[], $12::numeric[], $13::numeric[],
  $14::numeric[], $15::numeric[], $16::numeric[], $17::text[])
ON CONFLICT DO NOTHING`;

// For each (deployment, engine, replica, before): the latest log sample strictly before it.
const PREVIOUS_LOG_TIMES = `
SELECT k.n, p.time AS previous
FROM unnest($1::text[], $2::int4[], $3::text[], $4::timestamptz[]) WITH ORDINALITY AS k(deployment, engine, replica,
  before, n)
LEFT JOIN LATERAL (
  SELECT max(s.time) AS time FROM utilization_samples s
  WHERE s.deployment = k.deployment AND s.engine = k.engine AND s.replica = k.replica AND s.source = 'log'
    AND s.time < k.before
) p ON true`;

// V0 prints its prefix cache hit rate on a line of its own, in the same second as the stats line.
const ATTACH_PREFIX_HIT_RATE = `
UPDATE utilization_samples s SET prefix_cache_hit_rate_pct = m.pct
FROM (
  SELECT k.deployment, k.pct, (
    SELECT max(x.time) FROM utilization_samples x
    WHERE x.deployment = k.deployment AND x.source = 'log' AND x.engine = 0 AND x.replica = k.replica
      AND x.time BETWEEN k.at - interval '2 seconds' AND k.at
  ) AS target, k.replica
  FROM unnest($1::text[], $2::timestamptz[], $3::numeric[], $4::text[]) AS k(deployment, at, pct, replica)
) m
WHERE s.deployment = m.deployment AND s.time = m.target AND s.source = 'log' AND s.engine = 0
  AND s.replica = m.replica AND s.prefix_cache_hit_rate_pct IS NULL`;

@Injectable()
export class UtilizationSampleRepository {
  constructor(private readonly db: DatabasePool) {}

  /** Inserts the samples whose key is new; returns how many were new. */
  async insertBatch(samples: UtilizationSampleRow[], executor: SqlExecutor = this.db): Promise<number> {
    if (samples.length === 0) return 0;
    const columns: unknown[][] = Array.from({ length: 17 }, () => new Array(samples.length));
    samples.forEach((s, i) => {
      columns[0][i] = s.deployment;
      columns[1][i] = s.time.toISOString();
      columns[2][i] = s.engine;
      columns[3][i] = s.source;
      columns[4][i] = s.intervalSec;
      columns[5][i] = s.promptTokensPerSec;
      columns[6][i] = s.generationTokensPerSec;
      columns[7][i] = s.running;
      columns[8][i] = s.waiting;
      columns[9][i] = s.swapped;
      columns[10][i] = s.kvCacheUsagePct;
      columns[11][i] = s.prefixCacheHitRatePct;
      columns[12][i] = s.gpuUtilPct;
      columns[13][i] = s.gpuEngineActivePct;
      columns[14][i] = s.powerWatts;
      columns[15][i] = s.energyJoules;
      columns[16][i] = s.replica ?? '';
    });
    const result = await executor.query(INSERT, columns);
    return result.rowCount ?? 0;
  }

  /**
   * Time of the latest `log` sample before each `before`, per deployment, engine and replica (null when
   * none): the previous stats line, which sets the window a stats line's throughput covers.
   */
  async previousLogSampleTimes(
    keys: ReadonlyArray<{ deployment: string; engine: number; replica?: string; before: Date }>,
  ): Promise<Array<Date | null>> {
    if (keys.length === 0) return [];
    const { rows } = await this.db.query<{ n: string; previous: Date | null }>(PREVIOUS_LOG_TIMES, [
      keys.map((k) => k.deployment),
      keys.map((k) => k.engine),
      keys.map((k) => k.replica ?? ''),
      keys.map((k) => k.before.toISOString()),
    ]);
    const byOrdinal = new Map(rows.map((row) => [Number(row.n), row.previous]));
    return keys.map((_, i) => byOrdinal.get(i + 1) ?? null);
  }

  /**
   * Which of these (deployment, engine, time) already have a `log` sample stored without a replica: lines
   * stored before replicas were told apart, which a redelivery now names. Keys `deployment\0engine\0ISO time`.
   */
  async unnamedLogSamplesAt(
    keys: ReadonlyArray<{ deployment: string; engine: number; time: Date }>,
  ): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const { rows } = await this.db.query<{ deployment: string; engine: number; time: Date }>(
      `SELECT s.deployment, s.engine, s.time FROM utilization_samples s
       JOIN unnest($1::text[], $2::int4[], $3::timestamptz[]) AS k(deployment, engine, time)
         ON s.deployment = k.deployment AND s.time = k.time AND s.engine = k.engine
       WHERE s.source = 'log' AND s.replica = ''`,
      [keys.map((k) => k.deployment), keys.map((k) => k.engine), keys.map((k) => k.time.toISOString())],
    );
    return new Set(rows.map((r) => unnamedSampleKey(r.deployment, r.engine, r.time)));
  }

  /** Sets the prefix cache hit rate on the log sample of the same second that has none yet. */
  async attachPrefixHitRates(
    readings: ReadonlyArray<{ deployment: string; time: Date; pct: number; replica?: string }>,
  ): Promise<number> {
    if (readings.length === 0) return 0;
    const result = await this.db.query(ATTACH_PREFIX_HIT_RATE, [
      readings.map((r) => r.deployment),
      readings.map((r) => r.time.toISOString()),
      readings.map((r) => r.pct),
      readings.map((r) => r.replica ?? ''),
    ]);
    return result.rowCount ?? 0;
  }

  /** A deployment's samples in [from, to), oldest first. */
  async list(deployment: string, from: Date, to: Date, source?: UtilizationSource): Promise<StoredUtilizationSample[]> {
    const { rows } = await this.db.query<StoredUtilizationSample>(
      `SELECT deployment, time, engine, replica, source, interval_sec::text AS "intervalSec",
         prompt_tokens_per_sec::text AS "promptTokensPerSec", generation_tokens_per_sec::text AS
           "generationTokensPerSec",
         running, waiting, swapped, kv_cache_usage_pct::text AS "kvCacheUsagePct",
         prefix_cache_hit_rate_pct::text AS "prefixCacheHitRatePct", gpu_util_pct::text AS "gpuUtilPct",
         gpu_engine_active_pct::text AS "gpuEngineActivePct", power_watts::text AS "powerWatts",
         energy_joules::text AS "energyJoules"
       FROM utilization_samples
       WHERE deployment = $1 AND time >= $2 AND time < $3 AND ($4::text IS NULL OR source = $4)
       ORDER BY time, engine, replica, source`,
      [deployment, from.toISOString(), to.toISOString(), source ?? null],
    );
    return rows;
  }

  /** Stats-line samples of these deployments since `since`. */
  async countLogSamples(deployments: readonly string[], since: Date): Promise<number> {
    const { rows } = await this.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM utilization_samples WHERE source = 'log' AND deployment = ANY($1::text[]) AND
         time > $2`,
      [deployments, since.toISOString()],
    );
    return Number(rows[0]!.n);
  }
}

/** The key unnamedLogSamplesAt answers with. */
export const unnamedSampleKey = (deployment: string, engine: number, time: Date): string =>
  `${deployment}\u0000${engine}\u0000${time.toISOString()}`;
