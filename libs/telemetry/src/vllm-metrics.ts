// vLLM's /metrics → a typed snapshot. Counters are exposed as `vllm:x_total` by prometheus_client
// (some exporters drop the suffix), labelled `model_name` and, on V1 data-parallel, `engine`;
// `request_success` adds `finished_reason`. `vllm:gpu_cache_usage_perc` was renamed
// `vllm:kv_cache_usage_perc`; both are a 0–1 fraction, reported here as a percentage.
import { type CounterReading, counterReadingDelta, seriesKey } from './counter-delta';
import { type PrometheusSample, parsePrometheusText } from './prometheus-text';

export interface VllmMetricsSnapshot {
  /** `model_name` label values seen (one, normally). */
  modelNames: string[];
  promptTokens: CounterReading | null;
  generationTokens: CounterReading | null;
  requestSuccess: CounterReading | null;
  /** Summed over engines. */
  running: number | null;
  waiting: number | null;
  /** Mean over engines, in percent (0–100). */
  kvCacheUsagePct: number | null;
  /** The metric `kvCacheUsagePct` came from, so a dashboard can tell the renamed one apart. */
  kvCacheMetric: 'vllm:kv_cache_usage_perc' | 'vllm:gpu_cache_usage_perc' | null;
}

export interface VllmMetricsOptions {
  /** Only series with this `model_name` (a server exposing several). */
  modelName?: string;
}

export interface VllmCounterDeltas {
  promptTokens: number | null;
  generationTokens: number | null;
  requestSuccess: number | null;
}

function seriesOf(samples: PrometheusSample[], names: string[]): PrometheusSample[] {
  for (const name of names) {
    const found = samples.filter((sample) => sample.name === name && Number.isFinite(sample.value));
    if (found.length > 0) return found;
  }
  return [];
}

function counter(samples: PrometheusSample[], base: string): CounterReading | null {
  const found = seriesOf(samples, [`${base}_total`, base]);
  if (found.length === 0) return null;
  const series: Record<string, number> = {};
  for (const sample of found) series[seriesKey(sample.labels)] = sample.value;
  return { total: Object.values(series).reduce((a, b) => a + b, 0), series };
}

function gaugeSum(samples: PrometheusSample[], name: string): number | null {
  const found = seriesOf(samples, [name]);
  return found.length === 0 ? null : found.reduce((total, sample) => total + sample.value, 0);
}

export function vllmMetricsSnapshot(
  allSamples: readonly PrometheusSample[],
  options: VllmMetricsOptions = {},
): VllmMetricsSnapshot {
  const samples = allSamples.filter(
    (sample) =>
      sample.name.startsWith('vllm:') &&
      (options.modelName === undefined || sample.labels.model_name === options.modelName),
  );
  const modelNames = [...new Set(samples.map((sample) => sample.labels.model_name).filter((name) => name))];

  let kvCacheMetric: VllmMetricsSnapshot['kvCacheMetric'] = null;
  let kv = seriesOf(samples, ['vllm:kv_cache_usage_perc']);
  if (kv.length > 0) kvCacheMetric = 'vllm:kv_cache_usage_perc';
  else {
    kv = seriesOf(samples, ['vllm:gpu_cache_usage_perc']);
    if (kv.length > 0) kvCacheMetric = 'vllm:gpu_cache_usage_perc';
  }

  return {
    modelNames,
    promptTokens: counter(samples, 'vllm:prompt_tokens'),
    generationTokens: counter(samples, 'vllm:generation_tokens'),
    requestSuccess: counter(samples, 'vllm:request_success'),
    running: gaugeSum(samples, 'vllm:num_requests_running'),
    waiting: gaugeSum(samples, 'vllm:num_requests_waiting'),
    kvCacheUsagePct: kv.length === 0 ? null : (kv.reduce((total, s) => total + s.value, 0) / kv.length) * 100,
    kvCacheMetric,
  };
}

/** Parses a vLLM /metrics scrape. */
export function parseVllmMetrics(text: string, options: VllmMetricsOptions = {}): VllmMetricsSnapshot {
  return vllmMetricsSnapshot(parsePrometheusText(text).samples, options);
}

/** Token and request increases between two scrapes of the same server; restarts handled per series. */
export function vllmCounterDeltas(previous: VllmMetricsSnapshot, current: VllmMetricsSnapshot): VllmCounterDeltas {
  return {
    promptTokens: counterReadingDelta(previous.promptTokens, current.promptTokens),
    generationTokens: counterReadingDelta(previous.generationTokens, current.generationTokens),
    requestSuccess: counterReadingDelta(previous.requestSuccess, current.requestSuccess),
  };
}
