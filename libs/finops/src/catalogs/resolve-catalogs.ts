// The catalogs a calculation runs against: the bundled data with the caller's overrides merged in.
import { GPU_RENTAL_CATALOG, GPU_RENTAL_CATALOG_SHAPE, GpuRentalPrice } from './gpu-rental';
import { GPU_CATALOG, GPU_CATALOG_SHAPE, GpuSpec } from './gpus';
import { CatalogOverride, mergeCatalog } from './merge-catalog';
import { OPEN_MODEL_CATALOG, OPEN_MODEL_CATALOG_SHAPE, OpenModelSpec } from './open-models';
import { QUANTIZATION_CATALOG, QUANTIZATION_CATALOG_SHAPE, QuantizationMethod } from './quantization-methods';
import { VLLM_THROUGHPUT_CATALOG, VLLM_THROUGHPUT_CATALOG_SHAPE, VllmThroughputEntry } from './vllm-throughput';

export interface Catalogs {
  gpus: readonly GpuSpec[];
  models: readonly OpenModelSpec[];
  quantizationMethods: readonly QuantizationMethod[];
  vllmThroughput: readonly VllmThroughputEntry[];
  gpuRental: readonly GpuRentalPrice[];
}

/** A partial catalog: entries merged by id into the bundled ones (new ids must be complete). */
export interface CatalogOverrides {
  gpus?: readonly CatalogOverride<GpuSpec>[];
  models?: readonly CatalogOverride<OpenModelSpec>[];
  quantizationMethods?: readonly CatalogOverride<QuantizationMethod>[];
  vllmThroughput?: readonly CatalogOverride<VllmThroughputEntry>[];
  gpuRental?: readonly CatalogOverride<GpuRentalPrice>[];
}

/** The bundled catalogs as they are, merged once: the planner resolves them for every pricing, hundreds a workload. */
let bundled: Catalogs | null = null;

export function resolveCatalogs(overrides: CatalogOverrides = {}): Catalogs {
  if (Object.values(overrides).every((list) => list === undefined || list.length === 0)) {
    bundled ??= freezeLists(merge({}));
    return bundled;
  }
  return merge(overrides);
}

/** Shared lists are frozen: a caller that sorted or pushed into one would change every later caller's. */
function freezeLists(catalogs: Catalogs): Catalogs {
  for (const list of Object.values(catalogs)) Object.freeze(list);
  return catalogs;
}

function merge(overrides: CatalogOverrides): Catalogs {
  return {
    gpus: mergeCatalog(GPU_CATALOG_SHAPE, GPU_CATALOG, overrides.gpus),
    models: mergeCatalog(OPEN_MODEL_CATALOG_SHAPE, OPEN_MODEL_CATALOG, overrides.models),
    quantizationMethods: mergeCatalog(QUANTIZATION_CATALOG_SHAPE, QUANTIZATION_CATALOG, overrides.quantizationMethods),
    vllmThroughput: mergeCatalog(VLLM_THROUGHPUT_CATALOG_SHAPE, VLLM_THROUGHPUT_CATALOG, overrides.vllmThroughput),
    gpuRental: mergeCatalog(GPU_RENTAL_CATALOG_SHAPE, GPU_RENTAL_CATALOG, overrides.gpuRental),
  };
}

export class UnknownCatalogEntryError extends Error {}

/** The entry with this id, or an error that lists the ids that do exist. */
export function catalogEntry<T extends { id: string }>(entries: readonly T[], id: string, what: string): T {
  const entry = entries.find((candidate) => candidate.id === id);
  if (!entry) {
    throw new UnknownCatalogEntryError(`unknown ${what} "${id}"; known: ${entries.map((e) => e.id).join(', ')}`);
  }
  return entry;
}
