// Every engine's /metrics in one shape: token counters (summed over series, kept per series for
// restarts, as vllm-metrics.ts does), queue, running and KV-cache gauges.
import { type CounterReading, counterReadingDelta, seriesKey } from '../counter-delta';
import type { PrometheusSample } from '../prometheus-text';

export interface EngineMetricsSnapshot {
  promptTokens: CounterReading | null;
  cachedPromptTokens: CounterReading | null;
  generationTokens: CounterReading | null;
  requestSuccess: CounterReading | null;
  running: number | null;
  waiting: number | null;
  /** Mean over series, percent (0–100). */
  kvCacheUsagePct: number | null;
}

export interface EngineCounterDeltas {
  promptTokens: number | null;
  cachedPromptTokens: number | null;
  generationTokens: number | null;
  requestSuccess: number | null;
}

export type LabelFilter = Record<string, string>;

function matches(sample: PrometheusSample, name: string, labels: LabelFilter): boolean {
  if (sample.name !== name || !Number.isFinite(sample.value)) return false;
  return Object.entries(labels).every(([key, value]) => sample.labels[key] === value);
}

/** The first of `names` that has series (renamed metrics, exporters that drop `_total`). */
export function seriesOf(
  samples: readonly PrometheusSample[],
  names: string[],
  labels: LabelFilter = {},
): PrometheusSample[] {
  for (const name of names) {
    const found = samples.filter((sample) => matches(sample, name, labels));
    if (found.length > 0) return found;
  }
  return [];
}

export function counterOf(
  samples: readonly PrometheusSample[],
  names: string[],
  labels: LabelFilter = {},
): CounterReading | null {
  const found = seriesOf(samples, names, labels);
  if (found.length === 0) return null;
  const series: Record<string, number> = {};
  for (const sample of found) series[seriesKey(sample.labels)] = sample.value;
  return { total: Object.values(series).reduce((a, b) => a + b, 0), series };
}

export function gaugeSum(
  samples: readonly PrometheusSample[],
  names: string[],
  labels: LabelFilter = {},
): number | null {
  // A gauge summed over its series is what a counter's total is: one value per series, added up.
  return counterOf(samples, names, labels)?.total ?? null;
}

/** Mean of a 0–1 gauge, as a percentage. */
export function fractionPct(
  samples: readonly PrometheusSample[],
  names: string[],
  labels: LabelFilter = {},
): number | null {
  const found = seriesOf(samples, names, labels);
  return found.length === 0 ? null : (found.reduce((total, sample) => total + sample.value, 0) / found.length) * 100;
}

export function engineCounterDeltas(
  previous: EngineMetricsSnapshot,
  current: EngineMetricsSnapshot,
): EngineCounterDeltas {
  return {
    promptTokens: counterReadingDelta(previous.promptTokens, current.promptTokens),
    cachedPromptTokens: counterReadingDelta(previous.cachedPromptTokens, current.cachedPromptTokens),
    generationTokens: counterReadingDelta(previous.generationTokens, current.generationTokens),
    requestSuccess: counterReadingDelta(previous.requestSuccess, current.requestSuccess),
  };
}
