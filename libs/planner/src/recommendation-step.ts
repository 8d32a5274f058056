// Step 4: a recommendation per team × workload (API workloads and self-hosted deployments), stored
// with its evidence every night; only new or changed ones are announced on finops.recommendations.

import { Inject, Injectable } from '@nestjs/common';
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
  effectivePriceEntries,
  PlannedRecommendation,
  PlannerAssumptions,
  PriceBook,
  recommendationFingerprint,
  recommendDeployment,
  recommendWorkload,
  referenceApiPrice,
  TeamProfile,
} from '@tokenmeter/finops';
import { PLANNER_ASSUMPTIONS } from './planner-assumptions.provider';
import { RecommendationPublisher } from './recommendation-publisher';

export const RECENT_DAYS = 28;
const NO_PROFILE: TeamProfile = { privacyCritical: false, latencyUnder100ms: false, extensiveCustomization: false };

export interface RecommendationOutput {
  recommendations: { team: string; workload: string; kind: string; announced: boolean; rationale: string }[];
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
    @Inject(PLANNER_ASSUMPTIONS) private readonly assumptions: PlannerAssumptions,
  ) {}

  async run(date: string): Promise<RecommendationOutput> {
    const planned = [...(await this.workloadRecommendations(date)), ...(await this.deploymentRecommendations(date))];
    const previous = await this.recommendations.previousFingerprints(date);
    const before = new Map((await this.recommendations.forNight(date)).map((r) => [`${r.team}\u0000${r.workload}`, r]));
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
        inputs: p.inputs,
        numbers: p.numbers,
      };
    });
    await this.recommendations.replaceNight(date, rows);
    // A re-run of the night does not announce again what this night already announced.
    const toPublish = rows.filter(
      (r) => r.announced && before.get(`${r.team}\u0000${r.workload}`)?.fingerprint !== r.fingerprint,
    );
    await this.publisher.publish(toPublish.map((r) => ({ ...r, runDate: date })));
    return {
      recommendations: rows.map((r) => ({
        team: r.team,
        workload: r.workload,
        kind: r.kind,
        announced: r.announced,
        rationale: r.rationale,
      })),
      announced: toPublish.length,
    };
  }

  private async workloadRecommendations(date: string): Promise<PlannedRecommendation[]> {
    const from = addDays(date, -(RECENT_DAYS - 1));
    const [forecasts, totals, shapes, profiles] = await Promise.all([
      this.forecasts.forNight(date, 'team-model'),
      this.daily.recentWorkloadTotals(from, date),
      this.hourly.workloadShapes(from, addDays(date, 1)),
      this.teams.decisionProfiles(),
    ]);
    const key = (r: { team: string; provider: string; model: string }) =>
      `${r.team}\u0000${r.provider}\u0000${r.model}`;
    const shapeByKey = new Map(shapes.map((s) => [key(s), s]));
    const forecastByKey = new Map(forecasts.map((f) => [key(f), f]));
    const out: PlannedRecommendation[] = [];
    for (const t of totals) {
      const f = forecastByKey.get(key(t));
      if (!f) continue;
      const shape = shapeByKey.get(key(t));
      out.push(
        recommendWorkload(
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
              days: RECENT_DAYS,
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
          },
          this.assumptions,
        ),
      );
    }
    return out;
  }

  private async deploymentRecommendations(date: string): Promise<PlannedRecommendation[]> {
    const from = addDays(date, -6);
    const [deployments, days, mix, entries] = await Promise.all([
      this.deployments.list(),
      this.utilization.range(from, date),
      this.daily.deploymentTokenMix(from, date),
      this.prices.listAll(),
    ]);
    const book = new PriceBook(effectivePriceEntries(entries));
    const weeks = new Map<string, DeploymentUtilizationWeek>();
    for (const d of deployments) {
      weeks.set(d.name, {
        name: d.name,
        team: d.team,
        servedModel: d.servedModel,
        gpuType: d.gpuType,
        gpuCount: d.gpuCount,
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
    const out: PlannedRecommendation[] = [];
    for (const week of weeks.values()) {
      if (week.days.length === 0) continue;
      const referenceApi = referenceApiPrice(book, week.servedModel, mix.get(week.name), new Date(`${date}T23:59:59Z`));
      const peers = [...weeks.values()].filter((p) => p.name !== week.name && p.team === week.team);
      const rec = recommendDeployment({ ...week, peers, referenceApi }, this.assumptions);
      if (rec) out.push(rec);
    }
    return out;
  }
}
