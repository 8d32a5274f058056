// Default vLLM throughput for a model on a GPU configuration: a published run when one exists,
// otherwise an estimate scaled from a run of the same model, precision and GPU count on another
// GPU by memory bandwidth (decode is bandwidth-bound), marked as an estimate.
import type { FigureSource } from '../catalogs/figure-source';
import type { Precision } from '../catalogs/precision';
import { Catalogs } from '../catalogs/resolve-catalogs';

export interface ThroughputFigure {
  outputTokensPerSec: number;
  source: FigureSource;
}

export function lookUpVllmThroughput(
  catalogs: Catalogs,
  modelId: string,
  gpuId: string,
  gpuCount: number,
  precision: Precision,
): ThroughputFigure | null {
  const runs = catalogs.vllmThroughput.filter(
    (run) => run.modelId === modelId && run.gpuCount === gpuCount && run.precision === precision,
  );
  const exact = runs.find((run) => run.gpuId === gpuId);
  if (exact) return { outputTokensPerSec: exact.outputTokensPerSec, source: exact.sources.outputTokensPerSec };
  const target = catalogs.gpus.find((gpu) => gpu.id === gpuId);
  if (!target) return null;
  // Scale from the run whose GPU is closest in bandwidth: the smaller the jump, the better the guess.
  let best: { figure: ThroughputFigure; distance: number } | null = null;
  for (const run of runs) {
    const reference = catalogs.gpus.find((gpu) => gpu.id === run.gpuId);
    if (!reference) continue;
    const ratio = target.memoryBandwidthGBps / reference.memoryBandwidthGBps;
    const distance = Math.abs(Math.log(ratio));
    if (best === null || distance < best.distance) {
      best = {
        distance,
        figure: {
          outputTokensPerSec: run.outputTokensPerSec * ratio,
          source: {
            source:
              `estimate: ${run.id} scaled by memory bandwidth ` +
              `(${target.memoryBandwidthGBps}/${reference.memoryBandwidthGBps} GB/s); ` +
              `from ${run.sources.outputTokensPerSec.source}`,
            estimate: true,
          },
        },
      };
    }
  }
  return best?.figure ?? null;
}
