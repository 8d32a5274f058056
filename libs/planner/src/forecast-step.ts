// Step 2: monthly volume projections per team × provider × model and per team, from the daily
// rollups (up to a year of history), with a 28-day backtest setting each one's confidence.

import { Injectable } from '@nestjs/common';
import { addDays, daysFrom } from '@tokenmeter/contracts';
import { UsageRollupDailyRepository, VolumeForecastRepository, VolumeForecastRow } from '@tokenmeter/db';
import { forecastVolume, projectedTokens, VolumeForecast } from '@tokenmeter/finops';
import { AugursEngines } from './augurs-engines';

export const FORECAST_HISTORY_DAYS = 365;

export interface ForecastOutput {
  scopes: number;
  byMethod: Record<string, number>;
  byConfidence: Record<string, number>;
}

@Injectable()
export class ForecastStep {
  constructor(
    private readonly daily: UsageRollupDailyRepository,
    private readonly forecasts: VolumeForecastRepository,
    private readonly augurs: AugursEngines,
  ) {}

  async run(date: string): Promise<ForecastOutput> {
    const from = addDays(date, -(FORECAST_HISTORY_DAYS - 1));
    const rows = await this.daily.dailyVolumes(from, date);
    const index = (day: string) => daysFrom(from, day);
    const series = new Map<string, { team: string; provider: string; model: string; y: number[] }>();
    const teams = new Map<string, number[]>();
    for (const r of rows) {
      const key = `${r.team}\u0000${r.provider}\u0000${r.model}`;
      let s = series.get(key);
      if (!s) {
        s = { team: r.team, provider: r.provider, model: r.model, y: new Array(FORECAST_HISTORY_DAYS).fill(0) };
        series.set(key, s);
      }
      s.y[index(r.day)] += r.tokens;
      let t = teams.get(r.team);
      if (!t) {
        t = new Array(FORECAST_HISTORY_DAYS).fill(0);
        teams.set(r.team, t);
      }
      t[index(r.day)] += r.tokens;
    }
    const out: VolumeForecastRow[] = [];
    const byMethod: Record<string, number> = {};
    const byConfidence: Record<string, number> = {};
    const add = (scope: VolumeForecastRow['scope'], team: string, provider: string, model: string, y: number[]) => {
      const f = forecastVolume(y, this.augurs.engines);
      byMethod[f.method] = (byMethod[f.method] ?? 0) + 1;
      byConfidence[f.confidence] = (byConfidence[f.confidence] ?? 0) + 1;
      out.push(toRow(scope, team, provider, model, f));
    };
    for (const s of series.values()) add('team-model', s.team, s.provider, s.model, s.y);
    for (const [team, y] of teams) add('team', team, '', '', y);
    await this.forecasts.replaceNight(date, out);
    return { scopes: out.length, byMethod, byConfidence };
  }
}

function toRow(
  scope: VolumeForecastRow['scope'],
  team: string,
  provider: string,
  model: string,
  f: VolumeForecast,
): VolumeForecastRow {
  return {
    scope,
    team,
    provider,
    model,
    method: f.method,
    historyDays: f.historyDays,
    intervalLevel: f.level,
    mapePct: f.mapePct,
    confidence: f.confidence,
    tokens3m: projectedTokens(f, 3),
    tokens12m: projectedTokens(f, 12),
    tokens36m: projectedTokens(f, 36),
    months: f.months,
    notes:
      f.coverage === null
        ? f.notes
        : [
            ...f.notes,
            `${Math.round(f.level * 100)}% interval covered ${Math.round(f.coverage * 100)}% of ` +
              `${f.backtests} month-ahead backtests`,
          ],
  };
}
