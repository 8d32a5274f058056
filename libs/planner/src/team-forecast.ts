// A team's forecast is the sum of its workloads' (bottom-up): the recommendations are decided on the
// workloads' forecasts, so the team's (and the organization's in the weekly report) must add up to them. A
// forecast fitted to the team's own total read a new deployment's start (+31 % in a day, under the 2× a step
// needs) as growth of 35 % a month: 54 % above its workloads' sum by month 3.

import type { VolumeForecastRow } from '@tokenmeter/db';
import { confidenceFromMape, type ForecastConfidence, tokensText } from '@tokenmeter/finops';

export const TEAM_FORECAST_METHOD = 'sum of workloads';

/** Workloads carrying at least this share of the team's month 1 bound its confidence. */
const MATERIAL_SHARE = 0.1;
const RANK: Record<ForecastConfidence, number> = { low: 0, medium: 1, high: 2 };

type MonthRow = VolumeForecastRow['months'][number];

/** One row per team: the sum of the night's team-model forecasts of that team. */
export function teamForecastsOf(workloads: readonly VolumeForecastRow[], night: string): VolumeForecastRow[] {
  const byTeam = new Map<string, VolumeForecastRow[]>();
  for (const row of workloads) {
    if (row.scope !== 'team-model') continue;
    const rows = byTeam.get(row.team) ?? [];
    rows.push(row);
    byTeam.set(row.team, rows);
  }
  return [...byTeam.entries()].map(([team, rows]) => teamForecast(team, rows, night));
}

function teamForecast(team: string, rows: readonly VolumeForecastRow[], night: string): VolumeForecastRow {
  const months = summedMonths(rows);
  const firstMonth = (row: VolumeForecastRow) => row.months[0]?.tokens ?? 0;
  const total = months[0]?.tokens ?? 0;
  const share = (row: VolumeForecastRow) => (total > 0 ? firstMonth(row) / total : 1 / rows.length);
  // |Σ errors| ≤ Σ |errors|: the sum's percentage error is at most its parts', weighted by their volume.
  const measured = rows.filter((row) => row.mapePct !== null);
  const weight = measured.reduce((sum, row) => sum + share(row), 0);
  const mapePct =
    measured.length === 0 || weight === 0
      ? null
      : measured.reduce((sum, row) => sum + (row.mapePct as number) * share(row), 0) / weight;
  const material = rows.filter((row) => share(row) >= MATERIAL_SHARE);
  const weakest = material.reduce<ForecastConfidence>(
    (lowest, row) =>
      RANK[row.confidence as ForecastConfidence] < RANK[lowest] ? (row.confidence as ForecastConfidence) : lowest,
    'high',
  );
  const fromMape = confidenceFromMape(mapePct);
  const confidence = RANK[weakest] < RANK[fromMape] ? weakest : fromMape;
  const level = Math.min(...rows.map((row) => row.intervalLevel));
  const largest = [...rows].sort((a, b) => firstMonth(b) - firstMonth(a));
  const named = largest
    .slice(0, 3)
    .map((row) => `${row.provider}/${row.model} ${tokensText(firstMonth(row))}`)
    .join(', ');
  return {
    scope: 'team',
    team,
    provider: '',
    model: '',
    method: TEAM_FORECAST_METHOD,
    historyDays: Math.max(...rows.map((row) => row.historyDays)),
    intervalLevel: level,
    mapePct,
    confidence,
    tokens3m: sum(rows, (row) => row.tokens3m),
    tokens12m: sum(rows, (row) => row.tokens12m),
    tokens36m: sum(rows, (row) => row.tokens36m),
    months,
    notes: [
      rows.length === 1
        ? `the team's one workload forecast (month 1: ${named}), the one its recommendation is decided on`
        : `the sum of the team's ${rows.length} workload forecasts ` +
          `(month 1: ${named}${rows.length > 3 ? ', …' : ''}), the ones its recommendations are decided on`,
      ...(rows.length === 1
        ? []
        : [
            'the interval sums theirs, as if the workloads moved together: at least as wide as a ' +
              `${Math.round(level * 100)}% interval of the total`,
          ]),
      mapePct === null
        ? 'no workload has a backtest yet: confidence low'
        : rows.length === 1
          ? `MAPE ${mapePct.toFixed(1)} %, its workload's; confidence ${confidence}`
          : `MAPE at most ${mapePct.toFixed(1)} %, the workloads' weighted by volume (a sum's error is at most ` +
            `its parts'); confidence ${confidence}` +
            (weakest === confidence && RANK[weakest] < RANK[fromMape]
              ? ", that of a workload with a tenth or more of the team's volume"
              : ''),
    ],
    fittedOn: night,
    backtestPredictions: [],
  };
}

/** Month by month, the workloads' forecasts and bounds added up. */
function summedMonths(rows: readonly VolumeForecastRow[]): MonthRow[] {
  const months = new Map<number, MonthRow>();
  for (const row of rows) {
    for (const m of row.months) {
      const at = months.get(m.month) ?? { month: m.month, tokens: 0, lower: 0, upper: 0 };
      at.tokens += m.tokens;
      at.lower += m.lower;
      at.upper += m.upper;
      months.set(m.month, at);
    }
  }
  return [...months.values()].sort((a, b) => a.month - b.month);
}

const sum = (rows: readonly VolumeForecastRow[], of: (row: VolumeForecastRow) => number) =>
  rows.reduce((total, row) => total + of(row), 0);
