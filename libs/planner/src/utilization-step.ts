// Step 3: per self-hosted deployment and day, utilization in one unit (output tokens served ÷
// output capacity), occupancy and KV-cache usage beside it, energy, and idle waste in dollars.

import { Injectable } from '@nestjs/common';
import { addDays } from '@tokenmeter/contracts';
import {
  DeploymentRepository,
  DeploymentUtilizationDailyRepository,
  DeploymentUtilizationRow,
  PlannerSampleStatsRepository,
  StoredDeployment,
  UsageRollupHourlyRepository,
} from '@tokenmeter/db';
import {
  DeploymentCapacity,
  deploymentDayUtilization,
  GPU_CATALOG,
  registeredDeploymentCapacity,
  SelfHostedDeployment,
} from '@tokenmeter/finops';
import { OrganizationAssumptionsService } from './organization-assumptions.service';

export interface UtilizationOutput {
  deployments: number;
  idleWasteUsd: number;
}

const HOURS_PER_MONTH = 730;

export function deploymentCostModel(d: StoredDeployment): SelfHostedDeployment {
  return {
    gpuCount: d.gpuCount,
    gpuUnitPriceUsd: Number(d.gpuUnitPriceUsd),
    otherCapexUsd: Number(d.otherCapexUsd),
    gpuPowerWatts: d.gpuPowerWatts,
    hoursPerMonth: HOURS_PER_MONTH,
    pue: Number(d.pue),
    electricityUsdPerKwh: Number(d.electricityUsdPerKwh),
    measuredElectricityUsdPerMonth: null,
    hostingUsdPerMonth: Number(d.hostingUsdPerMonth),
    personnelUsdPerMonth: Number(d.personnelUsdPerMonth),
    maintenanceUsdPerMonth: Number(d.maintenanceUsdPerMonth),
    amortizationMonths: d.amortizationMonths,
    throughputTokensPerSec: d.ratedThroughputTokensPerSec === null ? null : Number(d.ratedThroughputTokensPerSec),
  };
}

/**
 * Rated output tokens/s, else the catalog's figure for its model × GPU × count × precision ×
 * concurrency (held to the latency target when the concurrency is registered); else unknown.
 */
export function storedDeploymentCapacity(
  d: StoredDeployment,
  latencyTargetMsPerToken: number | null = null,
): DeploymentCapacity {
  return registeredDeploymentCapacity(d, undefined, latencyTargetMsPerToken);
}

/** The catalog's idle draw for the deployment's GPU type; null when the type is not in the catalog. */
export function storedDeploymentIdleWatts(d: StoredDeployment): number | null {
  return GPU_CATALOG.find((g) => g.id === d.gpuType)?.idlePowerWatts ?? null;
}

@Injectable()
export class UtilizationStep {
  constructor(
    private readonly deployments: DeploymentRepository,
    private readonly hourly: UsageRollupHourlyRepository,
    private readonly samples: PlannerSampleStatsRepository,
    private readonly utilization: DeploymentUtilizationDailyRepository,
    private readonly assumptions: OrganizationAssumptionsService,
  ) {}

  /**
   * Computes the night's day, and any day of the week before it that has no row yet (the first
   * run, or nights before a deployment was registered), so weekly checks see seven days.
   */
  async run(date: string): Promise<UtilizationOutput> {
    const have = new Set((await this.utilization.range(addDays(date, -6), addDays(date, -1))).map((r) => r.day));
    const days = [...Array.from({ length: 6 }, (_, i) => addDays(date, i - 6)).filter((d) => !have.has(d)), date];
    let deployments = 0;
    let idleWasteUsd = 0;
    for (const day of days) {
      const out = await this.runDay(day);
      if (day === date) ({ deployments, idleWasteUsd } = out);
    }
    return { deployments, idleWasteUsd };
  }

  private async runDay(date: string): Promise<UtilizationOutput> {
    const dayStart = Date.parse(`${date}T00:00:00Z`);
    const dayEnd = Date.parse(`${addDays(date, 1)}T00:00:00Z`);
    const paidFrom = (d: { inServiceSince: Date | null; createdAt: Date }) =>
      (d.inServiceSince ?? d.createdAt).getTime();
    const deployments = (await this.deployments.list()).filter((d) => paidFrom(d) < dayEnd);
    const served = await this.hourly.servedByDeployment(date);
    const stats = await this.samples.forDay(date);
    const { latencyTargetMsPerToken } = (await this.assumptions.current()).values;
    const rows: DeploymentUtilizationRow[] = deployments.map((d) => {
      // Paid from the moment it went into service (else was registered); before the day: all day.
      const paidHours = (dayEnd - Math.max(dayStart, paidFrom(d))) / 3_600_000;
      const s = stats.get(d.name);
      const u = deploymentDayUtilization({
        deployment: deploymentCostModel(d),
        gpuIdlePowerWatts: storedDeploymentIdleWatts(d),
        capacity: storedDeploymentCapacity(d, latencyTargetMsPerToken),
        paidHours,
        outputTokens: served.get(d.name)?.outputTokens ?? 0,
        inputTokens: served.get(d.name)?.inputTokens ?? 0,
        samples: {
          coveredSec: s?.coveredSec ?? 0,
          busySec: s?.busySec ?? 0,
          kvCacheAvgPct: s?.kvCacheAvgPct ?? null,
          gpuEngineActivePct: s?.gpuEngineActivePct ?? null,
          energyKwh: s?.energyKwh ?? null,
          energyCoveredSec: s?.energyCoveredSec ?? null,
        },
      });
      return { day: date, deployment: d.name, team: d.team, ...u };
    });
    await this.utilization.replaceDay(date, rows);
    return {
      deployments: rows.length,
      idleWasteUsd: Math.round(rows.reduce((s, r) => s + (r.idleWasteUsd ?? 0), 0) * 100) / 100,
    };
  }
}
