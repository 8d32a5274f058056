// A deployment's capacity: the output tokens per second it sustains at its latency target and
// concurrency. Output, because serving benchmarks and vLLM's generation throughput count output
// tokens; input is prefilled alongside them. One figure used by utilization, sizing and alerting.
import { PRECISIONS, Precision } from '../catalogs/precision';
import { Catalogs, resolveCatalogs } from '../catalogs/resolve-catalogs';
import { lookUpVllmThroughput } from './throughput-lookup';

/** What a registered deployment says about itself that its capacity depends on. */
export interface RegisteredDeploymentShape {
  ratedThroughputTokensPerSec: string | number | null;
  servedModel: string;
  gpuType: string;
  gpuCount: number;
  /** Registered weights precision; null or absent: searched (and said). */
  precision?: Precision | null;
  /** Registered sequences served at once (vLLM max_num_seqs). */
  concurrency?: number | null;
}

export interface CapacityRequest {
  /** The operator's rating in output tokens/s (measured on their own hardware); wins when given. */
  ratedOutputTokensPerSec: number | null;
  modelId: string | null;
  gpuId: string | null;
  gpuCount: number;
  /** null: not registered; the catalog is searched at fp16, then fp8, int8, int4 (said in `source`). */
  precision: Precision | null;
  /** Sequences in flight at once; with the latency target it bounds the capacity. */
  concurrency?: number | null;
  /** Time per output token each sequence must keep (ms). */
  latencyTargetMsPerToken?: number | null;
  catalogs?: Catalogs;
}

export type CapacityBasis = 'rated' | 'catalog' | 'unknown';

export interface DeploymentCapacity {
  /** null = unknown: utilization cannot be computed (it is never assumed). */
  outputTokensPerSec: number | null;
  basis: CapacityBasis;
  /** Where the figure comes from, for the reader. */
  source: string;
  /** The precision of the catalog figure used (the registered one, or the one assumed). */
  precision?: Precision;
}

/**
 * At a latency target of t ms per output token each sequence produces at most 1000/t tokens/s,
 * so C sequences at once produce at most C × 1000/t: capacity is the lower of that and the
 * saturating throughput.
 */
export function latencyBoundOutputTokensPerSec(concurrency: number, latencyTargetMsPerToken: number): number {
  return (concurrency * 1000) / latencyTargetMsPerToken;
}

export function deploymentCapacity(request: CapacityRequest): DeploymentCapacity {
  const saturating = saturatingCapacity(request);
  if (saturating.outputTokensPerSec === null) return saturating;
  const { concurrency, latencyTargetMsPerToken } = request;
  if (!concurrency || !latencyTargetMsPerToken) return saturating;
  const bound = latencyBoundOutputTokensPerSec(concurrency, latencyTargetMsPerToken);
  if (bound >= saturating.outputTokensPerSec) return saturating;
  return {
    outputTokensPerSec: bound,
    basis: saturating.basis,
    source:
      `${concurrency} sequences × 1000 / ${latencyTargetMsPerToken} ms per token = ${round(bound)} output tokens/s ` +
      `(latency target), below ${round(saturating.outputTokensPerSec)} (${saturating.source})`,
  };
}

function saturatingCapacity(request: CapacityRequest): DeploymentCapacity {
  if (request.ratedOutputTokensPerSec !== null && request.ratedOutputTokensPerSec > 0) {
    return { outputTokensPerSec: request.ratedOutputTokensPerSec, basis: 'rated', source: 'rated by the operator' };
  }
  if (request.modelId !== null && request.gpuId !== null) {
    const catalogs = request.catalogs ?? resolveCatalogs();
    const precisions = request.precision === null ? PRECISIONS : [request.precision];
    for (const precision of precisions) {
      const figure = lookUpVllmThroughput(
        catalogs,
        request.modelId,
        request.gpuId,
        request.gpuCount,
        precision,
        request.concurrency ?? null,
      );
      if (figure === null) continue;
      const assumed = request.precision === null ? ` (precision not registered; ${precision} assumed)` : '';
      const measuredAt = figure.measuredAtConcurrency ? ` measured with ${figure.measuredAtConcurrency} sequences` : '';
      return {
        outputTokensPerSec: figure.outputTokensPerSec,
        basis: 'catalog',
        precision,
        source:
          `catalog ${request.modelId} on ${request.gpuCount}× ${request.gpuId} at ${precision}` +
          `${measuredAt}${assumed}: ` +
          figure.source.source,
      };
    }
  }
  return {
    outputTokensPerSec: null,
    basis: 'unknown',
    source:
      `no rated throughput and no catalog figure for ${request.modelId ?? 'an unregistered model'}` +
      (request.precision ? ` at ${request.precision}` : '') +
      ` on ${request.gpuCount}× ${request.gpuId ?? 'an unregistered GPU'}` +
      (request.concurrency ? ` with ${request.concurrency} sequences` : ''),
  };
}

const round = (v: number) => Math.round(v * 100) / 100;

/**
 * A registered deployment's capacity: its rating in output tokens/s (measured at its own latency
 * target), else the catalog's figure for its model × GPU × count × precision × concurrency, held to
 * concurrency × 1000 ÷ the organization's latency target when the concurrency is registered.
 */
export function registeredDeploymentCapacity(
  d: RegisteredDeploymentShape,
  catalogs = resolveCatalogs(),
  latencyTargetMsPerToken: number | null = null,
): DeploymentCapacity {
  return deploymentCapacity({
    ratedOutputTokensPerSec: d.ratedThroughputTokensPerSec === null ? null : Number(d.ratedThroughputTokensPerSec),
    modelId: catalogs.models.some((m) => m.id === d.servedModel) ? d.servedModel : null,
    gpuId: catalogs.gpus.some((g) => g.id === d.gpuType) ? d.gpuType : null,
    gpuCount: d.gpuCount,
    precision: d.precision ?? null,
    concurrency: d.concurrency ?? null,
    latencyTargetMsPerToken,
    catalogs,
  });
}
