import { describe, expect, it } from 'vitest';
import { dailyCostOfOwnership, dayElectricity } from './daily-cost-of-ownership';
import { monthlyDiscountRate, netPresentValue } from './net-present-value';

const electricity = {
  gpuCount: 4,
  gpuPowerWatts: 700,
  gpuIdlePowerWatts: 70,
  pue: 1.3,
  electricityUsdPerKwh: 0.15,
  hours: 24,
  utilization: 0.1,
  measuredKwh: null,
};

describe('electricity of a day', () => {
  it('weights idle and load watts by utilization', () => {
    // 4 × (70 + 630 × 0.1) W = 532 W × 24 h = 12.768 kWh; × 1.3 × 0.15 = 2.48976 USD.
    expect(dayElectricity(electricity)).toEqual({
      kwh: 12.768,
      usd: expect.closeTo(2.48976, 10),
      basis: 'utilization-weighted',
    });
  });
  it('uses the measured energy when there is one, and full load when utilization is unknown', () => {
    expect(dayElectricity({ ...electricity, measuredKwh: 20 }).usd).toBeCloseTo(20 * 1.3 * 0.15, 10);
    expect(dayElectricity({ ...electricity, utilization: null })).toMatchObject({ kwh: 67.2, basis: 'full-load' });
  });
});

describe('daily cost of ownership', () => {
  it('spreads monthly figures over 730 hours and adds the day electricity', () => {
    const cost = dailyCostOfOwnership({
      deployment: {
        gpuCount: 4,
        gpuUnitPriceUsd: 30_000,
        otherCapexUsd: 45_000,
        gpuPowerWatts: 700,
        hoursPerMonth: 730,
        pue: 1.3,
        electricityUsdPerKwh: 0.15,
        measuredElectricityUsdPerMonth: null,
        hostingUsdPerMonth: 1_200,
        personnelUsdPerMonth: 3_000,
        maintenanceUsdPerMonth: 400,
        amortizationMonths: 36,
        throughputTokensPerSec: null,
      },
      gpuIdlePowerWatts: 70,
      hours: 24,
      utilization: 0.1,
      measuredKwh: null,
    });
    // 165,000 / 36 = 4,583.33 a month; 4,583.33 / 730 × 24 = 150.68.
    expect(cost.capexAmortizationUsd).toBeCloseTo(150.6849, 3);
    expect(cost.personnelUsd).toBeCloseTo(98.6301, 3);
    expect(cost.totalUsd).toBeCloseTo(150.6849 + 2.48976 + ((1_200 + 3_000 + 400) / 730) * 24, 3);
  });
});

describe('net present value', () => {
  it('discounts monthly flows at the monthly equivalent of the yearly rate', () => {
    expect(monthlyDiscountRate(0.1)).toBeCloseTo(0.00797414, 8);
    // −1000 now, +100 a month for 12 months at 10%/year: 100 × Σ 1.1^(−m/12) − 1000.
    let expected = -1000;
    for (let m = 1; m <= 12; m++) expected += 100 / 1.1 ** (m / 12);
    expect(netPresentValue(-1000, Array(12).fill(100), 0.1)).toBeCloseTo(expected, 9);
    expect(netPresentValue(-1000, Array(12).fill(100), 0)).toBe(200);
  });
});
