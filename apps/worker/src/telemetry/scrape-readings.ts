// One deployment's scrape (vLLM /metrics and/or DCGM exporter) plus the counters stored after its
// previous scrape → a utilization sample, a counter-based usage row and the counters to store now.
// Counter increases follow libs/telemetry: a counter lower than before restarted from zero, so the
// increase is its new value (per series, so one engine restarting does not hide another's tokens);
// DCGM's device-wide power and energy are taken once per physical GPU, never summed over MIG slices.
import {
  SELF_HOSTED_BASIS_TAG,
  SELF_HOSTED_PROVIDER,
  selfHostedModel,
  vllmMetricsUsageSource,
} from '@tokenmeter/contracts';
import { UsageRow, UTILIZATION_LIMITS, UtilizationSampleRow } from '@tokenmeter/db';
import {
  type CounterReading,
  counterDelta,
  counterReadingDelta,
  type DcgmSnapshot,
  type VllmMetricsSnapshot,
} from '@tokenmeter/telemetry';

/** What is kept of a vLLM scrape for the next one (metric_counter_states.counters, target `vllm`). */
export interface VllmCounterState {
  promptTokens: CounterReading | null;
  generationTokens: CounterReading | null;
  requestSuccess: CounterReading | null;
}

/** What is kept of a DCGM scrape (target `dcgm`): each physical GPU's energy counter, in mJ. */
export interface DcgmCounterState {
  energyMillijoules: Record<string, number | null>;
}

export interface Previous<S> {
  counters: S;
  time: Date;
}

export interface ScrapeInput {
  deployment: { name: string; team: string; servedModel: string };
  /** When the scrape started: the sample's time and the usage row's id. */
  at: Date;
  vllm: { snapshot: VllmMetricsSnapshot; previous: Previous<VllmCounterState> | null } | null;
  dcgm: { snapshot: DcgmSnapshot; previous: Previous<DcgmCounterState> | null } | null;
}

export interface ScrapeReadings {
  sample: UtilizationSampleRow;
  /** Null on a first scrape, or when no token was processed since the previous one. */
  usage: UsageRow | null;
  vllmState: VllmCounterState | null;
  dcgmState: DcgmCounterState | null;
  promptTokens: number | null;
  generationTokens: number | null;
  energyJoules: number | null;
}

export function vllmCounterState(snapshot: VllmMetricsSnapshot): VllmCounterState {
  return {
    promptTokens: snapshot.promptTokens,
    generationTokens: snapshot.generationTokens,
    requestSuccess: snapshot.requestSuccess,
  };
}

export function dcgmCounterState(snapshot: DcgmSnapshot): DcgmCounterState {
  return { energyMillijoules: Object.fromEntries(snapshot.gpus.map((gpu) => [gpu.key, gpu.energyMillijoules])) };
}

/** Energy since the previous DCGM scrape, over GPUs present in both; null when none is. */
function energyMillijoulesSince(previous: DcgmCounterState, snapshot: DcgmSnapshot): number | null {
  let total: number | null = null;
  for (const gpu of snapshot.gpus) {
    if (!Object.hasOwn(previous.energyMillijoules, gpu.key)) continue;
    const delta = counterDelta(previous.energyMillijoules[gpu.key], gpu.energyMillijoules);
    if (delta !== null) total = (total ?? 0) + delta;
  }
  return total;
}

function mean(values: Array<number | null>): number | null {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0) / known.length;
}

function bounded(value: number | null, max: number): number | null {
  return value === null || !Number.isFinite(value) || value < 0 || value > max ? null : value;
}

function seconds(from: Date | undefined, to: Date): number | null {
  if (!from) return null;
  const s = (to.getTime() - from.getTime()) / 1000;
  return s > 0 ? s : null;
}

export function scrapeReadings(input: ScrapeInput): ScrapeReadings {
  const { deployment, at, vllm, dcgm } = input;
  const L = UTILIZATION_LIMITS;

  const before = vllm?.previous?.counters ?? null;
  const increase = (now: CounterReading | null, then: CounterReading | null | undefined) => {
    const delta = before === null ? null : counterReadingDelta(then ?? null, now);
    return delta === null ? null : Math.round(delta);
  };
  const promptTokens = increase(vllm?.snapshot.promptTokens ?? null, before?.promptTokens);
  const generationTokens = increase(vllm?.snapshot.generationTokens ?? null, before?.generationTokens);
  const requests = increase(vllm?.snapshot.requestSuccess ?? null, before?.requestSuccess) ?? 0;
  const vllmSeconds = seconds(vllm?.previous?.time, at);

  const energyMj = dcgm?.previous ? energyMillijoulesSince(dcgm.previous.counters, dcgm.snapshot) : null;
  const energyJoules = energyMj === null ? null : energyMj / 1000;
  const dcgmSeconds = seconds(dcgm?.previous?.time, at);

  const intervalSec = vllmSeconds ?? dcgmSeconds ?? 0;
  const rate = (tokens: number | null) =>
    tokens === null || vllmSeconds === null ? null : bounded(tokens / vllmSeconds, L.tokensPerSec);
  const gpus = dcgm?.snapshot.gpus ?? [];

  const sample: UtilizationSampleRow = {
    deployment: deployment.name,
    time: at,
    engine: 0, // the whole server: engines are summed (running, waiting) or averaged (KV cache)
    source: 'metrics',
    intervalSec: Math.min(intervalSec, L.intervalSec),
    promptTokensPerSec: rate(promptTokens),
    generationTokensPerSec: rate(generationTokens),
    running: bounded(vllm?.snapshot.running ?? null, L.count),
    waiting: bounded(vllm?.snapshot.waiting ?? null, L.count),
    swapped: null,
    kvCacheUsagePct: bounded(vllm?.snapshot.kvCacheUsagePct ?? null, L.pct),
    prefixCacheHitRatePct: null,
    gpuUtilPct: bounded(mean(gpus.map((gpu) => gpu.gpuUtilPct)), L.pct),
    gpuEngineActivePct: bounded(mean(gpus.map((gpu) => gpu.graphicsEngineActivePct)), L.pct),
    powerWatts: bounded(dcgm?.snapshot.totalPowerWatts ?? null, L.powerWatts),
    energyJoules: bounded(energyJoules, L.energyJoules),
  };

  const tokens = (promptTokens ?? 0) + (generationTokens ?? 0);
  const usage: UsageRow | null =
    (promptTokens === null && generationTokens === null) || tokens <= 0
      ? null
      : {
          source: vllmMetricsUsageSource(deployment.name),
          id: at.toISOString(),
          time: at,
          team: deployment.team,
          project: null,
          tags: { [SELF_HOSTED_BASIS_TAG]: 'counter', intervalSec: String(intervalSec) },
          provider: SELF_HOSTED_PROVIDER,
          model: selfHostedModel(deployment.servedModel, deployment.name),
          deployment: deployment.name,
          inputTokens: promptTokens ?? 0,
          cachedInputTokens: 0,
          cacheWriteTokens: 0,
          outputTokens: generationTokens ?? 0,
          reasoningTokens: 0,
          requests: Math.min(requests, 1_000_000_000),
          costUsd: null,
          priceVersion: null,
        };

  return {
    sample,
    usage,
    vllmState: vllm ? vllmCounterState(vllm.snapshot) : null,
    dcgmState: dcgm ? dcgmCounterState(dcgm.snapshot) : null,
    promptTokens,
    generationTokens,
    energyJoules,
  };
}
