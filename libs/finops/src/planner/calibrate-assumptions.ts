// Defaults calibrated from the organization's own registered deployments: where deployments carry
// a cost (personnel, hosting, electricity…), the median of theirs replaces the generic estimate,
// and the source says how many deployments it came from. A figure nobody registered stays default.
import { median } from '../statistics';
import type { OrganizationAssumptions } from './planner-assumptions';

/** The cost fields of a registered deployment (numbers, as the deployment spec holds them). */
export interface RegisteredDeploymentCosts {
  name: string;
  gpuCount: number;
  gpuUnitPriceUsd: number;
  otherCapexUsd: number;
  pue: number;
  electricityUsdPerKwh: number;
  hostingUsdPerMonth: number;
  personnelUsdPerMonth: number;
  maintenanceUsdPerMonth: number;
  amortizationMonths: number;
}

export function calibrateAssumptions(
  defaults: OrganizationAssumptions,
  deployments: readonly RegisteredDeploymentCosts[],
): OrganizationAssumptions {
  const out: OrganizationAssumptions = { ...defaults, sources: { ...defaults.sources } };
  const calibrate = <K extends keyof OrganizationAssumptions>(
    name: K,
    value: (d: RegisteredDeploymentCosts) => number,
    carries: (d: RegisteredDeploymentCosts) => boolean,
  ) => {
    const sample = deployments.filter(carries);
    if (sample.length === 0) return;
    (out as unknown as Record<string, number>)[name as string] = median(sample.map(value));
    out.sources[name as Exclude<K, 'sources'>] = {
      source:
        `calibrated: median of ${sample.length} registered deployment${sample.length === 1 ? '' : 's'} ` +
        `(${sample.map((d) => d.name).join(', ')})`,
    };
  };
  calibrate(
    'personnelUsdPerDeploymentMonth',
    (d) => d.personnelUsdPerMonth,
    (d) => d.personnelUsdPerMonth > 0,
  );
  calibrate(
    'hostingUsdPerGpuMonth',
    (d) => d.hostingUsdPerMonth / d.gpuCount,
    (d) => d.hostingUsdPerMonth > 0,
  );
  calibrate(
    'electricityUsdPerKwh',
    (d) => d.electricityUsdPerKwh,
    (d) => d.electricityUsdPerKwh > 0,
  );
  calibrate(
    'pue',
    (d) => d.pue,
    (d) => d.pue >= 1,
  );
  calibrate(
    'amortizationMonths',
    (d) => d.amortizationMonths,
    (d) => d.amortizationMonths > 0,
  );
  calibrate(
    'otherCapexUsdPerGpu',
    (d) => d.otherCapexUsd / d.gpuCount,
    (d) => d.otherCapexUsd > 0,
  );
  calibrate(
    'maintenanceShareOfCapexPerYear',
    (d) => (d.maintenanceUsdPerMonth * 12) / (d.gpuCount * d.gpuUnitPriceUsd + d.otherCapexUsd),
    (d) => d.maintenanceUsdPerMonth > 0 && d.gpuCount * d.gpuUnitPriceUsd + d.otherCapexUsd > 0,
  );
  return out;
}
