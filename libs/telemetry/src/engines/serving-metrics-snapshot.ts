// A deployment's /metrics read by its engine's names, in the vLLM snapshot shape the scraper stores
// (counters become usage, gauges a utilization sample), so every engine is scraped alike. Ollama
// exposes no /metrics: null, as for a response without any metric this engine names.

import { parseVllmMetrics, type VllmMetricsSnapshot } from '../vllm-metrics';
import { parseEngineMetrics } from './engine-metrics';
import type { ServingEngine } from './serving-engine';

export function servingMetricsSnapshot(engine: ServingEngine, text: string): VllmMetricsSnapshot | null {
  const snapshot = engine === 'vllm' ? parseVllmMetrics(text) : engineSnapshotAsVllm(engine, text);
  if (!snapshot) return null;
  const any = snapshot.promptTokens ?? snapshot.generationTokens ?? snapshot.running ?? snapshot.kvCacheUsagePct;
  return any === null ? null : snapshot;
}

function engineSnapshotAsVllm(engine: ServingEngine, text: string): VllmMetricsSnapshot | null {
  const s = parseEngineMetrics(engine, text);
  if (!s) return null;
  const { promptTokens, generationTokens, requestSuccess, running, waiting, kvCacheUsagePct } = s;
  return {
    modelNames: [],
    promptTokens,
    generationTokens,
    requestSuccess,
    running,
    waiting,
    kvCacheUsagePct,
    kvCacheMetric: null,
  };
}
