// The saturation alert's checks: for each deployment with a known capacity, when its busiest hour
// is forecast to exceed it (weeks from tonight, with the 90% interval as months).
import { Injectable } from '@nestjs/common';
import { addDays } from '@tokenmeter/contracts';
import { DeploymentRepository, UsageRollupHourlyRepository } from '@tokenmeter/db';
import {
  DeploymentSaturation,
  deploymentSaturations,
  SATURATION_HORIZON_WEEKS,
  SATURATION_WEEKS,
  saturationCapacity,
} from '@tokenmeter/finops';
import type { Check } from './alert-check';
import { OrganizationAssumptionsService } from './organization-assumptions.service';

@Injectable()
export class SaturationChecks {
  constructor(
    private readonly deployments: DeploymentRepository,
    private readonly hourly: UsageRollupHourlyRepository,
    private readonly assumptions: OrganizationAssumptionsService,
  ) {}

  /** Every deployment's forecast as of `date` (for the alerts page and API, and the alert). */
  async forecasts(date: string): Promise<DeploymentSaturation[]> {
    const busiest = await this.hourly.deploymentBusiestHours(addDays(date, -(SATURATION_WEEKS * 7 - 1)), date);
    // Capacity at the organization's latency target, as utilization and recommendations count it.
    const { latencyTargetMsPerToken } = (await this.assumptions.current()).values;
    return deploymentSaturations(await this.deployments.list(), busiest, date, (d) =>
      saturationCapacity(d, latencyTargetMsPerToken),
    );
  }

  async checks(date: string): Promise<Check[]> {
    return (await this.forecasts(date)).map((f) => ({
      team: f.team,
      kind: 'saturation' as const,
      subject: `deployment:${f.deployment}`,
      value: f.weeksUntil ?? SATURATION_HORIZON_WEEKS,
      evidence: {
        figure: 'busiest hour per week vs capacity (tokens/s)',
        weeklyPeaks: f.weeklyPeaks,
        capacityTokensPerSec: f.capacityTokensPerSec,
        basis: f.basis,
        month: f.month,
        interval90: { earliest: f.earliestMonth, latest: f.latestMonth },
        api: `/v1/alerts/saturation?date=${date}`,
      },
      message: (v, t) =>
        `${f.deployment}'s busiest hour is forecast to exceed its capacity of ${f.capacityTokensPerSec} tokens/s ` +
        `in ${v} weeks (${f.month}; 90% between ${f.earliestMonth} and ${f.latestMonth ?? 'beyond two years'}), ` +
        `within the ${t}-week warning`,
    }));
  }
}
