// SGLang's /metrics (python/sglang/srt/metrics/collector.py, --enable-metrics): counters
// `sglang:prompt_tokens_total`, `sglang:generation_tokens_total`, `sglang:cached_tokens_total`,
// `sglang:num_requests_total`; gauges per scheduler rank `sglang:num_running_reqs`,
// `sglang:num_queue_reqs` and `sglang:token_usage` (KV-cache token pool in use, 0–1).
import type { PrometheusSample } from '../../prometheus-text';
import { counterOf, type EngineMetricsSnapshot, fractionPct, gaugeSum } from '../engine-metrics-snapshot';

export function sglangMetricsSnapshot(samples: readonly PrometheusSample[]): EngineMetricsSnapshot {
  return {
    promptTokens: counterOf(samples, ['sglang:prompt_tokens_total', 'sglang:prompt_tokens']),
    cachedPromptTokens: counterOf(samples, ['sglang:cached_tokens_total', 'sglang:cached_tokens']),
    generationTokens: counterOf(samples, ['sglang:generation_tokens_total', 'sglang:generation_tokens']),
    requestSuccess: counterOf(samples, ['sglang:num_requests_total', 'sglang:num_requests']),
    running: gaugeSum(samples, ['sglang:num_running_reqs']),
    waiting: gaugeSum(samples, ['sglang:num_queue_reqs']),
    kvCacheUsagePct: fractionPct(samples, ['sglang:token_usage']),
  };
}
