// A day's spend against the interval its recent history forecasts, and, when it falls outside, the
// models and projects that moved it. The forecast is the trailing window's median day with a band of
// ±Z robust standard deviations (1.4826 × MAD), with the weekly pattern taken out first (dayForecast)
// and a floor of MIN_BAND_SHARE so a flat history does not alert on cents. A mover's baseline is its
// share of the history's spend applied to the expected day, not its own mean: the expected figure is a
// median, so means would not add up to it, and a reader checking the alert by hand wants the movers'
// deltas to sum to the excess. Pure: the caller passes the rows.
import { median, ROBUST_SD_PER_MAD } from '../statistics';

export interface DailyTeamSpendRow {
  /** `YYYY-MM-DD`. */
  day: string;
  team: string;
  model: string;
  /** "" for records without a project. */
  project: string;
  usd: number;
}

export interface SpendMover {
  /** `model` or `project`. */
  dimension: 'model' | 'project';
  name: string;
  usd: number;
  /**
   * Its usual share of the expected day: `expectedUsd` × its spend ÷ the team's spend over the history
   * days (the same weekday's, when the weekly pattern is taken out). Within a dimension the baselines of
   * all names sum to `expectedUsd` and their deltas to `spentUsd − expectedUsd`, so the movers account
   * for the excess (a mean per name would not, since the expected figure is a median).
   */
  baselineUsd: number;
  deltaUsd: number;
}

export interface SpendAnomaly {
  team: string;
  day: string;
  spentUsd: number;
  expectedUsd: number;
  lowerUsd: number;
  upperUsd: number;
  direction: 'above' | 'below';
  /** The largest moves in the anomaly's direction, by model and by project. */
  movers: SpendMover[];
}

export interface AnomalyOptions {
  /** Days of history the interval is drawn from (default 28). */
  historyDays?: number;
  /** Fewer days of history than this: no forecast, no alert (default 7). */
  minHistoryDays?: number;
  /** Width of the band in robust standard deviations (default 3). */
  z?: number;
  /** A team's own width (its spend-anomaly rule); `z` when it gives none. */
  zOf?: (team: string) => number | undefined;
  movers?: number;
}

const MIN_BAND_SHARE = 0.1;
/** Days whose median is the expected level (the spread is drawn from the whole history). */
const RECENT_DAYS = 14;

/** Each team's anomaly on `day`, if its spend is outside the interval forecast from the days before. */
export function spendAnomalies(
  rows: readonly DailyTeamSpendRow[],
  day: string,
  options: AnomalyOptions = {},
): SpendAnomaly[] {
  const historyDays = options.historyDays ?? 28;
  const minHistory = options.minHistoryDays ?? 7;
  const z = options.z ?? 3;
  const first = addDays(day, -historyDays);
  const byTeam = new Map<string, DailyTeamSpendRow[]>();
  for (const row of rows) {
    if (row.day < first || row.day > day) continue;
    const teamRows = byTeam.get(row.team);
    if (teamRows) teamRows.push(row);
    else byTeam.set(row.team, [row]);
  }
  const anomalies: SpendAnomaly[] = [];
  const historyDaysList = Array.from({ length: historyDays }, (_, i) => addDays(day, i - historyDays));
  for (const [team, teamRows] of byTeam) {
    const totals = new Map<string, number>(historyDaysList.map((d) => [d, 0]));
    let spentUsd = 0;
    for (const row of teamRows) {
      if (row.day === day) spentUsd += row.usd;
      else totals.set(row.day, (totals.get(row.day) ?? 0) + row.usd);
    }
    // Days before the team's first spend are not history (a new team is not "0 a day").
    const firstSpend = teamRows
      .filter((row) => row.day < day && row.usd > 0)
      .map((row) => row.day)
      .sort()[0];
    if (firstSpend === undefined) continue;
    const historyDaysUsed = historyDaysList.filter((d) => d >= firstSpend);
    const history = historyDaysUsed.map((d) => ({ day: d, usd: totals.get(d) ?? 0 }));
    if (history.length < minHistory) continue;
    const forecast = dayForecast(history, day, options.zOf?.(team) ?? z);
    const { expectedUsd, lowerUsd, upperUsd } = forecast;
    if (spentUsd >= lowerUsd && spentUsd <= upperUsd) continue;
    const direction = spentUsd > upperUsd ? 'above' : 'below';
    // A mover's share is that of the days its expected figure is drawn from: the same weekday when the
    // weekly pattern is taken out (a name that spends only on weekdays has no share of a Sunday).
    const sameWeekday = history.filter((h) => weekday(h.day) === weekday(day) && h.usd > 0).map((h) => h.day);
    const shareDays = forecast.weekly && sameWeekday.length > 0 ? sameWeekday : historyDaysUsed;
    anomalies.push({
      team,
      day,
      spentUsd,
      expectedUsd,
      lowerUsd,
      upperUsd,
      direction,
      movers: movers(teamRows, day, new Set(shareDays), expectedUsd, direction, options.movers ?? 3),
    });
  }
  return anomalies.sort((a, b) => a.team.localeCompare(b.team));
}

/**
 * The interval for `day` from the history's daily totals. With at least two of each weekday, each
 * weekday's factor (its median over the team's typical day) is taken out before the median and the
 * spread are drawn and put back for `day`: a team that spends a third as much on weekends is not
 * "below the forecast" every Saturday. The band's floor is a share of the larger of the day's expected
 * spend and the team's typical day, so a quiet weekday does not alert on cents.
 */
function dayForecast(
  history: ReadonlyArray<{ day: string; usd: number }>,
  day: string,
  z: number,
): { expectedUsd: number; lowerUsd: number; upperUsd: number; weekly: boolean } {
  const totals = history.map((h) => h.usd);
  // The team's typical day: its median, or, for a team idle most days (three working days a week),
  // the median of the days it spent.
  const median0 = median(totals);
  const spending = totals.filter((v) => v > 0);
  const typical = median0 > 0 || spending.length === 0 ? median0 : median(spending);
  const weekly = weekdayFactors(history, typical);
  const adjusted = weekly ? adjust(history, weekly) : totals;
  const { spread } = robustLevel(adjusted);
  // The level is the recent fortnight's: a team whose spend grows steadily is not "above" every week.
  const level = median(adjusted.slice(-RECENT_DAYS));
  const factor = weekly ? weekly[weekday(day)]! : 1;
  const expectedUsd = level * factor;
  const band = Math.max(z * spread * factor, MIN_BAND_SHARE * Math.max(expectedUsd, typical));
  return {
    expectedUsd,
    lowerUsd: Math.max(expectedUsd - band, 0),
    upperUsd: expectedUsd + band,
    weekly: weekly !== null,
  };
}

/** The median and the robust standard deviation of some daily totals. */
function robustLevel(values: readonly number[]): { level: number; spread: number } {
  if (values.length === 0) return { level: 0, spread: 0 };
  const level = median(values);
  return { level, spread: ROBUST_SD_PER_MAD * median(values.map((v) => Math.abs(v - level))) };
}

/** The totals with their weekday's factor taken out; a weekday that usually spends nothing is left out. */
function adjust(history: ReadonlyArray<{ day: string; usd: number }>, factors: readonly number[]): number[] {
  return history.filter((h) => factors[weekday(h.day)]! > 0).map((h) => h.usd / factors[weekday(h.day)]!);
}

/** Each weekday's median total over the team's typical day; null with fewer than two of some weekday. */
function weekdayFactors(history: ReadonlyArray<{ day: string; usd: number }>, typical: number): number[] | null {
  if (!(typical > 0)) return null;
  const byWeekday: number[][] = Array.from({ length: 7 }, () => []);
  for (const h of history) byWeekday[weekday(h.day)]!.push(h.usd);
  if (byWeekday.some((values) => values.length < 2)) return null;
  return byWeekday.map((values) => Math.max(median(values), 0) / typical);
}

function weekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

function movers(
  rows: readonly DailyTeamSpendRow[],
  day: string,
  shareDays: ReadonlySet<string>,
  expectedUsd: number,
  direction: 'above' | 'below',
  count: number,
): SpendMover[] {
  const result: SpendMover[] = [];
  for (const dimension of ['model', 'project'] as const) {
    const today = new Map<string, number>();
    const before = new Map<string, number>();
    let historyTotal = 0;
    for (const row of rows) {
      const name = row[dimension] || '(none)';
      if (row.day === day) today.set(name, (today.get(name) ?? 0) + row.usd);
      else if (shareDays.has(row.day)) {
        before.set(name, (before.get(name) ?? 0) + row.usd);
        historyTotal += row.usd;
      }
    }
    const names = new Set([...today.keys(), ...before.keys()]);
    const moves = [...names].map((name) => {
      const usd = today.get(name) ?? 0;
      const baselineUsd = historyTotal === 0 ? 0 : (expectedUsd * (before.get(name) ?? 0)) / historyTotal;
      return { dimension, name, usd, baselineUsd, deltaUsd: usd - baselineUsd };
    });
    const sign = direction === 'above' ? 1 : -1;
    result.push(
      ...moves
        .filter((move) => sign * move.deltaUsd > 0)
        .sort((a, b) => sign * (b.deltaUsd - a.deltaUsd))
        .slice(0, count),
    );
  }
  return result;
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
