// The weekly report as data: what FinOps (or one team) spent last week and how that compares with
// the week before, API versus self-hosted tokens, the open recommendations with their break-even
// charts, GPU utilization and idle dollars, the week's alerts and a 3-month forecast. Pure: the
// caller reads rollups and planner tables and passes them in; the result is stored as is, so a
// report reads the same a year later.

import { parseIsoWeek, SELF_HOSTED_PROVIDER, shiftIsoWeek } from '@tokenmeter/contracts';
import type { DeploymentSaturation } from '../alerting/saturation-forecast';
import {
  BREAK_EVEN_CHART_MONTHS,
  BreakEvenChartData,
  breakEvenChartData,
  breakEvenChartFromCumulative,
} from './breakeven-chart-data';

export const WEEKLY_REPORT_VERSION = 1;
/** Weeks shown in the spend trend, the report's week included. */
export const TREND_WEEKS = 8;
/** Kinds that ask for nothing to change are not "open". */
const CLOSED_KINDS = new Set(['STAY_ON_API']);

export interface DailySpendRow {
  day: string;
  team: string;
  provider: string;
  costUsd: number;
  tokens: number;
}

export interface WeeklySpendRow {
  week: string;
  team: string;
  apiCostUsd: number;
  apiTokens: number;
  selfHostedTokens: number;
}

export interface UtilizationDayRow {
  day: string;
  deployment: string;
  team: string;
  utilization: number | null;
  dailyCostUsd: number;
  idleWasteUsd: number | null;
  /** Hours of the day it was paid for (from going into service); a whole day when absent. */
  paidHours?: number;
}

export interface RecommendationInputRow {
  runDate: string;
  team: string;
  workload: string;
  kind: string;
  rationale: string;
  numbers: Record<string, unknown>;
  /** What it was made from; its `scenario` holds the volume path it was priced at. */
  inputs?: Record<string, unknown>;
}

export interface ForecastInputRow {
  scope: 'team-model' | 'team';
  team: string;
  provider: string;
  model: string;
  intervalLevel: number;
  months: { month: number; tokens: number; lower: number; upper: number }[];
}

export interface AlertInputRow {
  runDate: string;
  team: string;
  kind: string;
  subject: string;
  transition: string;
  message: string;
  value: number | null;
  threshold: number | null;
}

export interface WeeklyReportInput {
  week: string;
  /** null: the whole organization. */
  team: string | null;
  generatedAt: Date;
  /** Display names by slug. */
  teamNames: Record<string, string>;
  /** Daily rollup totals per team × provider for the week and the week before. */
  daily: DailySpendRow[];
  /** Weekly totals per team for the trend (the TREND_WEEKS weeks up to the report's). */
  weekly: WeeklySpendRow[];
  /** Deployment days of the week and the week before. */
  utilization: UtilizationDayRow[];
  /** The latest night's recommendations up to the week's end. */
  recommendations: RecommendationInputRow[];
  /** The same night's forecasts (team-model rows drive break-even charts, team rows the forecast). */
  forecasts: { runDate: string | null; rows: ForecastInputRow[] };
  /** Alert transitions of the week's nights. */
  alerts: AlertInputRow[];
  /** Each deployment's saturation forecast as of the week's last day (absent: none known). */
  saturation?: DeploymentSaturation[];
  /**
   * The last day the nightly rollup has closed: a week still running counts its days through it, and the week
   * before the same days (absent: the days before the one it is generated on).
   */
  closedThrough?: string | null;
}

export interface SpendLine {
  key: string;
  label: string;
  costUsd: number;
  previousCostUsd: number;
  /** Week-over-week change in percent; null when last week had no spend. */
  changePct: number | null;
  /**
   * Deployments in its cost that were in service fewer days the week before than this week ("llama-a was in
   * service 3 days of 2026-W46 and 7 of 2026-W47"): that much of the change is days in service, not spend.
   */
  partialPreviousWeek?: string[];
}

export interface ReportRecommendation {
  runDate: string;
  team: string;
  workload: string;
  kind: string;
  rationale: string;
  breakEvenMonths: number | null;
  savings12mUsd: number | null;
  /** The capex the 12 months' cash saving paid up front (absent in older reports). */
  capexUsd?: number | null;
  savingsUsdPerMonth: number | null;
  /** Self-hosting against the API each month; negative is a premium. Null for deployment advice. */
  monthlySavingsUsd: number | null;
  /** The substitute's quality gap against the API model, when a substitute was priced. */
  qualityGap: string | null;
  volumeBand: string | null;
  /**
   * The way of running it the recommendation chose: api, buy, rent, hosted-open-model or existing-capacity
   * (absent in older reports).
   */
  option?: string | null;
  /** The forecast's confidence and what would flip the answer (absent in reports stored before them). */
  confidence?: string | null;
  whatWouldFlip?: string | null;
  chart: BreakEvenChartData | null;
}

export interface DeploymentWeek {
  deployment: string;
  team: string;
  costUsd: number;
  /** The known days' idle dollars; null when no day's is known (the deployment's capacity is not). */
  idleWasteUsd: number | null;
  days: { day: string; utilizationPct: number | null; idleWasteUsd: number | null; costUsd: number }[];
}

export interface WeeklyReport {
  version: number;
  week: string;
  previousWeek: string;
  /**
   * What the previous-week figures cover: the week, or, while this one runs, the same days of it ("2026-W48,
   * Monday to Thursday"), so a week so far is compared like for like. Absent on reports stored before.
   */
  previousLabel?: string;
  /** The last day counted (a running week's last closed day; the week's last day once over); null: none yet. */
  countedThrough?: string | null;
  team: string | null;
  teamName: string | null;
  /** First and last UTC day of the week. */
  from: string;
  to: string;
  generatedAt: string;
  /** True when generated before the week ended: the numbers may still change. */
  preliminary: boolean;
  totals: SpendLine & { apiTokens: number; selfHostedTokens: number; selfHostedShare: number | null };
  spendByProvider: SpendLine[];
  spendByTeam: SpendLine[];
  tokensByDay: { day: string; apiTokens: number; selfHostedTokens: number }[];
  trend: { week: string; costUsd: number; apiTokens: number; selfHostedTokens: number }[];
  recommendations: ReportRecommendation[];
  utilization: DeploymentWeek[];
  alerts: AlertInputRow[];
  /** When each deployment's busiest hour is forecast to exceed its capacity (older reports: absent). */
  saturation?: DeploymentSaturation[];
  forecast: {
    runDate: string | null;
    intervalLevel: number | null;
    months: { month: number; tokens: number; lower: number; upper: number }[];
  };
}

const cents = (v: number) => Math.round(v * 100) / 100;

/** Week-over-week change in percent, one decimal; null when there is nothing to compare with. */
export function weekOverWeekPct(current: number, previous: number): number | null {
  if (previous === 0) return null;
  return Math.round(((current - previous) / previous) * 1000) / 10;
}

function spendLine(key: string, label: string, costUsd: number, previousCostUsd: number): SpendLine {
  return {
    key,
    label,
    costUsd: cents(costUsd),
    previousCostUsd: cents(previousCostUsd),
    changePct: weekOverWeekPct(cents(costUsd), cents(previousCostUsd)),
  };
}

function addTo(map: Map<string, [number, number]>, key: string, index: 0 | 1, value: number): void {
  const entry = map.get(key) ?? [0, 0];
  entry[index] += value;
  map.set(key, entry);
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function assembleWeeklyReport(input: WeeklyReportInput): WeeklyReport {
  const range = parseIsoWeek(input.week);
  if (!range) throw new Error(`week: expected an ISO week YYYY-Www, got ${JSON.stringify(input.week)}`);
  const previous = parseIsoWeek(shiftIsoWeek(input.week, -1))!;
  const mine = <T extends { team: string }>(rows: T[]) =>
    input.team === null ? rows : rows.filter((r) => r.team === input.team);
  // While the week runs, its days so far (rolled up: before today) are compared with the same days of the
  // week before; a whole previous week against five days read as a 28 % fall.
  const preliminary = input.generatedAt.getTime() < range.end.getTime();
  const today = input.generatedAt.toISOString().slice(0, 10);
  const counted = (d: string) => (input.closedThrough === undefined ? d < today : d <= (input.closedThrough ?? ''));
  const comparedDays = preliminary ? range.days.filter(counted).length : 7;
  const previousDays = previous.days.slice(0, comparedDays);
  const weekOf = (day: string): 0 | 1 | null => (range.days.includes(day) ? 0 : previousDays.includes(day) ? 1 : null);

  // Spend: API cost from the rollups, self-hosted cost from what the deployments cost per day (GPU
  // capacity is paid whether used or not; self-hosted rollup rows carry no price).
  const byProvider = new Map<string, [number, number]>();
  const byTeam = new Map<string, [number, number]>();
  // A running week charts the days it counts, not zeros for the days to come.
  const shownDays = range.days.slice(0, comparedDays);
  const tokensByDay = new Map(shownDays.map((d) => [d, { day: d, apiTokens: 0, selfHostedTokens: 0 }]));
  for (const row of mine(input.daily)) {
    const w = weekOf(row.day);
    if (w === null) continue;
    const selfHosted = row.provider === SELF_HOSTED_PROVIDER;
    if (!selfHosted) {
      addTo(byProvider, row.provider, w, row.costUsd);
      addTo(byTeam, row.team, w, row.costUsd);
    }
    const day = tokensByDay.get(row.day);
    if (day && selfHosted) day.selfHostedTokens += row.tokens;
    else if (day) day.apiTokens += row.tokens;
  }
  for (const row of mine(input.utilization)) {
    const w = weekOf(row.day);
    if (w === null) continue;
    addTo(byProvider, SELF_HOSTED_PROVIDER, w, row.dailyCostUsd);
    addTo(byTeam, row.team, w, row.dailyCostUsd);
  }
  const lines = (map: Map<string, [number, number]>, label: (key: string) => string) =>
    [...map.entries()]
      .map(([key, [cur, prev]]) => spendLine(key, label(key), cur, prev))
      .sort((a, b) => b.costUsd - a.costUsd || a.key.localeCompare(b.key));
  // Days each deployment was in service (paid for): [this week, the week before], as weekOf counts them; a
  // day it went into service at noon is half a day (its cost is half a day's).
  const serviceDays = new Map<string, { team: string; days: [number, number] }>();
  for (const row of mine(input.utilization)) {
    const w = weekOf(row.day);
    if (w === null) continue;
    const d = serviceDays.get(row.deployment) ?? { team: row.team, days: [0, 0] };
    d.days[w] += (row.paidHours ?? 24) / 24;
    serviceDays.set(row.deployment, d);
  }
  const daysText = (days: number) => String(Math.round(days * 10) / 10);
  const partial = [...serviceDays.entries()]
    .filter(([, { days }]) => days[1] > 0 && days[1] < days[0])
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([deployment, { team, days }]) => ({
      team,
      text:
        `${deployment} was in service ${daysText(days[1])} day${daysText(days[1]) === '1' ? '' : 's'} of ` +
        `${previous.week} and ${daysText(days[0])} of ${input.week}`,
    }));
  const withPartial = (line: SpendLine, teams: string | null): SpendLine => {
    const found = partial.filter((p) => teams === null || p.team === teams).map((p) => p.text);
    return found.length ? { ...line, partialPreviousWeek: found } : line;
  };
  const spendByProvider = lines(byProvider, (k) => k).map((l) =>
    l.key === SELF_HOSTED_PROVIDER ? withPartial(l, null) : l,
  );
  const spendByTeam = lines(byTeam, (k) => input.teamNames[k] ?? k).map((l) => withPartial(l, l.key));
  // Summed before rounding, so that a total of one line is that line to the cent.
  const total = [...byProvider.values()].reduce((acc, [cur, prev]) => [acc[0] + cur, acc[1] + prev], [0, 0]);
  const days = [...tokensByDay.values()];
  const apiTokens = days.reduce((s, d) => s + d.apiTokens, 0);
  const selfHostedTokens = days.reduce((s, d) => s + d.selfHostedTokens, 0);

  const trendWeeks = Array.from({ length: TREND_WEEKS }, (_, i) => shiftIsoWeek(input.week, i - TREND_WEEKS + 1));
  const trendCost = new Map<string, number>();
  for (const row of mine(input.utilization)) {
    const w = trendWeeks.find((week) => parseIsoWeek(week)!.days.includes(row.day));
    if (w) trendCost.set(w, (trendCost.get(w) ?? 0) + row.dailyCostUsd);
  }
  const trend = trendWeeks.map((week) => {
    const rows = mine(input.weekly).filter((r) => r.week === week);
    return {
      week,
      costUsd: cents(rows.reduce((s, r) => s + r.apiCostUsd, 0) + (trendCost.get(week) ?? 0)),
      apiTokens: rows.reduce((s, r) => s + r.apiTokens, 0),
      selfHostedTokens: rows.reduce((s, r) => s + r.selfHostedTokens, 0),
    };
  });

  const forecastRows = mine(input.forecasts.rows);
  const recommendations = mine(input.recommendations)
    .filter((r) => !CLOSED_KINDS.has(r.kind))
    .map((r) => reportRecommendation(r, forecastRows))
    .sort((a, b) => a.team.localeCompare(b.team) || a.workload.localeCompare(b.workload));

  // Each deployment's week, summed before rounding (as the self-hosted spend line is).
  const deployments = new Map<string, DeploymentWeek & { exactCostUsd: number; exactIdleUsd: number | null }>();
  for (const row of mine(input.utilization)) {
    if (weekOf(row.day) !== 0) continue;
    const d = deployments.get(row.deployment) ?? {
      deployment: row.deployment,
      team: row.team,
      costUsd: 0,
      idleWasteUsd: null,
      days: [],
      exactCostUsd: 0,
      exactIdleUsd: null,
    };
    d.exactCostUsd += row.dailyCostUsd;
    if (row.idleWasteUsd !== null) d.exactIdleUsd = (d.exactIdleUsd ?? 0) + row.idleWasteUsd;
    d.days.push({
      day: row.day,
      utilizationPct: row.utilization === null ? null : Math.round(row.utilization * 1000) / 10,
      idleWasteUsd: row.idleWasteUsd === null ? null : cents(row.idleWasteUsd),
      costUsd: cents(row.dailyCostUsd),
    });
    deployments.set(row.deployment, d);
  }
  const deploymentWeeks: DeploymentWeek[] = [...deployments.values()].map(({ exactCostUsd, exactIdleUsd, ...d }) => ({
    ...d,
    costUsd: cents(exactCostUsd),
    idleWasteUsd: exactIdleUsd === null ? null : cents(exactIdleUsd),
    days: d.days.sort((a, b) => a.day.localeCompare(b.day)),
  }));

  // The forecast of the scope: sum of the team forecasts, each the sum of its workloads' (summing
  // bounds widens the interval, which errs on the careful side).
  const teamForecasts = forecastRows.filter((r) => r.scope === 'team');
  const forecastMonths = [1, 2, 3].map((month) => {
    const at = teamForecasts.map((r) => r.months.find((m) => m.month === month)).filter((m) => m !== undefined);
    return {
      month,
      tokens: Math.round(at.reduce((s, m) => s + m.tokens, 0)),
      lower: Math.round(at.reduce((s, m) => s + m.lower, 0)),
      upper: Math.round(at.reduce((s, m) => s + m.upper, 0)),
    };
  });

  return {
    version: WEEKLY_REPORT_VERSION,
    week: input.week,
    previousWeek: previous.week,
    previousLabel: comparedDays === 7 ? previous.week : `${previous.week}, ${weekdaysText(comparedDays)}`,
    countedThrough: comparedDays === 0 ? null : range.days[comparedDays - 1]!,
    team: input.team,
    teamName: input.team === null ? null : (input.teamNames[input.team] ?? input.team),
    from: range.days[0]!,
    to: range.days[6]!,
    generatedAt: input.generatedAt.toISOString(),
    preliminary,
    totals: {
      ...withPartial(spendLine('total', 'Total', total[0]!, total[1]!), null),
      apiTokens,
      selfHostedTokens,
      selfHostedShare:
        apiTokens + selfHostedTokens > 0
          ? Math.round((selfHostedTokens / (apiTokens + selfHostedTokens)) * 10_000) / 10_000
          : null,
    },
    spendByProvider,
    spendByTeam,
    tokensByDay: days,
    trend,
    recommendations,
    utilization: deploymentWeeks.sort(
      (a, b) => (b.idleWasteUsd ?? -1) - (a.idleWasteUsd ?? -1) || a.deployment.localeCompare(b.deployment),
    ),
    alerts: mine(input.alerts)
      .filter((a) => range.days.includes(a.runDate))
      .sort(
        (a, b) =>
          a.runDate.localeCompare(b.runDate) || a.team.localeCompare(b.team) || a.subject.localeCompare(b.subject),
      ),
    saturation: mine(input.saturation ?? []).sort((a, b) => a.deployment.localeCompare(b.deployment)),
    forecast: {
      runDate: teamForecasts.length > 0 ? input.forecasts.runDate : null,
      intervalLevel: teamForecasts[0]?.intervalLevel ?? null,
      months: teamForecasts.length > 0 ? forecastMonths : [],
    },
  };
}

function reportRecommendation(r: RecommendationInputRow, forecasts: ForecastInputRow[]): ReportRecommendation {
  const n = r.numbers;
  const apiUsdPerMTok = num(n.apiUsdPerMTok);
  const capexUsd = num(n.capexUsd);
  const opexUsdPerMonth = num(n.opexUsdPerMonth);
  let chart: BreakEvenChartData | null = null;
  const api = /^api:([^/]+)\/(.+)$/.exec(r.workload);
  const stored = n.cumulativeUsdByMonth as { api: number[]; option: number[] } | null | undefined;
  if (stored && capexUsd !== null) {
    // The points the recommendation's savings were summed from (renting or a hosted model: no capex).
    chart = breakEvenChartFromCumulative({ apiUsd: stored.api, selfHostedUsd: stored.option, upfrontUsd: capexUsd });
  } else if (api && apiUsdPerMTok !== null && capexUsd !== null && opexUsdPerMonth !== null) {
    // Recommendations stored before their cumulative spends: recomputed from their rounded figures.
    const forecast = forecasts.find(
      (f) => f.scope === 'team-model' && f.team === r.team && f.provider === api[1] && f.model === api[2],
    );
    // A hybrid self-hosts only the steady base: the share of the volume the planner sized it for.
    const share = r.kind === 'HYBRID' ? (num(n.baseShare) ?? 1) : 1;
    // The volume the recommendation was priced at (its scenario's conservative path) when stored.
    const priced = (r.inputs?.scenario as { workload?: { forecastTokensPerMonth?: number[] | null } } | null)?.workload
      ?.forecastTokensPerMonth;
    const path = priced
      ? priced
      : forecast
        ? [...forecast.months].sort((a, b) => a.month - b.month).map((m) => m.tokens * share)
        : [(num(n.forecastTokensMonth1) ?? 0) * share];
    // Prices per MTok from month 1's bills and volume where stored: apiUsdPerMTok is rounded to the cent,
    // which over a year of a billion tokens a month is dollars.
    const month1Tokens = num(n.forecastTokensMonth1) ?? path[0] ?? null;
    const perMTok = (monthlyUsd: number | null) =>
      monthlyUsd !== null && month1Tokens !== null && month1Tokens > 0 ? (monthlyUsd / month1Tokens) * 1e6 : null;
    // A hosted open-model API is paid by the token: its cost follows the volume, not month 1's bill.
    const byToken = r.kind !== 'HYBRID' && n.figuresOption === 'hosted-open-model';
    chart = breakEvenChartData({
      tokensPerMonth: path,
      apiUsdPerMTok: perMTok(num(n.apiMonthlyUsd)) ?? apiUsdPerMTok,
      capexUsd,
      opexUsdPerMonth,
      selfHostedUsdPerMTok: byToken ? perMTok(opexUsdPerMonth) : null,
      months: BREAK_EVEN_CHART_MONTHS,
    });
  }
  return {
    runDate: r.runDate,
    team: r.team,
    workload: r.workload,
    kind: r.kind,
    rationale: r.rationale,
    breakEvenMonths: num(n.breakEvenMonths),
    savings12mUsd: num(n.savings12mUsd),
    capexUsd,
    savingsUsdPerMonth: num(n.savingsUsdPerMonth),
    monthlySavingsUsd: num(n.monthlySavingsUsd),
    qualityGap: (n.substitute as { qualityGap?: string } | null | undefined)?.qualityGap ?? null,
    volumeBand: typeof n.volumeBand === 'string' ? n.volumeBand : null,
    option: typeof n.option === 'string' ? n.option : null,
    confidence: typeof n.confidence === 'string' ? n.confidence : null,
    whatWouldFlip: typeof n.whatWouldFlip === 'string' ? n.whatWouldFlip : null,
    chart,
  };
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** The first `days` days of an ISO week, said: "Monday to Thursday", "Monday", "no day yet". */
function weekdaysText(days: number): string {
  if (days <= 0) return 'no day yet';
  return days === 1 ? WEEKDAYS[0]! : `${WEEKDAYS[0]} to ${WEEKDAYS[days - 1]}`;
}
