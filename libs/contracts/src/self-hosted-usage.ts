// How self-hosted token usage sits in usage_records, beside API usage. Writers: the ingest app's
// self-hosted log consumer (vLLM stats-line estimates; other engines' request and batch counts) and
// the worker's metrics scraper (exact counters).
// Readers (the planner) tell them apart by the `basis` tag and prefer counters hour by hour
// (UsageRecordRepository.selfHostedTokensByHour). Cost stays null: self-hosted cost is the
// deployment's TCO, not a per-token price.

export const SELF_HOSTED_PROVIDER = 'self-hosted';

/** `log-estimate`: throughput × interval from vLLM stats lines; `counter`: Prometheus counter deltas. */
export type SelfHostedBasis = 'log-estimate' | 'counter';

export const SELF_HOSTED_BASIS_TAG = 'basis';

/** Model column of a self-hosted row, e.g. `llama-3.1-70b@gpu-pool-a` (DESIGN §4). */
export function selfHostedModel(servedModel: string, deployment: string): string {
  return `${servedModel}@${deployment}`;
}

/** Idempotency source of log-derived rows; the id is `vllmLogUsageId(…)`. */
export function vllmLogUsageSource(deployment: string): string {
  return `vllm-log:${deployment}`;
}

/** One stats line of one engine: a redelivered line maps to the same key. */
export function vllmLogUsageId(time: string, engine: number, replica = ''): string {
  // A line without a replica keeps the id it always had, so a redelivered old line is still stored once.
  return replica === '' ? `${time}#${engine}` : `${time}#${engine}#${replica}`;
}

/** Idempotency source of rows from another engine's log lines (DESIGN §5), e.g. `tgi-log:pool-a`. */
export function engineLogUsageSource(engine: string, deployment: string): string {
  return `${engine}-log:${deployment}`;
}

/**
 * One line's row, from what the line states: its time, the engine rank or request id, the part
 * (`request`, `prefill`, `decode`) and the counts. A resent line maps to the same key; so does an
 * identical line in the same second, which no consumer can tell from a resend.
 */
export function engineLogUsageId(time: string, who: string, part: string, counts: readonly number[]): string {
  return `${time}#${who}#${part}#${counts.join('/')}`;
}

/** Idempotency source of counter-derived rows; the id is the scrape time (ISO 8601). */
export function vllmMetricsUsageSource(deployment: string): string {
  return `vllm-metrics:${deployment}`;
}

/**
 * Sources TokenMeter writes itself (`vllm-log:…`, `tgi-log:…`, `vllm-metrics:…`). A client event may
 * not use them: with a predictable id it could take a self-hosted row's key first, or pass for a
 * counter row in the rollups.
 */
export const SELF_HOSTED_SOURCE_PATTERN = /^[a-z0-9]+-(log|metrics):/;

export const RESERVED_SOURCE_EXPECTATION =
  'expected a source of your own: "<engine>-log:…" and "<engine>-metrics:…" are reserved for self-hosted rows';
