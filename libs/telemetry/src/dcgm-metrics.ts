// NVIDIA DCGM exporter text → one reading per physical GPU. With MIG, the exporter repeats
// device-wide fields (power, energy, GPU util) on every slice's series (labels GPU_I_ID,
// GPU_I_PROFILE); summing them would count a GPU several times, so device fields are taken once per
// GPU (by UUID, else Hostname + gpu index), and only the per-slice engine activity is kept per slice.
import { counterDelta } from './counter-delta';
import { type PrometheusSample, parsePrometheusText } from './prometheus-text';

export interface DcgmMigSlice {
  instanceId: string;
  profile: string | null;
  graphicsEngineActivePct: number | null;
}

export interface DcgmGpuReading {
  /** UUID, else `Hostname/gpu`. */
  key: string;
  uuid: string | null;
  gpu: string | null;
  hostname: string | null;
  modelName: string | null;
  /** DCGM_FI_DEV_GPU_UTIL: share of time any kernel ran (0–100); says nothing about how busy. */
  gpuUtilPct: number | null;
  /**
   * DCGM_FI_PROF_GR_ENGINE_ACTIVE as a percentage. Under MIG without a device-level series: the
   * slices' mean weighted by their compute size (`3g.40gb` weighs 3).
   */
  graphicsEngineActivePct: number | null;
  powerWatts: number | null;
  /** DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION, mJ since the driver loaded (a counter). */
  energyMillijoules: number | null;
  migSlices: DcgmMigSlice[];
}

export interface DcgmSnapshot {
  gpus: DcgmGpuReading[];
  /** Sum over physical GPUs; null when no GPU reports power. */
  totalPowerWatts: number | null;
}

export interface DcgmEnergyDelta {
  /** Sum over GPUs present in both scrapes; null when none is. */
  totalMillijoules: number | null;
  perGpu: Record<string, number | null>;
}

const GPU_UTIL = 'DCGM_FI_DEV_GPU_UTIL';
const GR_ENGINE_ACTIVE = 'DCGM_FI_PROF_GR_ENGINE_ACTIVE';
const POWER = 'DCGM_FI_DEV_POWER_USAGE';
const ENERGY = 'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION';
const FIELDS = new Set([GPU_UTIL, GR_ENGINE_ACTIVE, POWER, ENERGY]);

function label(labels: Record<string, string>, name: string): string | null {
  const value = labels[name];
  return value === undefined || value === '' ? null : value;
}

function gpuKey(labels: Record<string, string>): string {
  const uuid = label(labels, 'UUID');
  if (uuid) return uuid;
  return `${label(labels, 'Hostname') ?? ''}/${label(labels, 'gpu') ?? label(labels, 'device') ?? ''}`;
}

function isMigSeries(labels: Record<string, string>): boolean {
  return label(labels, 'GPU_I_ID') !== null;
}

/** Device-wide value: the device series if there is one, else the first slice's copy. */
function deviceValue(series: PrometheusSample[], name: string): number | null {
  const ofField = series.filter((sample) => sample.name === name && Number.isFinite(sample.value));
  const device = ofField.find((sample) => !isMigSeries(sample.labels)) ?? ofField[0];
  return device ? device.value : null;
}

function computeSlices(profile: string | null): number {
  const m = profile ? /(\d+)g\.\d+gb/i.exec(profile) : null;
  return m ? Math.max(1, Number(m[1])) : 1;
}

function readGpu(key: string, series: PrometheusSample[]): DcgmGpuReading {
  const first = series[0].labels;
  const slices = new Map<string, DcgmMigSlice>();
  for (const sample of series) {
    if (sample.name !== GR_ENGINE_ACTIVE || !isMigSeries(sample.labels) || !Number.isFinite(sample.value)) continue;
    const instanceId = label(sample.labels, 'GPU_I_ID') as string;
    if (!slices.has(instanceId)) {
      slices.set(instanceId, {
        instanceId,
        profile: label(sample.labels, 'GPU_I_PROFILE'),
        graphicsEngineActivePct: sample.value * 100,
      });
    }
  }
  const migSlices = [...slices.values()];

  const deviceActive = series.find(
    (sample) => sample.name === GR_ENGINE_ACTIVE && !isMigSeries(sample.labels) && Number.isFinite(sample.value),
  );
  let graphicsEngineActivePct: number | null = deviceActive ? deviceActive.value * 100 : null;
  if (graphicsEngineActivePct === null && migSlices.length > 0) {
    let weighted = 0;
    let weights = 0;
    for (const slice of migSlices) {
      const weight = computeSlices(slice.profile);
      weighted += (slice.graphicsEngineActivePct ?? 0) * weight;
      weights += weight;
    }
    graphicsEngineActivePct = weighted / weights;
  }

  return {
    key,
    uuid: label(first, 'UUID'),
    gpu: label(first, 'gpu') ?? label(first, 'device'),
    hostname: label(first, 'Hostname'),
    modelName: label(first, 'modelName'),
    gpuUtilPct: deviceValue(series, GPU_UTIL),
    graphicsEngineActivePct,
    powerWatts: deviceValue(series, POWER),
    energyMillijoules: deviceValue(series, ENERGY),
    migSlices,
  };
}

export function dcgmSnapshot(samples: readonly PrometheusSample[]): DcgmSnapshot {
  const byGpu = new Map<string, PrometheusSample[]>();
  for (const sample of samples) {
    if (!FIELDS.has(sample.name)) continue;
    const key = gpuKey(sample.labels);
    const group = byGpu.get(key) ?? [];
    group.push(sample);
    byGpu.set(key, group);
  }
  const gpus = [...byGpu.entries()].map(([key, series]) => readGpu(key, series));
  const powered = gpus.filter((gpu) => gpu.powerWatts !== null);
  return {
    gpus,
    totalPowerWatts: powered.length === 0 ? null : powered.reduce((total, gpu) => total + (gpu.powerWatts ?? 0), 0),
  };
}

/** Parses a DCGM exporter scrape. */
export function parseDcgmMetrics(text: string): DcgmSnapshot {
  return dcgmSnapshot(parsePrometheusText(text).samples);
}

/** Energy used between two scrapes, per physical GPU; a lower counter (driver reload) counts from zero. */
export function dcgmEnergyDelta(previous: DcgmSnapshot, current: DcgmSnapshot): DcgmEnergyDelta {
  const before = new Map(previous.gpus.map((gpu) => [gpu.key, gpu.energyMillijoules]));
  const perGpu: Record<string, number | null> = {};
  let total: number | null = null;
  for (const gpu of current.gpus) {
    const delta = before.has(gpu.key) ? counterDelta(before.get(gpu.key), gpu.energyMillijoules) : null;
    perGpu[gpu.key] = delta;
    if (delta !== null) total = (total ?? 0) + delta;
  }
  return { totalMillijoules: total, perGpu };
}
