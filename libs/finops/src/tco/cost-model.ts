// The self-hosted side of DESIGN §6: what one deployment costs up front, per month, and how many
// tokens it can serve per month. Money is plain numbers here; rounding happens at presentation.

export interface SelfHostedDeployment {
  gpuCount: number;
  gpuUnitPriceUsd: number;
  /** Servers, networking, installation: capex that is not the GPUs themselves. */
  otherCapexUsd: number;
  /** Draw per GPU; GPUs are assumed to draw it every hour (pass a measured figure otherwise). */
  gpuPowerWatts: number;
  hoursPerMonth: number;
  /** Power usage effectiveness of the facility (1 = no cooling or conversion overhead). */
  pue: number;
  electricityUsdPerKwh: number;
  /** A measured or billed electricity cost; replaces the computed one when not null. */
  measuredElectricityUsdPerMonth: number | null;
  hostingUsdPerMonth: number;
  personnelUsdPerMonth: number;
  maintenanceUsdPerMonth: number;
  amortizationMonths: number;
  /** Tokens per second the deployment sustains for this workload; null when unknown. */
  throughputTokensPerSec: number | null;
}

/** One deployment's money and capacity, as break-even needs them. */
export interface DeploymentEconomics {
  capexUsd: number;
  opexUsdPerMonth: number;
  /** null = unknown, treated as unlimited (one deployment serves any volume). */
  capacityTokensPerMonth: number | null;
}

export interface DeploymentCost extends DeploymentEconomics {
  electricityUsdPerMonth: number;
  /** Capex spread straight-line over the amortization period. */
  capexAmortizationUsdPerMonth: number;
  /** Monthly cost of ownership: amortized capex plus opex. */
  amortizedMonthlyUsd: number;
}

const SECONDS_PER_HOUR = 3600;
const WATT_HOURS_PER_KWH = 1000;

export function deploymentCapexUsd(
  d: Pick<SelfHostedDeployment, 'gpuCount' | 'gpuUnitPriceUsd' | 'otherCapexUsd'>,
): number {
  return d.gpuCount * d.gpuUnitPriceUsd + d.otherCapexUsd;
}

export function electricityUsdPerMonth(
  d: Pick<
    SelfHostedDeployment,
    'gpuCount' | 'gpuPowerWatts' | 'hoursPerMonth' | 'pue' | 'electricityUsdPerKwh' | 'measuredElectricityUsdPerMonth'
  >,
): number {
  if (d.measuredElectricityUsdPerMonth !== null) return d.measuredElectricityUsdPerMonth;
  return (d.gpuCount * d.gpuPowerWatts * d.hoursPerMonth * d.pue * d.electricityUsdPerKwh) / WATT_HOURS_PER_KWH;
}

export function deploymentOpexUsdPerMonth(d: SelfHostedDeployment): number {
  return electricityUsdPerMonth(d) + d.hostingUsdPerMonth + d.personnelUsdPerMonth + d.maintenanceUsdPerMonth;
}

export function monthlyCapacityTokens(
  d: Pick<SelfHostedDeployment, 'throughputTokensPerSec' | 'hoursPerMonth'>,
): number | null {
  return d.throughputTokensPerSec === null ? null : d.throughputTokensPerSec * d.hoursPerMonth * SECONDS_PER_HOUR;
}

export function costDeployment(d: SelfHostedDeployment): DeploymentCost {
  const capexUsd = deploymentCapexUsd(d);
  const electricity = electricityUsdPerMonth(d);
  const opexUsdPerMonth = deploymentOpexUsdPerMonth(d);
  const capexAmortizationUsdPerMonth = capexUsd / d.amortizationMonths;
  return {
    capexUsd,
    opexUsdPerMonth,
    capacityTokensPerMonth: monthlyCapacityTokens(d),
    electricityUsdPerMonth: electricity,
    capexAmortizationUsdPerMonth,
    amortizedMonthlyUsd: capexAmortizationUsdPerMonth + opexUsdPerMonth,
  };
}
