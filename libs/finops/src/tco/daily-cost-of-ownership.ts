// One deployment's cost of ownership for one day (or part of one): amortized capex, electricity,
// hosting, personnel and maintenance. Electricity is what was measured (DCGM energy counters)
// where there is a measurement, else idle and load watts weighted by utilization.
import { SelfHostedDeployment } from './cost-model';

export type ElectricityBasis = 'measured' | 'utilization-weighted' | 'full-load';

export interface DayElectricityInput {
  gpuCount: number;
  /** Draw at full load (board power limit). */
  gpuPowerWatts: number;
  /** Draw with nothing running; null = unknown, full load is assumed. */
  gpuIdlePowerWatts: number | null;
  pue: number;
  electricityUsdPerKwh: number;
  hours: number;
  /** Output-token utilization 0–1; null = unknown. */
  utilization: number | null;
  /** Energy measured at the GPUs over the hours (DCGM), kWh; null = not measured. */
  measuredKwh: number | null;
}

export interface DayElectricity {
  /** At the GPUs, before PUE. */
  kwh: number;
  usd: number;
  basis: ElectricityBasis;
}

const WATT_HOURS_PER_KWH = 1000;

/**
 * kWh = measured, or GPUs × (idle W + (load W − idle W) × utilization) × hours / 1000;
 * USD = kWh × PUE × USD/kWh. Without a utilization or an idle figure the GPUs are charged at load.
 */
export function dayElectricity(input: DayElectricityInput): DayElectricity {
  let kwh: number;
  let basis: ElectricityBasis;
  if (input.measuredKwh !== null) {
    kwh = input.measuredKwh;
    basis = 'measured';
  } else if (input.utilization !== null && input.gpuIdlePowerWatts !== null) {
    const idle = Math.min(input.gpuIdlePowerWatts, input.gpuPowerWatts);
    const watts = idle + (input.gpuPowerWatts - idle) * input.utilization;
    kwh = (input.gpuCount * watts * input.hours) / WATT_HOURS_PER_KWH;
    basis = 'utilization-weighted';
  } else {
    kwh = (input.gpuCount * input.gpuPowerWatts * input.hours) / WATT_HOURS_PER_KWH;
    basis = 'full-load';
  }
  return { kwh, usd: kwh * input.pue * input.electricityUsdPerKwh, basis };
}

export interface DailyCostOfOwnership {
  hours: number;
  capexAmortizationUsd: number;
  electricityUsd: number;
  electricityKwh: number;
  electricityBasis: ElectricityBasis;
  hostingUsd: number;
  personnelUsd: number;
  maintenanceUsd: number;
  totalUsd: number;
}

export interface DailyCostInput {
  deployment: SelfHostedDeployment;
  /** Idle draw per GPU; null = unknown. */
  gpuIdlePowerWatts: number | null;
  /** Hours of the day the deployment was in service (24, fewer on its first day). */
  hours: number;
  utilization: number | null;
  measuredKwh: number | null;
}

/**
 * Monthly figures (capex ÷ amortization months, hosting, personnel, maintenance) are spread over
 * the deployment's hoursPerMonth and charged for the hours in service; electricity is the day's own.
 */
export function dailyCostOfOwnership(input: DailyCostInput): DailyCostOfOwnership {
  const d = input.deployment;
  const perHour = (monthly: number) => (monthly / d.hoursPerMonth) * input.hours;
  const capex = d.gpuCount * d.gpuUnitPriceUsd + d.otherCapexUsd;
  const electricity = dayElectricity({
    gpuCount: d.gpuCount,
    gpuPowerWatts: d.gpuPowerWatts,
    gpuIdlePowerWatts: input.gpuIdlePowerWatts,
    pue: d.pue,
    electricityUsdPerKwh: d.electricityUsdPerKwh,
    hours: input.hours,
    utilization: input.utilization,
    measuredKwh: input.measuredKwh,
  });
  const capexAmortizationUsd = perHour(capex / d.amortizationMonths);
  const hostingUsd = perHour(d.hostingUsdPerMonth);
  const personnelUsd = perHour(d.personnelUsdPerMonth);
  const maintenanceUsd = perHour(d.maintenanceUsdPerMonth);
  return {
    hours: input.hours,
    capexAmortizationUsd,
    electricityUsd: electricity.usd,
    electricityKwh: electricity.kwh,
    electricityBasis: electricity.basis,
    hostingUsd,
    personnelUsd,
    maintenanceUsd,
    totalUsd: capexAmortizationUsd + electricity.usd + hostingUsd + personnelUsd + maintenanceUsd,
  };
}
