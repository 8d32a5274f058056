// llama-server's /metrics (`--metrics`): `llamacpp:prompt_tokens_total`, `llamacpp:tokens_predicted_total`,
// `llamacpp:requests_processing`, `llamacpp:requests_deferred` and, in releases that still export it,
// `llamacpp:kv_cache_usage_ratio` (0–1). No labels. There is no request-success counter.
import type { PrometheusSample } from '../../prometheus-text';
import { counterOf, type EngineMetricsSnapshot, fractionPct, gaugeSum } from '../engine-metrics-snapshot';

export function llamaCppMetricsSnapshot(samples: readonly PrometheusSample[]): EngineMetricsSnapshot {
  return {
    promptTokens: counterOf(samples, ['llamacpp:prompt_tokens_total']),
    cachedPromptTokens: null,
    generationTokens: counterOf(samples, ['llamacpp:tokens_predicted_total']),
    requestSuccess: null,
    running: gaugeSum(samples, ['llamacpp:requests_processing']),
    waiting: gaugeSum(samples, ['llamacpp:requests_deferred']),
    kvCacheUsagePct: fractionPct(samples, ['llamacpp:kv_cache_usage_ratio']),
  };
}
