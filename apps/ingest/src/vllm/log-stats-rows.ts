// One deployment's stats lines → utilization samples and self-hosted usage rows. The window each
// line covers follows libs/telemetry's rule (stats-to-usage.ts): the gap to the same series' (replica and
// engine, log-series.ts) previous stats line when it is at most 1.5 × the logging interval, else the interval
// itself (a longer gap means idle lines were not printed, not that tokens were lost). The previous line may
// be in an earlier batch: the caller passes, per series, the time of the latest stored log sample
// before this batch's first line, so a redelivered batch computes exactly the same rows.
import {
  SELF_HOSTED_BASIS_TAG,
  SELF_HOSTED_PROVIDER,
  selfHostedModel,
  vllmLogUsageId,
  vllmLogUsageSource,
} from '@tokenmeter/contracts';
import { UsageRow, UTILIZATION_LIMITS, UtilizationSampleRow } from '@tokenmeter/db';
import {
  bookedIntervalTokens,
  intervalUsageForStats,
  type StatsRecord,
  statsToUtilizationSample,
  type UtilizationSample,
} from '@tokenmeter/telemetry';
import { type FromReplica, logSeriesKey, type Replica, replicaOf } from './log-series';

/** vLLM's V0 engine logs every 5 s, hard-coded (`_LOCAL_LOGGING_INTERVAL_SEC`); only V1's is configurable. */
const V0_INTERVAL_SECONDS = 5;

export interface LogStatsDeployment {
  name: string;
  team: string;
  servedModel: string;
  /** VLLM_LOG_STATS_INTERVAL of the deployment's V1 engine, as stored (decimal text). */
  logStatsIntervalSec: string;
}

/** A stats record with a time (the consumer always has one: the shipper's or Kafka's), and its replica. */
export type TimedStats = StatsRecord & { time: string } & FromReplica;

export interface LogStatsRows {
  samples: UtilizationSampleRow[];
  usage: UsageRow[];
  /** Stats records whose numbers no real engine prints (beyond what the columns hold). */
  rejected: TimedStats[];
}

export function engineOf(stats: StatsRecord): number {
  return stats.engine ?? 0;
}

/** A figure a line may carry: absent, or a finite number from 0 to `max`. */
export function within(value: number | null, max: number): boolean {
  return value === null || (Number.isFinite(value) && value >= 0 && value <= max);
}

/** The figures every engine's stats line may carry, each within what a deployment can show. */
export function plausibleCommonStats(stats: {
  promptTokensPerSec: number | null;
  generationTokensPerSec: number | null;
  running: number | null;
  waiting: number | null;
  kvCacheUsagePct: number | null;
  prefixCacheHitRatePct: number | null;
  engine: number | null;
}): boolean {
  const L = UTILIZATION_LIMITS;
  const rates = [stats.promptTokensPerSec, stats.generationTokensPerSec];
  const counts = [stats.running, stats.waiting, stats.engine];
  const pcts = [stats.kvCacheUsagePct, stats.prefixCacheHitRatePct];
  return (
    rates.every((v) => within(v, L.tokensPerSec)) &&
    counts.every((v) => within(v, L.count)) &&
    pcts.every((v) => within(v, L.pct))
  );
}

function plausible(stats: StatsRecord): boolean {
  const L = UTILIZATION_LIMITS;
  return (
    plausibleCommonStats(stats) && within(stats.totalTokensPerSec, L.tokensPerSec) && within(stats.swapped, L.count)
  );
}

function intOrNull(value: number | null): number | null {
  return value === null ? null : Math.round(value);
}

/** A stats line's utilization sample as the row stored for it (log source: no GPU figures). */
export function logSampleRow(
  deployment: string,
  time: string,
  series: { replica: Replica; engine: number },
  sample: UtilizationSample,
  extra: { intervalSec: number; swapped: number | null },
): UtilizationSampleRow {
  return {
    deployment,
    time: new Date(time),
    engine: series.engine,
    replica: series.replica,
    source: 'log',
    intervalSec: extra.intervalSec,
    promptTokensPerSec: sample.promptTokensPerSec,
    generationTokensPerSec: sample.generationTokensPerSec,
    running: intOrNull(sample.running),
    waiting: intOrNull(sample.waiting),
    swapped: intOrNull(extra.swapped),
    kvCacheUsagePct: sample.kvCacheUsagePct,
    prefixCacheHitRatePct: sample.prefixCacheHitRatePct,
    gpuUtilPct: null,
    gpuEngineActivePct: null,
    powerWatts: null,
    energyJoules: null,
  };
}

/**
 * Rows for one deployment's stats records (any order, any replicas and engines; duplicates of the same
 * series and time are the caller's to drop). `previousTimeBySeries`: the latest stored log sample time before
 * the batch, per series (logSeriesKey).
 */
export function logStatsRows(
  deployment: LogStatsDeployment,
  stats: readonly TimedStats[],
  previousTimeBySeries: ReadonlyMap<string, string | null>,
): LogStatsRows {
  const interval = Number(deployment.logStatsIntervalSec);
  const options = {
    v0IntervalSeconds: V0_INTERVAL_SECONDS,
    v1IntervalSeconds: Number.isFinite(interval) && interval > 0 ? interval : 10,
  };
  const rows: LogStatsRows = { samples: [], usage: [], rejected: [] };
  const bySeries = new Map<string, TimedStats[]>();
  for (const record of stats) {
    const key = logSeriesKey(replicaOf(record), engineOf(record));
    const group = bySeries.get(key) ?? [];
    group.push(record);
    bySeries.set(key, group);
  }
  for (const [key, group] of bySeries) {
    group.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
    const series = { replica: replicaOf(group[0]!), engine: engineOf(group[0]!) };
    let previous = previousTimeBySeries.get(key) ?? null;
    for (const record of group) {
      if (!plausible(record)) {
        rows.rejected.push(record);
        continue; // not stored, so it is not anyone's "previous line" either
      }
      const usage = intervalUsageForStats(record, previous, options);
      previous = record.time;
      const sample = statsToUtilizationSample(record);
      rows.samples.push(
        logSampleRow(deployment.name, record.time, series, sample, {
          intervalSec: usage.windowSeconds,
          swapped: record.swapped,
        }),
      );
      if (usage.totalTokens <= 0) continue; // idle: no usage to record
      const booked = bookedIntervalTokens(usage);
      rows.usage.push({
        source: vllmLogUsageSource(deployment.name),
        id: vllmLogUsageId(record.time, series.engine, series.replica),
        time: new Date(record.time),
        team: deployment.team,
        project: null,
        tags: {
          [SELF_HOSTED_BASIS_TAG]: 'log-estimate',
          windowSec: String(usage.windowSeconds),
          ...(booked.split ? {} : { split: 'unknown' }),
        },
        provider: SELF_HOSTED_PROVIDER,
        model: selfHostedModel(deployment.servedModel, deployment.name),
        deployment: deployment.name,
        inputTokens: booked.input,
        cachedInputTokens: 0,
        cacheWriteTokens: 0,
        outputTokens: booked.output,
        reasoningTokens: 0,
        requests: 0,
        costUsd: null,
        priceVersion: null,
      });
    }
  }
  return rows;
}
