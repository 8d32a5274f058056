// A model's catalog card as FinOps reads it: parameters, licence, memory at FP16/INT8/INT4 and the
// GPU configuration with the lowest cost of ownership that holds it at each, computed from the
// catalogs so the card can never disagree with the sizing function.
import { PRECISIONS, Precision } from '../catalogs/precision';
import { CatalogOverrides, catalogEntry, resolveCatalogs } from '../catalogs/resolve-catalogs';
import { sizeDeployment } from './deployment-sizing';
import { weightsMemoryGb } from './model-memory';

export interface GpuConfiguration {
  gpuId: string;
  gpuCount: number;
  gpuCapexUsd: number;
  /** At the organization defaults (sizing's cost of ownership). */
  costOfOwnershipUsdPerMonth: number;
}

export interface OpenModelProfile {
  id: string;
  name: string;
  totalParamsB: number;
  activeParamsB: number;
  licence: string;
  weightsGb: Record<Precision, number>;
  /** Lowest cost of ownership holding the model at each precision; null when none in the catalog does. */
  smallestGpuConfiguration: Record<Precision, GpuConfiguration | null>;
  /** The KV-cache assumption the configurations were sized for. */
  sizedFor: { contextTokens: number; concurrentSequences: number };
}

export interface OpenModelProfileOptions {
  contextTokens?: number;
  concurrentSequences?: number;
  catalogs?: CatalogOverrides;
}

export function openModelProfile(modelId: string, options: OpenModelProfileOptions = {}): OpenModelProfile {
  const model = catalogEntry(resolveCatalogs(options.catalogs).models, modelId, 'model');
  const contextTokens = options.contextTokens ?? 4096;
  const concurrentSequences = options.concurrentSequences ?? 1;
  const weightsGb = {} as Record<Precision, number>;
  const smallestGpuConfiguration = {} as Record<Precision, GpuConfiguration | null>;
  for (const precision of PRECISIONS) {
    weightsGb[precision] = weightsMemoryGb(model, precision);
    const { chosen } = sizeDeployment({
      modelId,
      precision,
      contextTokens,
      concurrentSequences,
      catalogs: options.catalogs,
    });
    smallestGpuConfiguration[precision] = chosen
      ? {
          gpuId: chosen.gpuId,
          gpuCount: chosen.gpuCount,
          gpuCapexUsd: chosen.gpuCapexUsd as number,
          costOfOwnershipUsdPerMonth: chosen.costOfOwnershipUsdPerMonth as number,
        }
      : null;
  }
  return {
    id: model.id,
    name: model.name,
    totalParamsB: model.totalParamsB,
    activeParamsB: model.activeParamsB,
    licence: model.licence,
    weightsGb,
    smallestGpuConfiguration,
    sizedFor: { contextTokens, concurrentSequences },
  };
}
