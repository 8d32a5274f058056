// Step 4: a recommendation per team × workload (API workloads and self-hosted deployments), stored
// with its evidence every night; only new or changed ones are announced on finops.recommendations.

import { Injectable } from '@nestjs/common';
import { addDays } from '@tokenmeter/contracts';
import {
  DeploymentRepository,
  DeploymentUtilizationDailyRepository,
  PriceEntryRepository,
  RecommendationRepository,
  TeamRepository,
  UsageRollupDailyRepository,
  UsageRollupHourlyRepository,
  VolumeForecastRepository,
} from '@tokenmeter/db';
import {
  DeploymentUtilizationWeek,
  dayElectricity,
  effectivePriceEntries,
  IdleDeployment,
  idleDeployments,
  OrganizationAssumptions,
  PlannedRecommendation,
  PriceBook,
  recommendationFingerprint,
  recommendationId,
  recommendDeployment,
  recommendWorkload,
  referenceApiPrice,
  resolveCatalogs,
  TeamProfile,
} from '@tokenmeter/finops';
import { OrganizationAssumptionsService } from './organization-assumptions.service';
import { RecommendationPublisher } from './recommendation-publisher';
import { SubstituteCatalogInForce, SubstituteCatalogService } from './substitute-catalog.service';
import { storedDeploymentCapacity, storedDeploymentIdleWatts } from './utilization-step';

export const RECENT_DAYS = 28;
const NO_PROFILE: TeamProfile = { privacyCritical: false, latencyUnder100ms: false, extensiveCustomization: false };

export interface RecommendationOutput {
  recommendations: {
    id: string;
    team: string;
    workload: string;
    kind: string;
    announced: boolean;
    rationale: string;
  }[];
  announced: number;
}

@Injectable()
export class RecommendationStep {
  constructor(
    private readonly teams: TeamRepository,
    private readonly daily: UsageRollupDailyRepository,
    private readonly hourly: UsageRollupHourlyRepository,
    private readonly forecasts: VolumeForecastRepository,
    private readonly utilization: DeploymentUtilizationDailyRepository,
    private readonly deployments: DeploymentRepository,
    private readonly prices: PriceEntryRepository,
    private readonly recommendations: RecommendationRepository,
    private readonly publisher: RecommendationPublisher,
    private readonly organizationAssumptions: OrganizationAssumptionsService,
    private readonly substitutes: SubstituteCatalogService,
  ) {}

  async run(date: string): Promise<RecommendationOutput> {
    const { version, values: assumptions } = await this.organizationAssumptions.current();
    const weeks = await this.deploymentWeeks(date, assumptions.latencyTargetMsPerToken);
    const catalog = await this.substitutes.current();
    const workloads = await this.workloadRecommendations(date, weeks, assumptions, catalog);
    // A deployment that takes a workload's load tonight is not also told to shrink or merge.
    const filling = new Set(
      workloads.filter((w) => w.kind === 'USE_EXISTING_CAPACITY').map((w) => w.numbers.existingDeployment),
    );
    const deployments = (await this.deploymentRecommendations(date, weeks, assumptions)).filter(
      (d) => !(filling.has(d.workload.slice('deployment:'.length)) && ['RIGHTSIZE', 'CONSOLIDATE'].includes(d.kind)),
    );
    const planned = [...workloads, ...deployments];
    const [previous, before] = await Promise.all([
      this.recommendations.previousFingerprints(date),
      this.recommendations.nightFingerprints(date),
    ]);
    const rows = planned.map((p) => {
      const fingerprint = recommendationFingerprint(p);
      const key = `${p.team}\u0000${p.workload}`;
      return {
        team: p.team,
        workload: p.workload,
        kind: p.kind,
        fingerprint,
        announced: previous.get(key) !== fingerprint,
        rationale: p.rationale,
        inputs: {
          ...p.inputs,
          assumptionsVersion: version,
          // Which organization catalog the substitute came from (0: the bundled catalog alone).
          ...(p.workload.startsWith('api:') ? { substituteCatalogVersion: catalog.version } : {}),
        },
        numbers: p.numbers,
        assumptionsVersion: version,
      };
    });
    await this.recommendations.replaceNight(date, rows);
    // A re-run of the night does not announce again what this night already announced.
    const toPublish = rows.filter((r) => r.announced && before.get(`${r.team}\u0000${r.workload}`) !== r.fingerprint);
    await this.publisher.publish(toPublish.map((r) => ({ ...r, runDate: date })));
    return {
      recommendations: rows.map((r) => ({
        id: recommendationId(date, r.team, r.workload),
        team: r.team,
        workload: r.workload,
        kind: r.kind,
        announced: r.announced,
        rationale: r.rationale,
      })),
      announced: toPublish.length,
    };
  }

  private async workloadRecommendations(
    date: string,
    weeks: Map<string, DeploymentUtilizationWeek>,
    assumptions: OrganizationAssumptions,
    catalog: SubstituteCatalogInForce,
  ): Promise<PlannedRecommendation[]> {
    const from = addDays(date, -(RECENT_DAYS - 1));
    const key = (r: { team: string; provider: string; model: string }) =>
      `${r.team}\u0000${r.provider}\u0000${r.model}`;
    const totals = await this.daily.recentWorkloadTotals(from, date);
    // A workload first seen inside the 28 days is measured over the days since, its hours too.
    const daysByKey = new Map(totals.map((t) => [key(t), t.days]));
    const [forecasts, shapes, profiles] = await Promise.all([
      this.forecasts.forNight(date, 'team-model'),
      this.hourly.workloadShapes(from, addDays(date, 1), (w) => daysByKey.get(key(w))),
      this.teams.decisionProfiles(),
    ]);
    const shapeByKey = new Map(shapes.map((s) => [key(s), s]));
    const forecastByKey = new Map(forecasts.map((f) => [key(f), f]));
    const providersByTeam = new Map<string, Set<string>>();
    for (const t of totals) providersByTeam.set(t.team, (providersByTeam.get(t.team) ?? new Set()).add(t.provider));
    // Idle capacity is handed out once: the biggest workloads first, each taking what it needs.
    const idle = idleDeployments([...weeks.values()], assumptions);
    const ordered = [...totals].sort((x, y) => workloadTokens(y) - workloadTokens(x));
    const out: PlannedRecommendation[] = [];
    for (const t of ordered) {
      const f = forecastByKey.get(key(t));
      if (!f) continue;
      const shape = shapeByKey.get(key(t));
      const rec = recommendWorkload(
        {
          team: t.team,
          provider: t.provider,
          model: t.model,
          profile: profiles.get(t.team) ?? NO_PROFILE,
          forecast: {
            months: f.months,
            confidence: f.confidence as 'high' | 'medium' | 'low',
            mapePct: f.mapePct,
            method: f.method,
          },
          recent: {
            days: t.days,
            tokens: {
              inputTokens: t.inputTokens,
              cachedInputTokens: t.cachedInputTokens,
              cacheWriteTokens: t.cacheWriteTokens,
              outputTokens: t.outputTokens,
            },
            costUsd: t.costUsd,
            peakHourTokens: shape?.peakHourTokens ?? 0,
            meanHourTokens: shape?.meanHourTokens ?? 0,
            baseHourTokens: shape?.baseHourTokens ?? 0,
          },
          teamProviders: [...(providersByTeam.get(t.team) ?? [])],
          idleCapacity: idle,
          substituteCatalog: catalog.catalog,
        },
        assumptions,
      );
      out.push(rec);
      if (rec.kind === 'USE_EXISTING_CAPACITY') takeIdleCapacity(idle, rec);
    }
    return out;
  }

  private async deploymentWeeks(
    date: string,
    latencyTargetMsPerToken: number,
  ): Promise<Map<string, DeploymentUtilizationWeek>> {
    const from = addDays(date, -6);
    const [deployments, days, peaks] = await Promise.all([
      this.deployments.list(),
      this.utilization.range(from, date),
      this.hourly.peakHourOutputByDeployment(from, date),
    ]);
    const weeks = new Map<string, DeploymentUtilizationWeek>();
    for (const d of deployments) {
      weeks.set(d.name, {
        name: d.name,
        team: d.team,
        servedModel: d.servedModel,
        gpuType: d.gpuType,
        gpuCount: d.gpuCount,
        capacityOutputTokensPerSec: storedDeploymentCapacity(d, latencyTargetMsPerToken).outputTokensPerSec,
        peakHourOutputTokens: peaks.get(d.name) ?? 0,
        days: [],
      });
    }
    for (const row of days) {
      weeks.get(row.deployment)?.days.push({
        day: row.day,
        utilization: row.utilization,
        servedTokens: row.servedTokens,
        dailyCostUsd: row.dailyCostUsd,
        idleWasteUsd: row.idleWasteUsd,
      });
    }
    return weeks;
  }

  private async deploymentRecommendations(
    date: string,
    weeks: Map<string, DeploymentUtilizationWeek>,
    assumptions: OrganizationAssumptions,
  ): Promise<PlannedRecommendation[]> {
    const from = addDays(date, -6);
    const [deployments, days, mix, entries] = await Promise.all([
      this.deployments.list(),
      this.utilization.range(from, date),
      this.daily.deploymentTokenMix(from, date),
      this.prices.listAll(),
    ]);
    const catalogs = resolveCatalogs();
    const byName = new Map(deployments.map((d) => [d.name, d]));
    const book = new PriceBook(effectivePriceEntries(entries));
    const out: PlannedRecommendation[] = [];
    for (const week of weeks.values()) {
      if (week.days.length === 0) continue;
      const referenceApi = referenceApiPrice(book, week.servedModel, mix.get(week.name), new Date(`${date}T23:59:59Z`));
      const peers = [...weeks.values()].filter((p) => p.name !== week.name && p.team === week.team);
      const d = byName.get(week.name);
      if (!d) continue;
      const capacity = storedDeploymentCapacity(d, assumptions.latencyTargetMsPerToken);
      const known = week.days.map((x) => x.utilization).filter((u): u is number => u !== null);
      const meanUtil = known.length ? known.reduce((s, u) => s + u, 0) / known.length : null;
      const measuredKwh = days
        .filter((r) => r.deployment === week.name && r.electricityBasis === 'measured')
        .reduce((s, r) => s + (r.energyKwh ?? 0), 0);
      const measuredHours = days
        .filter((r) => r.deployment === week.name && r.electricityBasis === 'measured')
        .reduce((s, r) => s + r.paidHours, 0);
      // A month's electricity: measured energy scaled to the month, else idle/load watts by utilization.
      const electricity = dayElectricity({
        gpuCount: d.gpuCount,
        gpuPowerWatts: d.gpuPowerWatts,
        gpuIdlePowerWatts: storedDeploymentIdleWatts(d),
        pue: Number(d.pue),
        electricityUsdPerKwh: Number(d.electricityUsdPerKwh),
        hours: assumptions.hoursPerMonth,
        utilization: meanUtil,
        measuredKwh: measuredHours > 0 ? (measuredKwh / measuredHours) * assumptions.hoursPerMonth : null,
      });
      const capexUsd = d.gpuCount * Number(d.gpuUnitPriceUsd) + Number(d.otherCapexUsd);
      const rec = recommendDeployment(
        {
          ...week,
          peers,
          referenceApi,
          costs: {
            capexUsd,
            electricityUsd: electricity.usd,
            electricityBasis: electricity.basis,
            hostingUsd: Number(d.hostingUsdPerMonth),
            personnelUsd: Number(d.personnelUsdPerMonth),
            maintenanceUsd: Number(d.maintenanceUsdPerMonth),
            resaleUsd: capexUsd * assumptions.resaleValueShare,
          },
          memoryModel: catalogs.models.some((m) => m.id === d.servedModel)
            ? {
                catalogs,
                modelId: d.servedModel,
                precision: d.precision ?? capacity.precision ?? 'fp16',
                concurrency: d.concurrency,
              }
            : null,
        },
        assumptions,
      );
      if (rec) out.push(rec);
    }
    return out;
  }
}

function workloadTokens(t: {
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
}) {
  return t.inputTokens + t.cachedInputTokens + t.cacheWriteTokens + t.outputTokens;
}

/**
 * The deployment a workload moves onto has that much less room for the next one: what the workload was
 * admitted with, its upper forecast at its busiest hour (busiest hours may coincide).
 */
function takeIdleCapacity(idle: IdleDeployment[], rec: PlannedRecommendation): void {
  const d = idle.find((x) => x.deployment === rec.numbers.existingDeployment);
  const taken = rec.numbers.existingCapacityOutputTokensPerSec;
  if (d && typeof taken === 'number') d.spareOutputTokensPerSec -= taken;
}
