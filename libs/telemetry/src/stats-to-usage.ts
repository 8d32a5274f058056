// Stats lines → utilization samples and self-hosted token usage per interval.
//
// A stats line's throughput is tokens over the time since the engine's previous stats log, and
// vLLM divides by the real elapsed time. Idle lines are not printed (DEBUG in newer versions; the
// V0 engine does not even step when idle), so a long gap means idle time, not lost tokens. Rule:
//
//   window = gap                     when gap <= 1.5 × nominal interval (a line a bit late still
//                                    covers its whole, longer interval)
//          = nominal interval        when the gap is longer (idle lines were skipped: the line only
//                                    covers its own interval) or there is no previous line
//   tokens = round(throughput × window)
//
// Nominal interval: 5 s for the V0 engine, VLLM_LOG_STATS_INTERVAL (10 s by default) for V1.
// Known undercount: a V0 engine resuming after idle prints its first line with throughput averaged
// over the whole idle gap; the rule counts 5 s of it. Prometheus counters are the exact source.
import type { PrefixCacheRecord, StatsRecord, VllmLogRecord } from './vllm-log-record';

export interface UtilizationSample {
  time: string | null;
  engine: number | null;
  promptTokensPerSec: number | null;
  generationTokensPerSec: number | null;
  /** Prompt + generation (v0.1's single throughput as is); null when the line gives neither. */
  tokensPerSec: number | null;
  running: number | null;
  waiting: number | null;
  kvCacheUsagePct: number | null;
  prefixCacheHitRatePct: number | null;
}

export interface IntervalTokenUsage {
  /** `end` minus the window; null when the line has no time. */
  start: string | null;
  end: string | null;
  engine: number | null;
  windowSeconds: number;
  promptTokens: number | null;
  generationTokens: number | null;
  /** Prompt + generation; v0.1 lines only give this total. */
  totalTokens: number;
}

export interface IntervalUsageOptions {
  /** V0 engine logging interval (vLLM's `_LOCAL_LOGGING_INTERVAL_SEC`). Default 5. */
  v0IntervalSeconds?: number;
  /** V1 engine logging interval (`VLLM_LOG_STATS_INTERVAL`). Default 10. */
  v1IntervalSeconds?: number;
}

const LATE_TOLERANCE = 1.5;

function sum(a: number | null, b: number | null): number | null {
  return a === null && b === null ? null : (a ?? 0) + (b ?? 0);
}

export function statsToUtilizationSample(stats: StatsRecord): UtilizationSample {
  return {
    time: stats.time,
    engine: stats.engine,
    promptTokensPerSec: stats.promptTokensPerSec,
    generationTokensPerSec: stats.generationTokensPerSec,
    tokensPerSec: stats.totalTokensPerSec ?? sum(stats.promptTokensPerSec, stats.generationTokensPerSec),
    running: stats.running,
    waiting: stats.waiting,
    kvCacheUsagePct: stats.kvCacheUsagePct,
    prefixCacheHitRatePct: stats.prefixCacheHitRatePct,
  };
}

/**
 * One sample per stats record. The V0 engine prints its prefix hit rate on the next line; that
 * line's GPU rate fills the sample of the stats line just before it.
 */
export function utilizationSamples(records: readonly VllmLogRecord[]): UtilizationSample[] {
  const samples: UtilizationSample[] = [];
  let previous: VllmLogRecord | null = null;
  for (const record of records) {
    if (record.kind === 'stats') {
      samples.push(statsToUtilizationSample(record));
    } else if (record.kind === 'prefix-cache' && previous?.kind === 'stats') {
      const sample = samples[samples.length - 1];
      sample.prefixCacheHitRatePct ??= (record as PrefixCacheRecord).gpuHitRatePct;
    }
    previous = record;
  }
  return samples;
}

export function nominalIntervalSeconds(stats: StatsRecord, options: IntervalUsageOptions = {}): number {
  const seconds = stats.statsFormat === 'v1' ? (options.v1IntervalSeconds ?? 10) : (options.v0IntervalSeconds ?? 5);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : stats.statsFormat === 'v1' ? 10 : 5;
}

/** Seconds the line covers, given the time of the same engine's previous stats line. */
export function statsWindowSeconds(
  stats: StatsRecord,
  previousTime: string | null,
  options: IntervalUsageOptions = {},
): number {
  const nominal = nominalIntervalSeconds(stats, options);
  const end = stats.time === null ? NaN : Date.parse(stats.time);
  const start = previousTime === null ? NaN : Date.parse(previousTime);
  const gap = (end - start) / 1000;
  // Same instant (a duplicate delivery): nothing new. Negative or unknown (out of order, no time): nominal.
  if (gap === 0) return 0;
  if (!Number.isFinite(gap) || gap < 0) return nominal;
  return gap <= nominal * LATE_TOLERANCE ? gap : nominal;
}

function tokens(perSecond: number | null, seconds: number): number | null {
  return perSecond === null ? null : Math.round(perSecond * seconds);
}

export function intervalUsageForStats(
  stats: StatsRecord,
  previousTime: string | null,
  options: IntervalUsageOptions = {},
): IntervalTokenUsage {
  const windowSeconds = statsWindowSeconds(stats, previousTime, options);
  const promptTokens = tokens(stats.promptTokensPerSec, windowSeconds);
  const generationTokens = tokens(stats.generationTokensPerSec, windowSeconds);
  const totalTokens = tokens(stats.totalTokensPerSec, windowSeconds) ?? (promptTokens ?? 0) + (generationTokens ?? 0);
  const endMs = stats.time === null ? NaN : Date.parse(stats.time);
  return {
    start: Number.isFinite(endMs) ? new Date(endMs - windowSeconds * 1000).toISOString() : null,
    end: stats.time,
    engine: stats.engine,
    windowSeconds,
    promptTokens,
    generationTokens,
    totalTokens,
  };
}

/**
 * The input and output tokens a stats line's window is booked as. v0.1's single `Throughput:` does not split
 * prompt from generation: it is booked as output (`split` false), the unit capacity is rated in.
 */
export function bookedIntervalTokens(usage: IntervalTokenUsage): { input: number; output: number; split: boolean } {
  const split = usage.promptTokens !== null || usage.generationTokens !== null;
  return split
    ? { input: usage.promptTokens ?? 0, output: usage.generationTokens ?? 0, split }
    : { input: 0, output: usage.totalTokens, split };
}

/**
 * Token usage for each stats record of ONE deployment, in input order. Gaps are measured per engine
 * (`Engine NNN:`), in time order, so interleaved data-parallel engines do not shorten each other's windows.
 */
export function statsToIntervalUsage(
  records: readonly VllmLogRecord[],
  options: IntervalUsageOptions = {},
): IntervalTokenUsage[] {
  const stats = records.filter((record): record is StatsRecord => record.kind === 'stats');
  const previousTimeOf = new Map<StatsRecord, string | null>();
  const byEngine = new Map<number | null, StatsRecord[]>();
  for (const record of stats) {
    const group = byEngine.get(record.engine) ?? [];
    group.push(record);
    byEngine.set(record.engine, group);
  }
  for (const group of byEngine.values()) {
    const timed = group.filter((record) => record.time !== null && Number.isFinite(Date.parse(record.time)));
    timed.sort((a, b) => Date.parse(a.time as string) - Date.parse(b.time as string));
    for (const [index, record] of timed.entries())
      previousTimeOf.set(record, index === 0 ? null : timed[index - 1].time);
  }
  return stats.map((record) => intervalUsageForStats(record, previousTimeOf.get(record) ?? null, options));
}
