// Engine records → token usage rows and utilization samples, the same shapes for every engine.
// Which figure is exact depends on what the engine logs:
// - `request` basis: per-request counts (TGI, llama.cpp, Ollama's runner, SGLang --log-requests);
// - `batch-count` basis: SGLang prefill lines count the prompt tokens computed in each batch;
// - `throughput-estimate` basis: vLLM stats lines (stats-to-usage.ts's window rule) and SGLang decode
//   lines, whose `gen throughput` is the tokens generated since the previous decode line over that gap:
//   tokens = throughput × gap to the same rank's previous decode line (none before the first line).
// When SGLang request lines are present, they are the exact figure and batch lines add no tokens.

import type { IntervalUsageOptions } from '../stats-to-usage';
import {
  statsToIntervalUsage,
  statsToUtilizationSample,
  type UtilizationSample,
  utilizationSamples,
} from '../stats-to-usage';
import type { VllmLogRecord } from '../vllm-log-record';
import type { EngineLogRecord, EngineStatsRecord, RequestUsageRecord } from './engine-log-record';
import { sglangDecodeWindowSec } from './sglang/sglang-decode-window';

export interface EngineTokenUsage {
  time: string | null;
  engine: number | null;
  basis: 'request' | 'batch-count' | 'throughput-estimate';
  /** Seconds the row covers; null for a request or a batch (a point in time). */
  windowSeconds: number | null;
  promptTokens: number;
  cachedPromptTokens: number;
  generationTokens: number;
  /** Requests this row stands for (1 for a finished request whose generation count is known). */
  requests: number;
}

function isRequestUsage(record: EngineLogRecord): record is RequestUsageRecord {
  return (
    record.kind === 'request-finished' &&
    'generationTokens' in record &&
    (record.promptTokens !== null || record.generationTokens !== null)
  );
}

function isSglangStats(record: EngineLogRecord): record is EngineStatsRecord {
  return record.kind === 'stats' && record.statsFormat === 'sglang';
}

function sglangDecodeRows(stats: EngineStatsRecord[]): EngineTokenUsage[] {
  const rows: EngineTokenUsage[] = [];
  const previous = new Map<number | null, number>();
  const timed = stats.filter((s) => s.phase === 'decode' && s.time !== null && Number.isFinite(Date.parse(s.time)));
  timed.sort((a, b) => Date.parse(a.time as string) - Date.parse(b.time as string));
  for (const record of timed) {
    const now = Date.parse(record.time as string);
    const before = previous.get(record.engine);
    previous.set(record.engine, now);
    if (before === undefined || record.generationTokensPerSec === null) continue;
    const windowSeconds = sglangDecodeWindowSec((now - before) / 1000);
    const generationTokens = Math.round(record.generationTokensPerSec * windowSeconds);
    if (generationTokens <= 0) continue;
    rows.push({
      time: record.time,
      engine: record.engine,
      basis: 'throughput-estimate',
      windowSeconds,
      promptTokens: 0,
      cachedPromptTokens: 0,
      generationTokens,
      requests: 0,
    });
  }
  return rows;
}

/** Usage rows for ONE deployment's records, in time order where the records have times. */
export function engineTokenUsage(
  records: readonly EngineLogRecord[],
  options: IntervalUsageOptions = {},
): EngineTokenUsage[] {
  const requests = records.filter(isRequestUsage);
  const rows: EngineTokenUsage[] = requests.map((r) => ({
    time: r.time,
    engine: null,
    basis: 'request',
    windowSeconds: null,
    promptTokens: r.promptTokens ?? 0,
    cachedPromptTokens: r.cachedPromptTokens ?? 0,
    generationTokens: r.generationTokens ?? 0,
    requests: r.generationTokens !== null ? 1 : 0,
  }));
  const sglang = records.filter(isSglangStats);
  if (sglang.length > 0 && requests.length === 0) {
    for (const s of sglang) {
      if (s.phase !== 'prefill' || (s.promptTokens ?? 0) + (s.cachedPromptTokens ?? 0) <= 0) continue;
      rows.push({
        time: s.time,
        engine: s.engine,
        basis: 'batch-count',
        windowSeconds: null,
        promptTokens: s.promptTokens ?? 0,
        cachedPromptTokens: s.cachedPromptTokens ?? 0,
        generationTokens: 0,
        requests: 0,
      });
    }
    rows.push(...sglangDecodeRows(sglang));
  }
  const vllmStats = records.filter((r) => r.kind === 'stats' && r.statsFormat !== 'sglang') as VllmLogRecord[];
  for (const usage of statsToIntervalUsage(vllmStats, options)) {
    if (usage.totalTokens <= 0) continue;
    const split = usage.promptTokens !== null || usage.generationTokens !== null;
    rows.push({
      time: usage.end,
      engine: usage.engine,
      basis: 'throughput-estimate',
      windowSeconds: usage.windowSeconds,
      promptTokens: split ? (usage.promptTokens ?? 0) : 0,
      cachedPromptTokens: 0,
      // v0.1's single throughput does not split prompt from generation: booked as output, as in ingest.
      generationTokens: split ? (usage.generationTokens ?? 0) : usage.totalTokens,
      requests: 0,
    });
  }
  return rows.sort((a, b) => (Date.parse(a.time ?? '') || 0) - (Date.parse(b.time ?? '') || 0));
}

/**
 * One utilization sample per periodic stats line (vLLM, SGLang). Engines that only log per-request
 * figures (TGI, llama.cpp, Ollama, TensorRT-LLM) give none: their utilization comes from metrics.
 */
export function engineUtilizationSamples(records: readonly EngineLogRecord[]): UtilizationSample[] {
  const samples = utilizationSamples(records.filter((r) => !isSglangStats(r)) as VllmLogRecord[]);
  for (const record of records) if (isSglangStats(record)) samples.push(statsToUtilizationSample(record));
  return samples.sort((a, b) => (Date.parse(a.time ?? '') || 0) - (Date.parse(b.time ?? '') || 0));
}
