// What every engine's log parser emits: the vLLM parser's record kinds, with two widenings so that
// engines that state more than vLLM keep it:
// - `stats` also carries the token COUNTS a line states (SGLang's prefill `#new-token`), not only rates;
// - `request-finished` carries the request's token counts where the engine logs them (TGI, llama.cpp,
//   Ollama's runner, SGLang with --log-requests).
// As for vLLM, no record type has a field that can hold prompt or generated text.
import type { RequestFinishedRecord, StatsRecord, VllmLogRecord } from '../vllm-log-record';

export interface StatsCounts {
  /** `prefill` / `decode` for engines that log the two phases apart (SGLang); null otherwise. */
  phase: 'prefill' | 'decode' | null;
  /** Prompt tokens computed in this batch (SGLang `#new-token`), not a rate. */
  promptTokens: number | null;
  /** Prompt tokens served from the prefix cache in this batch (SGLang `#cached-token`). */
  cachedPromptTokens: number | null;
}

export interface RequestTokens {
  /** Prompt tokens the engine processed for the request (cache hits excluded where the engine says so). */
  promptTokens: number | null;
  cachedPromptTokens: number | null;
  generationTokens: number | null;
  /** Seconds from the request's start of processing to its end, when logged. */
  durationSec: number | null;
}

export type EngineStatsRecord = StatsRecord & StatsCounts;
export type RequestUsageRecord = RequestFinishedRecord & RequestTokens;
export type EngineLogRecord =
  | Exclude<VllmLogRecord, StatsRecord | RequestFinishedRecord>
  | EngineStatsRecord
  | RequestUsageRecord;

export const NO_STATS_COUNTS: StatsCounts = { phase: null, promptTokens: null, cachedPromptTokens: null };
export const NO_REQUEST_TOKENS: RequestTokens = {
  promptTokens: null,
  cachedPromptTokens: null,
  generationTokens: null,
  durationSec: null,
};

/** A vLLM record in the engine-neutral shape (the extra fields null). */
export function fromVllmRecord(record: VllmLogRecord): EngineLogRecord {
  if (record.kind === 'stats') return { ...record, ...NO_STATS_COUNTS };
  if (record.kind === 'request-finished') return { ...record, ...NO_REQUEST_TOKENS };
  return record;
}
