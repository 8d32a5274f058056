// Default vLLM throughput for a model on a GPU configuration: a published run when one exists,
// otherwise an estimate scaled from a run of the same model, precision and GPU count on another
// GPU by memory bandwidth (decode is bandwidth-bound), marked as an estimate. A tensor-parallel
// estimate for GPUs that talk over PCIe, scaled from a run on NVLink GPUs, is derated further:
// every layer ends in an all-reduce, and PCIe carries it 10–30× slower than NVLink.
import type { FigureSource } from '../catalogs/figure-source';
import type { Precision } from '../catalogs/precision';
import { Catalogs } from '../catalogs/resolve-catalogs';

/**
 * Share of an NVLink tensor-parallel throughput kept over PCIe. Sources: NVIDIA datasheets (NVLink
 * 600–900 GB/s per GPU against PCIe 4.0 x16 at 64 GB/s) and reports of PCIe tensor parallelism
 * reaching 50–60% of its NVLink throughput (theneuralbase.com, "vLLM: NVLink vs PCIe performance").
 */
export const PCIE_TENSOR_PARALLEL_DERATING = 0.55;
export const PCIE_TENSOR_PARALLEL_DERATING_SOURCE =
  'estimate: PCIe tensor parallelism keeps about 55% of NVLink throughput (NVLink 600–900 GB/s vs PCIe 4.0 ' +
  '64 GB/s, NVIDIA datasheets; 50–60% reported for vLLM over PCIe, theneuralbase.com)';

export interface ThroughputFigure {
  outputTokensPerSec: number;
  source: FigureSource;
  /** Sequences in flight when it was measured; null: a saturating load. */
  measuredAtConcurrency?: number | null;
}

/**
 * Model × GPU × count × precision × concurrency: a run measured at exactly that concurrency wins;
 * otherwise the saturating runs (no concurrency) are used, which the caller bounds by the latency
 * target at its concurrency. Without a concurrency only saturating runs count.
 */
export function lookUpVllmThroughput(
  catalogs: Catalogs,
  modelId: string,
  gpuId: string,
  gpuCount: number,
  precision: Precision,
  concurrency: number | null = null,
): ThroughputFigure | null {
  const configuration = catalogs.vllmThroughput.filter(
    (run) => run.modelId === modelId && run.gpuCount === gpuCount && run.precision === precision,
  );
  const atConcurrency = concurrency === null ? [] : configuration.filter((run) => run.concurrency === concurrency);
  const runs = atConcurrency.length
    ? atConcurrency
    : configuration.filter((run) => run.concurrency === undefined || run.concurrency === null);
  const exact = runs.find((run) => run.gpuId === gpuId);
  if (exact) {
    return {
      outputTokensPerSec: exact.outputTokensPerSec,
      source: exact.sources.outputTokensPerSec,
      measuredAtConcurrency: exact.concurrency ?? null,
    };
  }
  const target = catalogs.gpus.find((gpu) => gpu.id === gpuId);
  if (!target) return null;
  // Scale from the run whose GPU is closest in bandwidth: the smaller the jump, the better the guess.
  let best: { figure: ThroughputFigure; distance: number } | null = null;
  for (const run of runs) {
    const reference = catalogs.gpus.find((gpu) => gpu.id === run.gpuId);
    if (!reference) continue;
    const derated = gpuCount > 1 && target.interconnect === 'pcie' && reference.interconnect !== 'pcie';
    const ratio =
      (target.memoryBandwidthGBps / reference.memoryBandwidthGBps) * (derated ? PCIE_TENSOR_PARALLEL_DERATING : 1);
    const distance = Math.abs(Math.log(target.memoryBandwidthGBps / reference.memoryBandwidthGBps));
    if (best === null || distance < best.distance) {
      best = {
        distance,
        figure: {
          outputTokensPerSec: run.outputTokensPerSec * ratio,
          measuredAtConcurrency: run.concurrency ?? null,
          source: {
            source:
              `estimate: ${run.id} scaled by memory bandwidth ` +
              `(${target.memoryBandwidthGBps}/${reference.memoryBandwidthGBps} GB/s)` +
              (derated ? `, × ${PCIE_TENSOR_PARALLEL_DERATING} for tensor parallelism over PCIe` : '') +
              '; ' +
              `from ${run.sources.outputTokensPerSec.source}`,
            estimate: true,
          },
        },
      };
    }
  }
  return best?.figure ?? null;
}
