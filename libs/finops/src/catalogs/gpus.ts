// GPUs a self-hosted deployment can be built from. Prices are purchase prices per card; SXM parts
// are sold on 8-GPU HGX boards, so the server around them belongs in `otherCapexUsd`.
import type { FigureSources } from './figure-source';
import type { CatalogShape } from './merge-catalog';

export type GpuFigure = 'memoryGiB' | 'memoryBandwidthGBps' | 'powerWatts' | 'unitPriceUsd';

export interface GpuSpec {
  id: string;
  name: string;
  /** Marketed memory. NVIDIA's "80 GB" of HBM is 80 GiB (2^30 bytes), which sizing relies on. */
  memoryGiB: number;
  memoryBandwidthGBps: number;
  /** Board power limit (TDP / TGP): the draw assumed at full load. */
  powerWatts: number;
  unitPriceUsd: number;
  sources: FigureSources<GpuFigure>;
}

export const GPU_CATALOG_SHAPE: CatalogShape<GpuSpec> = {
  name: 'gpus',
  requiredFields: ['id', 'name', 'memoryGiB', 'memoryBandwidthGBps', 'powerWatts', 'unitPriceUsd'],
  figureFields: ['memoryGiB', 'memoryBandwidthGBps', 'powerWatts', 'unitPriceUsd'],
};

const A100 = 'NVIDIA A100 Tensor Core GPU datasheet (SXM4)';
const H100 = 'NVIDIA H100 Tensor Core GPU datasheet (SXM5)';
const H200 = 'NVIDIA H200 Tensor Core GPU datasheet (SXM)';
const L40S = 'NVIDIA L40S GPU datasheet';
const RTX4090 = 'NVIDIA GeForce RTX 4090 specifications page';
const RTX5090 = 'NVIDIA GeForce RTX 5090 specifications page';
const streetPrice = (note: string) => ({ source: `estimate: ${note}`, estimate: true });

export const GPU_CATALOG: readonly GpuSpec[] = [
  {
    id: 'a100-40gb',
    name: 'NVIDIA A100 40GB SXM4',
    memoryGiB: 40,
    memoryBandwidthGBps: 1555,
    powerWatts: 400,
    unitPriceUsd: 10_000,
    sources: {
      memoryGiB: { source: A100 },
      memoryBandwidthGBps: { source: A100 },
      powerWatts: { source: A100 },
      unitPriceUsd: streetPrice('typical 2024 street price of a 40 GB A100; NVIDIA publishes no list price'),
    },
  },
  {
    id: 'a100-80gb',
    name: 'NVIDIA A100 80GB SXM4',
    memoryGiB: 80,
    memoryBandwidthGBps: 2039,
    powerWatts: 400,
    unitPriceUsd: 15_000,
    sources: {
      memoryGiB: { source: A100 },
      memoryBandwidthGBps: { source: A100 },
      powerWatts: { source: A100 },
      unitPriceUsd: streetPrice("the seed article's single-A100 price; NVIDIA publishes no list price"),
    },
  },
  {
    id: 'h100-80gb',
    name: 'NVIDIA H100 80GB SXM5',
    memoryGiB: 80,
    memoryBandwidthGBps: 3350,
    powerWatts: 700,
    unitPriceUsd: 30_000,
    sources: {
      memoryGiB: { source: H100 },
      memoryBandwidthGBps: { source: H100 },
      powerWatts: { source: `${H100}: up to 700 W` },
      unitPriceUsd: streetPrice('typical 2024 per-GPU price within an HGX H100 system; NVIDIA publishes no list price'),
    },
  },
  {
    id: 'h200-141gb',
    name: 'NVIDIA H200 141GB SXM',
    memoryGiB: 141,
    memoryBandwidthGBps: 4800,
    powerWatts: 700,
    unitPriceUsd: 35_000,
    sources: {
      memoryGiB: { source: H200 },
      memoryBandwidthGBps: { source: H200 },
      powerWatts: { source: `${H200}: up to 700 W` },
      unitPriceUsd: streetPrice('typical 2025 per-GPU price within an HGX H200 system; NVIDIA publishes no list price'),
    },
  },
  {
    id: 'l40s-48gb',
    name: 'NVIDIA L40S 48GB',
    memoryGiB: 48,
    memoryBandwidthGBps: 864,
    powerWatts: 350,
    unitPriceUsd: 8_000,
    sources: {
      memoryGiB: { source: L40S },
      memoryBandwidthGBps: { source: L40S },
      powerWatts: { source: L40S },
      unitPriceUsd: streetPrice('typical 2024 street price; NVIDIA publishes no list price'),
    },
  },
  {
    id: 'rtx-4090-24gb',
    name: 'NVIDIA GeForce RTX 4090 24GB',
    memoryGiB: 24,
    memoryBandwidthGBps: 1008,
    powerWatts: 450,
    unitPriceUsd: 1_599,
    sources: {
      memoryGiB: { source: RTX4090 },
      memoryBandwidthGBps: { source: `${RTX4090}: 384-bit GDDR6X at 21 Gbps` },
      powerWatts: { source: `${RTX4090}: total graphics power` },
      unitPriceUsd: { source: 'NVIDIA launch MSRP, Oct 2022' },
    },
  },
  {
    id: 'rtx-5090-32gb',
    name: 'NVIDIA GeForce RTX 5090 32GB',
    memoryGiB: 32,
    memoryBandwidthGBps: 1792,
    powerWatts: 575,
    unitPriceUsd: 1_999,
    sources: {
      memoryGiB: { source: RTX5090 },
      memoryBandwidthGBps: { source: RTX5090 },
      powerWatts: { source: `${RTX5090}: total graphics power` },
      unitPriceUsd: { source: 'NVIDIA launch MSRP, Jan 2025 (CES)' },
    },
  },
];
