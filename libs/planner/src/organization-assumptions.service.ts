// The organization assumptions in force, as one versioned object. Before finops sets anything, the
// first read calibrates the defaults from the registered deployments that carry costs and stores
// that as version 1 (set by `calibration`), so every recommendation can name a version.
import { Injectable } from '@nestjs/common';
import { DeploymentRepository, OrganizationAssumptionsRepository, StoredAssumptions } from '@tokenmeter/db';
import {
  AssumptionsUpdateResult,
  applyAssumptionsUpdate,
  calibrateAssumptions,
  DEFAULT_ORGANIZATION_ASSUMPTIONS,
  GPU_CATALOG,
  OrganizationAssumptions,
} from '@tokenmeter/finops';

export type AssumptionsSetResult = { ok: true; stored: StoredAssumptions } | { ok: false; problems: string[] };

@Injectable()
export class OrganizationAssumptionsService {
  constructor(
    private readonly versions: OrganizationAssumptionsRepository,
    private readonly deployments: DeploymentRepository,
  ) {}

  async current(): Promise<StoredAssumptions> {
    const latest = await this.versions.latest();
    if (latest) return { ...latest, values: withDefaults(latest.values) };
    return this.versions.append(await this.calibratedDefaults(), 'calibration', 'defaults calibrated from deployments');
  }

  /** The defaults with every figure the registered deployments carry replaced by their median. */
  async calibratedDefaults(): Promise<OrganizationAssumptions> {
    const registered = (await this.deployments.list()).map((d) => ({
      name: d.name,
      gpuCount: d.gpuCount,
      gpuUnitPriceUsd: Number(d.gpuUnitPriceUsd),
      otherCapexUsd: Number(d.otherCapexUsd),
      pue: Number(d.pue),
      electricityUsdPerKwh: Number(d.electricityUsdPerKwh),
      hostingUsdPerMonth: Number(d.hostingUsdPerMonth),
      personnelUsdPerMonth: Number(d.personnelUsdPerMonth),
      maintenanceUsdPerMonth: Number(d.maintenanceUsdPerMonth),
      amortizationMonths: d.amortizationMonths,
    }));
    return calibrateAssumptions(DEFAULT_ORGANIZATION_ASSUMPTIONS, registered);
  }

  /** Applies a partial update to the version in force and stores the result as the next version. */
  async set(update: unknown, setBy: string, note = ''): Promise<AssumptionsSetResult> {
    const current = await this.current();
    const applied: AssumptionsUpdateResult = applyAssumptionsUpdate(
      current.values,
      update,
      setBy,
      GPU_CATALOG.map((g) => g.id),
    );
    if (!applied.ok) return applied;
    return { ok: true, stored: await this.versions.append(applied.assumptions, setBy, note) };
  }
}

/** A version stored before a figure existed reads that figure's default (and says so). */
function withDefaults(values: OrganizationAssumptions): OrganizationAssumptions {
  return {
    ...DEFAULT_ORGANIZATION_ASSUMPTIONS,
    ...values,
    sources: { ...DEFAULT_ORGANIZATION_ASSUMPTIONS.sources, ...values.sources },
  };
}
