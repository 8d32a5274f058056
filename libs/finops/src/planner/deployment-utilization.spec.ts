import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DeploymentCapacity } from '../sizing/deployment-capacity';
import { deploymentDayUtilization } from './deployment-utilization';

const deployment = {
  gpuCount: 2,
  gpuUnitPriceUsd: 15_000,
  otherCapexUsd: 0,
  gpuPowerWatts: 400,
  hoursPerMonth: 730,
  pue: 1.2,
  electricityUsdPerKwh: 0.15,
  measuredElectricityUsdPerMonth: null,
  hostingUsdPerMonth: 0,
  personnelUsdPerMonth: 0,
  maintenanceUsdPerMonth: 0,
  amortizationMonths: 36,
  throughputTokensPerSec: null,
};
const rated = (outputTokensPerSec: number): DeploymentCapacity => ({
  outputTokensPerSec,
  basis: 'rated',
  source: 'rated by the operator',
});
const unknown: DeploymentCapacity = { outputTokensPerSec: null, basis: 'unknown', source: 'no figure' };
const noSamples = { coveredSec: 0, busySec: 0, kvCacheAvgPct: null, gpuEngineActivePct: null, energyKwh: null };
const day = { deployment, gpuIdlePowerWatts: 50, paidHours: 24, samples: noSamples };

describe('deploymentDayUtilization', () => {
  it('counts output tokens against the output capacity; input is reported, not counted', () => {
    // 1,000 output tokens/s × 86,400 s = 86.4M; 12.96M output tokens = 15%.
    const u = deploymentDayUtilization({ ...day, capacity: rated(1000), outputTokens: 12.96e6, inputTokens: 50e6 });
    expect(u.capacityTokens).toBe(86.4e6);
    expect(u.utilization).toBeCloseTo(0.15, 10);
    expect(u.inputTokens).toBe(50e6);
    // Electricity weighted: 2 GPUs × (50 + 350 × 0.15) W × 24 h = 4.92 kWh; × 1.2 PUE × 0.15 $/kWh.
    const electricity = (2 * (50 + 350 * 0.15) * 24 * 1.2 * 0.15) / 1000;
    const daily = (30_000 / 36 / 730) * 24 + electricity;
    expect(u.electricityBasis).toBe('utilization-weighted');
    expect(u.dailyCostUsd).toBeCloseTo(daily, 10);
    expect(u.idleWasteUsd).toBeCloseTo(0.85 * daily, 10);
    expect(u.basis).toBe('rated');
    expect(u.idleWasteBasis).toMatch(
      /× \(1 − 15% utilization: 12960000 output tokens ÷ \(1000 output tokens\/s × 86400 s\)/,
    );
  });

  it('is unknown, never 100%, without a capacity; occupancy and KV cache keep their own names', () => {
    const busy = deploymentDayUtilization({
      ...day,
      capacity: unknown,
      outputTokens: 1e6,
      inputTokens: 0,
      samples: { coveredSec: 86_400, busySec: 86_400, kvCacheAvgPct: 40, gpuEngineActivePct: 30, energyKwh: null },
    });
    expect(busy).toMatchObject({ utilization: null, busyShare: 1, idleWasteUsd: null, basis: 'unknown' });
    expect(busy).toMatchObject({ kvCacheAvgPct: 40, gpuEngineActivePct: 30, electricityBasis: 'full-load' });
    expect(busy.idleWasteBasis).toMatch(/^unknown: no figure/);
  });

  it('counts only paid hours on the first day and charges measured DCGM energy when scraped', () => {
    const half = deploymentDayUtilization({
      ...day,
      capacity: rated(1000),
      paidHours: 12,
      outputTokens: 21.6e6,
      inputTokens: 0,
      samples: { ...noSamples, energyKwh: 10 },
    });
    expect(half.utilization).toBeCloseTo(0.5, 10);
    expect(half.electricityBasis).toBe('measured');
    expect(half.energyCostUsd).toBeCloseTo(10 * 1.2 * 0.15, 10);
    expect(half.dailyCostUsd).toBeCloseTo((30_000 / 36 / 730) * 12 + 10 * 1.2 * 0.15, 10);
  });

  it('scales energy measured over part of the day to the paid hours', () => {
    // DCGM scraped 6 of 24 paid hours and measured 5 kWh: 5 × 24 / 6 = 20 kWh for the day.
    const partial = deploymentDayUtilization({
      ...day,
      capacity: rated(1000),
      paidHours: 24,
      outputTokens: 0,
      inputTokens: 0,
      samples: { ...noSamples, energyKwh: 5, energyCoveredSec: 6 * 3600 },
    });
    expect(partial.electricityBasis).toBe('measured');
    expect(partial.energyKwh).toBeCloseTo(20, 10);
    expect(partial.energyCostUsd).toBeCloseTo(20 * 1.2 * 0.15, 10);
  });

  it('never reports utilization above 100% or idle waste below 0 (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e12, noNaN: true }),
        fc.double({ min: 0.01, max: 1e5, noNaN: true }),
        fc.double({ min: 0.01, max: 24, noNaN: true }),
        (outputTokens, rate, paidHours) => {
          const u = deploymentDayUtilization({
            ...day,
            capacity: rated(rate),
            paidHours,
            outputTokens,
            inputTokens: 0,
          });
          expect(u.utilization).not.toBeNull();
          expect(u.utilization as number).toBeLessThanOrEqual(1);
          expect(u.utilization as number).toBeGreaterThanOrEqual(0);
          expect(u.idleWasteUsd as number).toBeGreaterThanOrEqual(0);
          expect(u.idleWasteUsd as number).toBeLessThanOrEqual(u.dailyCostUsd + 1e-9);
        },
      ),
    );
  });
});
