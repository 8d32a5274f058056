// One deployment's records from an engine other than vLLM (TGI, TensorRT-LLM, SGLang, llama.cpp,
// Ollama) → utilization samples and self-hosted usage rows, the shapes log-stats-rows.ts writes for
// vLLM. Every row is decided by its own line, never by what else shares the micro-batch, so a
// redelivered line, in whatever batch, computes the same row under the same key:
// - a finished request with token counts → one row of exact counts (TGI, llama.cpp, Ollama);
// - an SGLang prefill line → the prompt tokens it computed (`#new-token`, `#cached-token`: exact);
// - an SGLang decode line → a utilization sample, and `gen throughput` × the gap to the same rank's
//   previous decode line (the caller passes the latest stored log sample before the batch), the
//   tokens generated over that gap, at most a minute of it (sglangDecodeWindowSec: a restart resets
//   SGLang's timer, an idle gap holds few tokens). Only decode lines become samples: a prefill line is a moment, not
//   a window, and at SGLang's one-second resolution it would take its decode line's sample key.
// SGLang's `--log-requests` Finish lines are not counted: its batch lines already cover every request.
// Rows carry basis `log-estimate` (the planner's "from logs"; counters win an hour where both exist)
// and a `count` tag saying which figure it is.
import {
  engineLogUsageId,
  engineLogUsageSource,
  SELF_HOSTED_BASIS_TAG,
  SELF_HOSTED_PROVIDER,
  type ServingEngine,
  selfHostedModel,
} from '@tokenmeter/contracts';
import { UsageRow, UTILIZATION_LIMITS, UtilizationSampleRow } from '@tokenmeter/db';
import {
  type EngineStatsRecord,
  type RequestUsageRecord,
  sglangDecodeWindowSec,
  statsToUtilizationSample,
} from '@tokenmeter/telemetry';
import { type FromReplica, logSeriesKey, replicaOf, withReplica } from './log-series';
import { logSampleRow, plausibleCommonStats, within } from './log-stats-rows';

export interface EngineLogDeployment {
  name: string;
  team: string;
  servedModel: string;
  engine: ServingEngine;
}

export type TimedEngineStats = EngineStatsRecord & { time: string } & FromReplica;
export type TimedRequestUsage = RequestUsageRecord & { time: string } & FromReplica;

export interface EngineLogRows {
  samples: UtilizationSampleRow[];
  usage: UsageRow[];
  /** Records whose numbers no real engine prints (beyond what the columns hold). */
  rejected: Array<TimedEngineStats | TimedRequestUsage>;
}

const MAX_TOKENS = Number.MAX_SAFE_INTEGER;

export function rankOf(stats: EngineStatsRecord): number {
  return stats.engine ?? 0;
}

/** An SGLang decode line with its rate: the only stats lines stored as samples. */
export function isDecodeLine(stats: EngineStatsRecord): boolean {
  return stats.statsFormat === 'sglang' && stats.phase === 'decode' && stats.generationTokensPerSec !== null;
}

function plausibleStats(s: EngineStatsRecord): boolean {
  return plausibleCommonStats(s) && within(s.promptTokens, MAX_TOKENS) && within(s.cachedPromptTokens, MAX_TOKENS);
}

function plausibleRequest(r: RequestUsageRecord): boolean {
  return (
    within(r.promptTokens, MAX_TOKENS) &&
    within(r.cachedPromptTokens, MAX_TOKENS) &&
    within(r.generationTokens, MAX_TOKENS)
  );
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function usageRow(
  deployment: EngineLogDeployment,
  time: string,
  id: string,
  count: 'request' | 'batch-count' | 'throughput-estimate',
  tokens: { input: number; cached: number; output: number; requests: number; windowSec?: number },
): UsageRow {
  return {
    source: engineLogUsageSource(deployment.engine, deployment.name),
    id,
    time: new Date(time),
    team: deployment.team,
    project: null,
    tags: {
      [SELF_HOSTED_BASIS_TAG]: 'log-estimate',
      count,
      engine: deployment.engine,
      ...(tokens.windowSec === undefined ? {} : { windowSec: String(tokens.windowSec) }),
    },
    provider: SELF_HOSTED_PROVIDER,
    model: selfHostedModel(deployment.servedModel, deployment.name),
    deployment: deployment.name,
    inputTokens: tokens.input,
    cachedInputTokens: tokens.cached,
    cacheWriteTokens: 0,
    outputTokens: tokens.output,
    reasoningTokens: 0,
    requests: tokens.requests,
    costUsd: null,
    priceVersion: null,
  };
}

function requestRows(deployment: EngineLogDeployment, requests: readonly TimedRequestUsage[], rows: EngineLogRows) {
  for (const r of requests) {
    if (!plausibleRequest(r)) {
      rows.rejected.push(r);
      continue;
    }
    const input = Math.round(r.promptTokens ?? 0);
    const cached = Math.round(r.cachedPromptTokens ?? 0);
    const output = Math.round(r.generationTokens ?? 0);
    if (input + cached + output <= 0) continue;
    // llama.cpp prints a request's prompt and generation timings on two lines: two rows, one request.
    const requestCount = r.generationTokens !== null ? 1 : 0;
    // Exact counts need no series: the id is the line's own (as before replicas were told apart).
    const id = engineLogUsageId(r.time, r.requestId ?? '-', 'request', [input, cached, output]);
    rows.usage.push(usageRow(deployment, r.time, id, 'request', { input, cached, output, requests: requestCount }));
  }
}

/**
 * Rows for one deployment's records (any order; a line resent within them gives its rows once).
 * `previousDecodeBySeries`: the latest stored log sample time before the batch, per replica and rank
 * (logSeriesKey).
 */
export function engineLogRows(
  deployment: EngineLogDeployment,
  stats: readonly TimedEngineStats[],
  requests: readonly TimedRequestUsage[],
  previousDecodeBySeries: ReadonlyMap<string, string | null>,
): EngineLogRows {
  const rows: EngineLogRows = { samples: [], usage: [], rejected: [] };
  if (deployment.engine !== 'sglang') requestRows(deployment, requests, rows);
  // A resent stats line repeats its time, rank and numbers; kept twice it would also count a 0 s gap.
  const lines = uniqueBy(stats, (s) =>
    [replicaOf(s), rankOf(s), s.time, s.phase, s.promptTokens, s.cachedPromptTokens, s.generationTokensPerSec].join(
      '@',
    ),
  );
  const sorted = lines.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  const previousDecode = new Map(previousDecodeBySeries);
  for (const record of sorted) {
    if (!plausibleStats(record)) {
      rows.rejected.push(record);
      continue; // not stored, so it is not anyone's previous decode line either
    }
    const series = { replica: replicaOf(record), engine: rankOf(record) };
    if (record.phase === 'prefill') {
      const input = Math.round(record.promptTokens ?? 0);
      const cached = Math.round(record.cachedPromptTokens ?? 0);
      if (input + cached <= 0) continue;
      // An exact count, no window: keyed as it always was (two replicas' prefill lines collide only with the
      // same second and the same counts).
      const id = engineLogUsageId(record.time, String(series.engine), 'prefill', [input, cached]);
      rows.usage.push(usageRow(deployment, record.time, id, 'batch-count', { input, cached, output: 0, requests: 0 }));
      continue;
    }
    if (!isDecodeLine(record)) continue;
    const key = logSeriesKey(series.replica, series.engine);
    const before = previousDecode.get(key) ?? null;
    previousDecode.set(key, record.time);
    const windowSec =
      before === null ? 0 : sglangDecodeWindowSec((Date.parse(record.time) - Date.parse(before)) / 1000);
    const sample = statsToUtilizationSample(record);
    rows.samples.push(
      logSampleRow(deployment.name, record.time, series, sample, {
        intervalSec: Math.min(windowSec, UTILIZATION_LIMITS.intervalSec),
        swapped: null,
      }),
    );
    const output = Math.round((record.generationTokensPerSec as number) * windowSec);
    if (output <= 0) continue; // the first decode line seen, or idle
    const id = engineLogUsageId(record.time, withReplica(series.replica, String(series.engine)), 'decode', [output]);
    const tokens = { input: 0, cached: 0, output, requests: 0, windowSec };
    rows.usage.push(usageRow(deployment, record.time, id, 'throughput-estimate', tokens));
  }
  rows.usage = uniqueBy(rows.usage, (u) => u.id); // a resent request line: same id
  return rows;
}
