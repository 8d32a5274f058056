// `parseEngineMetrics(engine, text)`: any engine's /metrics scrape in one shape. Ollama exposes no
// Prometheus endpoint: for it the answer is null (use its logs).
import { parsePrometheusText } from '../prometheus-text';
import { vllmMetricsSnapshot } from '../vllm-metrics';
import type { EngineMetricsSnapshot } from './engine-metrics-snapshot';
import { llamaCppMetricsSnapshot } from './llamacpp/llamacpp-metrics';
import type { ServingEngine } from './serving-engine';
import { sglangMetricsSnapshot } from './sglang/sglang-metrics';
import { tgiMetricsSnapshot } from './tgi/tgi-metrics';
import { trtllmMetricsSnapshot } from './trtllm/trtllm-metrics';

export function parseEngineMetrics(engine: ServingEngine, text: string): EngineMetricsSnapshot | null {
  const samples = parsePrometheusText(text).samples;
  switch (engine) {
    case 'vllm': {
      const v = vllmMetricsSnapshot(samples);
      return {
        promptTokens: v.promptTokens,
        cachedPromptTokens: null,
        generationTokens: v.generationTokens,
        requestSuccess: v.requestSuccess,
        running: v.running,
        waiting: v.waiting,
        kvCacheUsagePct: v.kvCacheUsagePct,
      };
    }
    case 'tgi':
      return tgiMetricsSnapshot(samples);
    case 'sglang':
      return sglangMetricsSnapshot(samples);
    case 'llamacpp':
      return llamaCppMetricsSnapshot(samples);
    case 'trtllm':
      return trtllmMetricsSnapshot(samples);
    case 'ollama':
      return null;
  }
}
