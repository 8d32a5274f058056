// Builds a week's report from the rollups and the planner's tables (through their repositories),
// stores it, and reads it back. The worker's Monday job, the API and the CLI all go through here,
// so a report is the same whichever door it was asked through.
import { Injectable } from '@nestjs/common';
import { addDays, parseIsoWeek, SELF_HOSTED_PROVIDER, shiftIsoWeek } from '@tokenmeter/contracts';
import {
  AlertEventRepository,
  DeploymentRepository,
  DeploymentUtilizationDailyRepository,
  RecommendationRepository,
  TeamRepository,
  UsageRollupHourlyRepository,
  VolumeForecastRepository,
  WeeklyReportRepository,
} from '@tokenmeter/db';
import {
  assembleWeeklyReport,
  deploymentSaturations,
  SATURATION_WEEKS,
  saturationCapacity,
  TREND_WEEKS,
  WeeklyReport,
} from '@tokenmeter/finops';

export interface GeneratedReports {
  week: string;
  /** null = the organization's version. */
  versions: (string | null)[];
}

@Injectable()
export class WeeklyReportBuilder {
  constructor(
    private readonly reports: WeeklyReportRepository,
    private readonly teams: TeamRepository,
    private readonly recommendations: RecommendationRepository,
    private readonly alerts: AlertEventRepository,
    private readonly utilization: DeploymentUtilizationDailyRepository,
    private readonly forecasts: VolumeForecastRepository,
    private readonly deployments: DeploymentRepository,
    private readonly hourly: UsageRollupHourlyRepository,
  ) {}

  /** The report of `week` for one team (or null: the organization), built from the tables now. */
  async build(week: string, team: string | null, now: Date): Promise<WeeklyReport> {
    return (await this.buildAll(week, [team], now))[0]!;
  }

  /** Builds and stores the organization's report and every team's; a re-run replaces them. */
  async generate(week: string, now: Date): Promise<GeneratedReports> {
    const range = weekRange(week);
    const known = (await this.teams.list()).map((t) => t.slug);
    const seen = (await this.reports.dailySpend(range.days[0]!, addDays(range.days[6]!, 1))).map((r) => r.team);
    const teams = [...new Set([...known, ...seen])].sort();
    const built = await this.buildAll(week, [null, ...teams], now);
    for (const report of built) await this.reports.save({ week, team: report.team, generatedAt: now, content: report });
    return { week, versions: built.map((r) => r.team) };
  }

  /**
   * The stored report, or one built now and not stored: what a read (an HTTP GET) answers, so that
   * reading a week never writes (the Monday job and POST /v1/reports/weekly store reports).
   */
  async findOrBuild(week: string, team: string | null, now: Date): Promise<WeeklyReport> {
    const stored = await this.reports.find(week, team);
    return stored ? (stored.content as WeeklyReport) : this.build(week, team, now);
  }

  /**
   * The stored report, or, when there is none yet, one built now: stored when its week is over
   * (it then reads the same from here on), shown as preliminary while the week is still running.
   */
  async getOrBuild(week: string, team: string | null, now: Date): Promise<WeeklyReport> {
    const stored = await this.reports.find(week, team);
    if (stored) return stored.content as WeeklyReport;
    const report = await this.build(week, team, now);
    if (!report.preliminary) await this.reports.save({ week, team, generatedAt: now, content: report });
    return report;
  }

  private async buildAll(week: string, versions: (string | null)[], now: Date): Promise<WeeklyReport[]> {
    const range = weekRange(week);
    const lastDay = range.days[6]!;
    const previousStart = weekRange(shiftIsoWeek(week, -1)).days[0]!;
    const trendStart = weekRange(shiftIsoWeek(week, -(TREND_WEEKS - 1))).days[0]!;
    const end = addDays(lastDay, 1);
    const [teams, daily, weekly, utilization, alerts, recNight, forecastNight, closedThrough] = await Promise.all([
      this.teams.list(),
      this.reports.dailySpend(previousStart, end),
      this.reports.weeklySpend(trendStart, end, SELF_HOSTED_PROVIDER),
      this.utilization.range(trendStart, lastDay),
      this.alerts.list({ from: range.days[0], to: lastDay, limit: 10_000 }),
      this.reports.latestRecommendationNight(lastDay),
      this.reports.latestForecastNight(lastDay),
      this.reports.lastRolledUpDay(),
    ]);
    // A team's version needs only its own recommendations; no limit, so a night of more than 10,000
    // scopes is reported whole.
    const onlyTeam = versions.length === 1 ? (versions[0] ?? undefined) : undefined;
    // Saturation as of the week's last day, or, while it runs, yesterday (the last whole day, as the nightly
    // check has it): counted back from a future Sunday, a deployment 35 hours in service had three weeks.
    const yesterday = addDays(now.toISOString().slice(0, 10), -1);
    const [asOf] = [yesterday, lastDay].sort() as [string, string]; // the earlier: ISO dates sort as text
    const [recommendations, forecastRows, busiest, deployments] = await Promise.all([
      recNight ? this.recommendations.list({ team: onlyTeam, from: recNight, to: recNight }) : [],
      forecastNight ? this.forecasts.forNight(forecastNight) : [],
      this.hourly.deploymentBusiestHours(addDays(asOf, -(SATURATION_WEEKS * 7 - 1)), asOf),
      this.deployments.list(),
    ]);
    const teamNames = Object.fromEntries(teams.map((t) => [t.slug, t.name]));
    const saturation = deploymentSaturations(deployments, busiest, asOf, saturationCapacity);
    return versions.map((team) =>
      assembleWeeklyReport({
        week,
        team,
        generatedAt: now,
        teamNames,
        daily,
        weekly,
        utilization,
        recommendations,
        forecasts: { runDate: forecastNight, rows: forecastRows },
        alerts,
        saturation,
        closedThrough,
      }),
    );
  }
}

function weekRange(week: string) {
  const range = parseIsoWeek(week);
  if (!range) throw new Error(`week: expected an ISO week YYYY-Www that exists, got ${JSON.stringify(week)}`);
  return range;
}
