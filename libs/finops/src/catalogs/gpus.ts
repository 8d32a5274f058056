// GPUs a self-hosted deployment can be built from. Prices are purchase prices per card; SXM parts
// are sold on 8-GPU HGX boards, so the server around them belongs in `otherCapexUsd`.
import type { FigureSources } from './figure-source';
import type { CatalogShape } from './merge-catalog';

/** The figures of a GPU that carry a source (every field but its id and name). */
const GPU_FIGURES = [
  'memoryGiB',
  'memoryBandwidthGBps',
  'powerWatts',
  'idlePowerWatts',
  'interconnect',
  'datacenterUseRestricted',
  'unitPriceUsd',
] as const;

export type GpuFigure = (typeof GPU_FIGURES)[number];

/** How the GPUs of one server talk to each other in tensor parallelism. */
export type GpuInterconnect = 'nvlink' | 'pcie';

export interface GpuSpec {
  id: string;
  name: string;
  /** Marketed memory. NVIDIA's "80 GB" of HBM is 80 GiB (2^30 bytes), which sizing relies on. */
  memoryGiB: number;
  memoryBandwidthGBps: number;
  /** Board power limit (TDP / TGP): the draw assumed at full load. */
  powerWatts: number;
  /** Draw with the model loaded and no request running; electricity is weighted between the two. */
  idlePowerWatts: number;
  interconnect: GpuInterconnect;
  /** The card's licence forbids datacenter deployment (GeForce driver EULA): a flag, not a veto. */
  datacenterUseRestricted: boolean;
  unitPriceUsd: number;
  sources: FigureSources<GpuFigure>;
}

export const GPU_CATALOG_SHAPE: CatalogShape<GpuSpec> = {
  name: 'gpus',
  requiredFields: ['id', 'name', ...GPU_FIGURES],
  figureFields: GPU_FIGURES,
};

const A100 = 'NVIDIA A100 Tensor Core GPU datasheet (SXM4)';
const H100 = 'NVIDIA H100 Tensor Core GPU datasheet (SXM5)';
const H200 = 'NVIDIA H200 Tensor Core GPU datasheet (SXM)';
const L40S = 'NVIDIA L40S GPU datasheet';
const RTX4090 = 'NVIDIA GeForce RTX 4090 specifications page';
const RTX5090 = 'NVIDIA GeForce RTX 5090 specifications page';
const GEFORCE_EULA = {
  source:
    'NVIDIA GeForce driver licence (License For Customer Use of NVIDIA GeForce Software, §2.1.3): ' +
    '"No Datacenter Deployment. The SOFTWARE is not licensed for datacenter deployment"',
};
const DATACENTER_LICENCE = { source: 'NVIDIA data-center GPU: no datacenter restriction in its driver licence' };
const idleDraw = (note: string) => ({ source: `estimate: ${note}`, estimate: true });
const NO_NVLINK = (sheet: string) => ({ source: `${sheet}: no NVLink; GPUs talk over PCIe` });
const streetPrice = (note: string) => ({ source: `estimate: ${note}`, estimate: true });

export const GPU_CATALOG: readonly GpuSpec[] = [
  {
    id: 'a100-40gb',
    name: 'NVIDIA A100 40GB SXM4',
    memoryGiB: 40,
    memoryBandwidthGBps: 1555,
    powerWatts: 400,
    idlePowerWatts: 50,
    interconnect: 'nvlink',
    datacenterUseRestricted: false,
    unitPriceUsd: 10_000,
    sources: {
      memoryGiB: { source: A100 },
      memoryBandwidthGBps: { source: A100 },
      powerWatts: { source: A100 },
      idlePowerWatts: idleDraw('idle draw reported by nvidia-smi on an idle A100 SXM4 with a model loaded (~50 W)'),
      interconnect: { source: `${A100}: NVLink 600 GB/s` },
      datacenterUseRestricted: DATACENTER_LICENCE,
      unitPriceUsd: streetPrice('typical 2024 street price of a 40 GB A100; NVIDIA publishes no list price'),
    },
  },
  {
    id: 'a100-80gb',
    name: 'NVIDIA A100 80GB SXM4',
    memoryGiB: 80,
    memoryBandwidthGBps: 2039,
    powerWatts: 400,
    idlePowerWatts: 50,
    interconnect: 'nvlink',
    datacenterUseRestricted: false,
    unitPriceUsd: 15_000,
    sources: {
      memoryGiB: { source: A100 },
      memoryBandwidthGBps: { source: A100 },
      powerWatts: { source: A100 },
      idlePowerWatts: idleDraw('idle draw reported by nvidia-smi on an idle A100 SXM4 with a model loaded (~50 W)'),
      interconnect: { source: `${A100}: NVLink 600 GB/s` },
      datacenterUseRestricted: DATACENTER_LICENCE,
      unitPriceUsd: streetPrice("the seed article's single-A100 price; NVIDIA publishes no list price"),
    },
  },
  {
    id: 'h100-80gb',
    name: 'NVIDIA H100 80GB SXM5',
    memoryGiB: 80,
    memoryBandwidthGBps: 3350,
    powerWatts: 700,
    idlePowerWatts: 70,
    interconnect: 'nvlink',
    datacenterUseRestricted: false,
    unitPriceUsd: 30_000,
    sources: {
      memoryGiB: { source: H100 },
      memoryBandwidthGBps: { source: H100 },
      powerWatts: { source: `${H100}: up to 700 W` },
      idlePowerWatts: idleDraw('idle draw reported by nvidia-smi on an idle H100 SXM5 with a model loaded (~70 W)'),
      interconnect: { source: `${H100}: NVLink 900 GB/s` },
      datacenterUseRestricted: DATACENTER_LICENCE,
      unitPriceUsd: streetPrice('typical 2024 per-GPU price within an HGX H100 system; NVIDIA publishes no list price'),
    },
  },
  {
    id: 'h200-141gb',
    name: 'NVIDIA H200 141GB SXM',
    memoryGiB: 141,
    memoryBandwidthGBps: 4800,
    powerWatts: 700,
    idlePowerWatts: 75,
    interconnect: 'nvlink',
    datacenterUseRestricted: false,
    unitPriceUsd: 35_000,
    sources: {
      memoryGiB: { source: H200 },
      memoryBandwidthGBps: { source: H200 },
      powerWatts: { source: `${H200}: up to 700 W` },
      idlePowerWatts: idleDraw(
        'idle draw of an idle H200 SXM, taken as the H100 SXM figure plus its larger HBM (~75 W)',
      ),
      interconnect: { source: `${H200}: NVLink 900 GB/s` },
      datacenterUseRestricted: DATACENTER_LICENCE,
      unitPriceUsd: streetPrice('typical 2025 per-GPU price within an HGX H200 system; NVIDIA publishes no list price'),
    },
  },
  {
    id: 'l40s-48gb',
    name: 'NVIDIA L40S 48GB',
    memoryGiB: 48,
    memoryBandwidthGBps: 864,
    powerWatts: 350,
    idlePowerWatts: 35,
    interconnect: 'pcie',
    datacenterUseRestricted: false,
    unitPriceUsd: 8_000,
    sources: {
      memoryGiB: { source: L40S },
      memoryBandwidthGBps: { source: L40S },
      powerWatts: { source: L40S },
      idlePowerWatts: idleDraw('idle draw reported by nvidia-smi on an idle L40S (~35 W)'),
      interconnect: NO_NVLINK(L40S),
      datacenterUseRestricted: DATACENTER_LICENCE,
      unitPriceUsd: streetPrice('typical 2024 street price; NVIDIA publishes no list price'),
    },
  },
  {
    id: 'rtx-4090-24gb',
    name: 'NVIDIA GeForce RTX 4090 24GB',
    memoryGiB: 24,
    memoryBandwidthGBps: 1008,
    powerWatts: 450,
    idlePowerWatts: 20,
    interconnect: 'pcie',
    datacenterUseRestricted: true,
    unitPriceUsd: 1_599,
    sources: {
      memoryGiB: { source: RTX4090 },
      memoryBandwidthGBps: { source: `${RTX4090}: 384-bit GDDR6X at 21 Gbps` },
      powerWatts: { source: `${RTX4090}: total graphics power` },
      idlePowerWatts: idleDraw('idle draw of an RTX 4090 at the desktop (~20 W, reviews)'),
      interconnect: NO_NVLINK(RTX4090),
      datacenterUseRestricted: GEFORCE_EULA,
      unitPriceUsd: { source: 'NVIDIA launch MSRP, Oct 2022' },
    },
  },
  {
    id: 'rtx-5090-32gb',
    name: 'NVIDIA GeForce RTX 5090 32GB',
    memoryGiB: 32,
    memoryBandwidthGBps: 1792,
    powerWatts: 575,
    idlePowerWatts: 30,
    interconnect: 'pcie',
    datacenterUseRestricted: true,
    unitPriceUsd: 1_999,
    sources: {
      memoryGiB: { source: RTX5090 },
      memoryBandwidthGBps: { source: RTX5090 },
      powerWatts: { source: `${RTX5090}: total graphics power` },
      idlePowerWatts: idleDraw('idle draw of an RTX 5090 at the desktop (~30 W, reviews)'),
      interconnect: NO_NVLINK(RTX5090),
      datacenterUseRestricted: GEFORCE_EULA,
      unitPriceUsd: { source: 'NVIDIA launch MSRP, Jan 2025 (CES)' },
    },
  },
];
