// TGI's /metrics (metrics-rs Prometheus exporter; names from router/src and backends/v3/src, v1–v3):
// token totals exist only as histogram sums, `tgi_request_input_length` (prompt tokens per request) and
// `tgi_request_generated_tokens`; `tgi_request_success` counts requests; `tgi_queue_size` is the
// queue and `tgi_batch_current_size` the requests in the running batch. TGI exposes no KV-cache usage.
import type { PrometheusSample } from '../../prometheus-text';
import { counterOf, type EngineMetricsSnapshot, gaugeSum } from '../engine-metrics-snapshot';

export function tgiMetricsSnapshot(samples: readonly PrometheusSample[]): EngineMetricsSnapshot {
  return {
    promptTokens: counterOf(samples, ['tgi_request_input_length_sum']),
    cachedPromptTokens: null,
    generationTokens: counterOf(samples, ['tgi_request_generated_tokens_sum']),
    requestSuccess: counterOf(samples, ['tgi_request_success', 'tgi_request_success_total']),
    running: gaugeSum(samples, ['tgi_batch_current_size']),
    waiting: gaugeSum(samples, ['tgi_queue_size']),
    kvCacheUsagePct: null,
  };
}
