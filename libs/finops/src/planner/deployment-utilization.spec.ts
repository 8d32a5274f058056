import { describe, expect, it } from 'vitest';
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
  throughputTokensPerSec: 1000,
};
const noSamples = { coveredSec: 0, busySec: 0, kvCacheAvgPct: null, gpuEngineActivePct: null, energyKwh: null };

describe('deploymentDayUtilization', () => {
  it('is served ÷ capacity over the paid hours, and idle waste is the unused share of the day cost', () => {
    const u = deploymentDayUtilization({ deployment, paidHours: 24, servedTokens: 12.96e6, samples: noSamples });
    expect(u.capacityTokens).toBe(86.4e6);
    expect(u.utilization).toBeCloseTo(0.15, 10);
    // (30000 / 36 + 2 × 400 W × 730 h × 1.2 × 0.15 $/kWh) per 730 h, for 24 h.
    const daily = ((30_000 / 36 + (2 * 400 * 730 * 1.2 * 0.15) / 1000) / 730) * 24;
    expect(u.dailyCostUsd).toBeCloseTo(daily, 10);
    expect(u.idleWasteUsd).toBeCloseTo(0.85 * daily, 10);
    expect(u.basis).toBe('throughput');
  });

  it("counts only paid hours on a deployment's first day; without a rated throughput, falls back to busy time", () => {
    const half = deploymentDayUtilization({ deployment, paidHours: 12, servedTokens: 21.6e6, samples: noSamples });
    expect(half.utilization).toBeCloseTo(0.5, 10);
    const busy = deploymentDayUtilization({
      deployment: { ...deployment, throughputTokensPerSec: null },
      paidHours: 24,
      servedTokens: 0,
      samples: { coveredSec: 86_400, busySec: 21_600, kvCacheAvgPct: 40, gpuEngineActivePct: 30, energyKwh: 10 },
    });
    expect(busy).toMatchObject({
      utilization: 0.25,
      busyShare: 0.25,
      basis: 'busy-time',
      kvCacheAvgPct: 40,
      gpuEngineActivePct: 30,
    });
    expect(busy.energyCostUsd).toBeCloseTo(10 * 1.2 * 0.15, 10);
  });
});
