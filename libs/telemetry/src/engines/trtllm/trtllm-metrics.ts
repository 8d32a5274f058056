// TensorRT-LLM metrics, two servers:
// - Triton with the TensorRT-LLM backend (triton_backend/inflight_batcher_llm, model.py): token totals as
//   histogram sums `nv_llm_input_token_len{response_metric_type="total_input_tokens"}` and
//   `nv_llm_output_token_len{response_metric_type="total_output_tokens"}`; requests
//   `nv_trt_llm_request_metrics{request_type="scheduled"|"waiting"}`; KV cache
//   `nv_trt_llm_kv_cache_block_metrics{kv_cache_block_type="fraction"}` (0–1); Triton's own
//   `nv_inference_request_success` and `nv_inference_pending_request_count`.
// - trtllm-serve: `trtllm_prompt_tokens_total`, `trtllm_generation_tokens_total`,
//   `trtllm_num_requests_running`, `trtllm_num_requests_waiting`, `trtllm_kv_cache_utilization` (0–1).
import type { PrometheusSample } from '../../prometheus-text';
import { counterOf, type EngineMetricsSnapshot, fractionPct, gaugeSum } from '../engine-metrics-snapshot';

export function trtllmMetricsSnapshot(samples: readonly PrometheusSample[]): EngineMetricsSnapshot {
  return {
    promptTokens:
      counterOf(samples, ['trtllm_prompt_tokens_total']) ??
      counterOf(samples, ['nv_llm_input_token_len_sum'], { response_metric_type: 'total_input_tokens' }),
    cachedPromptTokens: null,
    generationTokens:
      counterOf(samples, ['trtllm_generation_tokens_total']) ??
      counterOf(samples, ['nv_llm_output_token_len_sum'], { response_metric_type: 'total_output_tokens' }),
    requestSuccess: counterOf(samples, ['nv_inference_request_success']),
    running:
      gaugeSum(samples, ['trtllm_num_requests_running']) ??
      gaugeSum(samples, ['nv_trt_llm_request_metrics'], { request_type: 'scheduled' }),
    waiting:
      gaugeSum(samples, ['trtllm_num_requests_waiting']) ??
      gaugeSum(samples, ['nv_trt_llm_request_metrics'], { request_type: 'waiting' }) ??
      gaugeSum(samples, ['nv_inference_pending_request_count']),
    kvCacheUsagePct:
      fractionPct(samples, ['trtllm_kv_cache_utilization']) ??
      fractionPct(samples, ['nv_trt_llm_kv_cache_block_metrics'], { kv_cache_block_type: 'fraction' }),
  };
}
