import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dcgmEnergyDelta, parseDcgmMetrics } from './dcgm-metrics';

const fixture = (name: string) => readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');

describe('parseDcgmMetrics', () => {
  it('reads one reading per GPU', () => {
    const snapshot = parseDcgmMetrics(fixture('dcgm.prom'));
    expect(snapshot.totalPowerWatts).toBe(583.75);
    expect(snapshot.gpus).toEqual([
      {
        key: 'GPU-11111111-aaaa-bbbb-cccc-000000000000',
        uuid: 'GPU-11111111-aaaa-bbbb-cccc-000000000000',
        gpu: '0',
        hostname: 'gpu-host-1',
        modelName: 'NVIDIA H100 80GB HBM3',
        gpuUtilPct: 87,
        graphicsEngineActivePct: 62.3,
        powerWatts: 512.25,
        energyMillijoules: 9e9,
        migSlices: [],
      },
      expect.objectContaining({ gpu: '1', gpuUtilPct: 0, graphicsEngineActivePct: 0, powerWatts: 71.5 }),
    ]);
  });

  it('counts a MIG GPU once and keeps its slices apart', () => {
    const snapshot = parseDcgmMetrics(fixture('dcgm-mig.prom'));
    expect(snapshot.gpus).toHaveLength(2);
    expect(snapshot.totalPowerWatts).toBe(340);
    const [mig, whole] = snapshot.gpus;
    expect(mig).toMatchObject({ gpu: '0', powerWatts: 250, energyMillijoules: 5_000_000, gpuUtilPct: null });
    expect(mig.migSlices).toEqual([
      { instanceId: '1', profile: '3g.40gb', graphicsEngineActivePct: 80 },
      { instanceId: '5', profile: '2g.20gb', graphicsEngineActivePct: 50 },
      { instanceId: '13', profile: '1g.10gb', graphicsEngineActivePct: 0 },
    ]);
    // (80 × 3 + 50 × 2 + 0 × 1) / 6
    expect(mig.graphicsEngineActivePct).toBeCloseTo(56.667, 3);
    expect(whole).toMatchObject({ powerWatts: 90, graphicsEngineActivePct: 10, migSlices: [] });
  });

  it('keys GPUs without UUID by host and index', () => {
    const snapshot = parseDcgmMetrics(
      'DCGM_FI_DEV_POWER_USAGE{gpu="0",Hostname="a"} 1\nDCGM_FI_DEV_POWER_USAGE{gpu="0",Hostname="b"} 2',
    );
    expect(snapshot.gpus.map((g) => g.key)).toEqual(['a/0', 'b/0']);
    expect(snapshot.totalPowerWatts).toBe(3);
  });
});

describe('dcgmEnergyDelta', () => {
  const energy = (a: number, b: number) =>
    parseDcgmMetrics(
      `DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{gpu="0",UUID="A"} ${a}\n` +
        `DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{gpu="1",UUID="B"} ${b}`,
    );

  it('sums per-GPU increases, counting a reset from zero', () => {
    expect(dcgmEnergyDelta(energy(1000, 5000), energy(4000, 200))).toEqual({
      totalMillijoules: 3200,
      perGpu: { A: 3000, B: 200 },
    });
  });

  it('leaves a GPU missing from the first scrape out of the total', () => {
    expect(dcgmEnergyDelta(parseDcgmMetrics(''), energy(1, 2))).toEqual({
      totalMillijoules: null,
      perGpu: { A: null, B: null },
    });
  });
});
