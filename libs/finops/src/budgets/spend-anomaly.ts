// A day's spend against the interval its recent history forecasts, and, when it falls outside, the
// models and projects that moved it. The forecast is the trailing window's median with a band of
// ±Z robust standard deviations (1.4826 × MAD), widened to at least MIN_BAND_SHARE of the median so a
// flat history does not alert on cents. Pure: the caller passes the rows.
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
  /** Its mean daily spend over the history. */
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
  movers?: number;
}

const MIN_BAND_SHARE = 0.1;

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
    byTeam.set(row.team, [...(byTeam.get(row.team) ?? []), row]);
  }
  const anomalies: SpendAnomaly[] = [];
  for (const [team, teamRows] of byTeam) {
    const historyDaysList = Array.from({ length: historyDays }, (_, i) => addDays(day, i - historyDays));
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
    const history = historyDaysList.filter((d) => d >= firstSpend).map((d) => totals.get(d) ?? 0);
    if (history.length < minHistory) continue;
    const expectedUsd = median(history);
    const spread = ROBUST_SD_PER_MAD * median(history.map((value) => Math.abs(value - expectedUsd)));
    const band = Math.max(z * spread, MIN_BAND_SHARE * expectedUsd);
    const lowerUsd = Math.max(expectedUsd - band, 0);
    const upperUsd = expectedUsd + band;
    if (spentUsd >= lowerUsd && spentUsd <= upperUsd) continue;
    const direction = spentUsd > upperUsd ? 'above' : 'below';
    anomalies.push({
      team,
      day,
      spentUsd,
      expectedUsd,
      lowerUsd,
      upperUsd,
      direction,
      movers: movers(teamRows, day, history.length, direction, options.movers ?? 3),
    });
  }
  return anomalies.sort((a, b) => a.team.localeCompare(b.team));
}

function movers(
  rows: readonly DailyTeamSpendRow[],
  day: string,
  historyLength: number,
  direction: 'above' | 'below',
  count: number,
): SpendMover[] {
  const result: SpendMover[] = [];
  for (const dimension of ['model', 'project'] as const) {
    const today = new Map<string, number>();
    const before = new Map<string, number>();
    for (const row of rows) {
      const name = row[dimension] || '(none)';
      const target = row.day === day ? today : before;
      target.set(name, (target.get(name) ?? 0) + row.usd);
    }
    const names = new Set([...today.keys(), ...before.keys()]);
    const moves = [...names].map((name) => {
      const usd = today.get(name) ?? 0;
      const baselineUsd = (before.get(name) ?? 0) / historyLength;
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
