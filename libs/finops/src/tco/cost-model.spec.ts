import { describe, expect, it } from 'vitest';
import { costDeployment, electricityUsdPerMonth, SelfHostedDeployment } from './cost-model';

const h100Pair: SelfHostedDeployment = {
  gpuCount: 2,
  gpuUnitPriceUsd: 30_000,
  otherCapexUsd: 20_000,
  gpuPowerWatts: 700,
  hoursPerMonth: 730,
  pue: 1.4,
  electricityUsdPerKwh: 0.12,
  measuredElectricityUsdPerMonth: null,
  hostingUsdPerMonth: 300,
  personnelUsdPerMonth: 2_000,
  maintenanceUsdPerMonth: 150,
  amortizationMonths: 36,
  throughputTokensPerSec: 1_000,
};

describe('costDeployment', () => {
  it('adds GPUs and other capex, and amortizes straight-line', () => {
    const cost = costDeployment(h100Pair);
    expect(cost.capexUsd).toBe(80_000);
    expect(cost.capexAmortizationUsdPerMonth).toBeCloseTo(80_000 / 36, 9);
    expect(cost.amortizedMonthlyUsd).toBeCloseTo(80_000 / 36 + cost.opexUsdPerMonth, 9);
  });

  it('computes electricity as GPUs × watts × hours × PUE × $/kWh ÷ 1000', () => {
    // 2 × 700 W × 730 h × 1.4 × $0.12 / 1000 = $171.696
    expect(electricityUsdPerMonth(h100Pair)).toBeCloseTo(171.696, 9);
    expect(costDeployment(h100Pair).opexUsdPerMonth).toBeCloseTo(171.696 + 300 + 2_000 + 150, 9);
  });

  it('lets a measured electricity figure replace the computed one', () => {
    expect(electricityUsdPerMonth({ ...h100Pair, measuredElectricityUsdPerMonth: 90 })).toBe(90);
    expect(electricityUsdPerMonth({ ...h100Pair, measuredElectricityUsdPerMonth: 0 })).toBe(0);
  });

  it('derives monthly capacity from throughput × hours × 3600, or none without throughput', () => {
    expect(costDeployment(h100Pair).capacityTokensPerMonth).toBe(1_000 * 730 * 3600);
    expect(costDeployment({ ...h100Pair, throughputTokensPerSec: null }).capacityTokensPerMonth).toBeNull();
  });
});
