// Step 2: monthly volume projections per team × provider × model from the daily rollups (up to a year
// of history), with month-ahead backtests setting each one's interval and confidence, and per team their
// sum (team-forecast.ts). The per-scope forecasts run on every core (ForecastPool); a scope is fitted fully once a
// week and its fit carried forward on the other nights unless its volume left the interval
// (forecast-refit.ts). A full fit reuses the backtests stored with the scope's previous forecast and
// fits only origins new since (libs/finops month-ahead-backtest.ts).

import { Injectable } from '@nestjs/common';
import { addDays, daysFrom } from '@tokenmeter/contracts';
import { UsageRollupDailyRepository, VolumeForecastRepository, VolumeForecastRow } from '@tokenmeter/db';
import {
  DEFAULT_FORECAST_LEVEL,
  DEFAULT_GROWTH_RANGE,
  ForecastCalendar,
  GROWTH_RANGE_MAX_AGE_DAYS,
  GrowthRange,
  growthRangeOf,
  projectedTokens,
  VolumeForecast,
} from '@tokenmeter/finops';
import { ForecastPool } from './forecast-pool';
import { BACKTEST_ORIGIN_EVERY_DAYS, backtestOriginPhase, carryForward, fullFitReason } from './forecast-refit';
import { teamForecastsOf } from './team-forecast';

export const FORECAST_HISTORY_DAYS = 365;

export interface ForecastOutput {
  scopes: number;
  /** Scopes fitted afresh tonight; the others carried their fit forward. */
  fitted: number;
  /** Why the fitted scopes were fitted tonight (fullFitReason), counted. */
  fitReasons: Record<string, number>;
  /** Model fits the full fits ran (projections and new backtest origins). */
  modelFits: number;
  byMethod: Record<string, number>;
  byConfidence: Record<string, number>;
}

interface Scope {
  scope: 'team-model';
  team: string;
  provider: string;
  model: string;
  y: number[];
}

const scopeKey = (s: Pick<VolumeForecastRow, 'scope' | 'team' | 'provider' | 'model'>) =>
  `${s.scope}\u0000${s.team}\u0000${s.provider}\u0000${s.model}`;

@Injectable()
export class ForecastStep {
  constructor(
    private readonly daily: UsageRollupDailyRepository,
    private readonly forecasts: VolumeForecastRepository,
    private readonly pool: ForecastPool,
  ) {}

  async run(date: string): Promise<ForecastOutput> {
    const from = addDays(date, -(FORECAST_HISTORY_DAYS - 1));
    const yesterday = addDays(date, -1);
    const [rows, previousRows] = await Promise.all([
      this.daily.dailyHistories(from, date),
      this.forecasts.forNight(yesterday, undefined, { backtests: true }),
    ]);
    const series = new Map<string, Scope>();
    for (const r of rows) {
      const key = `${r.team}\u0000${r.provider}\u0000${r.model}`;
      let s = series.get(key);
      if (!s) {
        s = { scope: 'team-model', team: r.team, provider: r.provider, model: r.model, y: zeros() };
        series.set(key, s);
      }
      for (const [i, tokens] of r.tokens.entries()) s.y[i] += tokens;
    }
    const previous = new Map(previousRows.map((p) => [scopeKey(p), p]));
    const scopes = [...series.values()];
    const toFit: Scope[] = [];
    const calendars: ForecastCalendar[] = [];
    const lastDay = daysFrom('1970-01-01', date);
    const fitReasons: Record<string, number> = {};
    const out: VolumeForecastRow[] = [];
    for (const s of scopes) {
      const found = previous.get(scopeKey(s));
      const before = found && { ...found, fittedOn: found.fittedOn ?? yesterday };
      const reason = fullFitReason(scopeKey(s), date, before && { ...before, runDate: yesterday }, s.y);
      if (reason !== null || !before) {
        toFit.push(s);
        calendars.push({
          lastDay,
          backtestPhase: backtestOriginPhase(scopeKey(s)),
          earlier: found && { method: found.method, backtestPredictions: found.backtestPredictions ?? [] },
        });
        const why = reason ?? 'no fit from the night before';
        fitReasons[why] = (fitReasons[why] ?? 0) + 1;
        continue;
      }
      const carried = carryForward(before);
      out.push({
        ...carried,
        tokens3m: projectedTokens(carried, 3),
        tokens12m: projectedTokens(carried, 12),
        tokens36m: projectedTokens(carried, 36),
      });
    }
    const growthRange =
      previousRows.length > 0 ? teamModelGrowthRange(previousRows) : await this.newestGrowthRange(date);
    const fitting = this.pool.forecast(
      toFit.map((s) => s.y),
      { backtestStepDays: BACKTEST_ORIGIN_EVERY_DAYS, growthRange },
      calendars,
    );
    // Awaited in the write; this only keeps a failure that comes while the write waits from going unhandled.
    fitting.catch(() => undefined);
    // The carried forecasts are written while the threads fit (Postgres and this thread are idle
    // then), the fitted ones after them, in one transaction.
    await this.forecasts.replaceNight(
      date,
      (async function* () {
        yield* out;
        const fitted = await fitting;
        for (const [i, s] of toFit.entries()) {
          const row = toRow(s, fitted[i], date);
          out.push(row);
          yield row;
        }
        const teams = teamForecastsOf(out, date);
        out.push(...teams);
        yield* teams;
      })(),
    );
    const byMethod: Record<string, number> = {};
    const byConfidence: Record<string, number> = {};
    for (const f of out) {
      byMethod[f.method] = (byMethod[f.method] ?? 0) + 1;
      byConfidence[f.confidence] = (byConfidence[f.confidence] ?? 0) + 1;
    }
    const modelFits = (await fitting).reduce((sum, f) => sum + f.modelFits, 0);
    return { scopes: out.length, fitted: toFit.length, fitReasons, modelFits, byMethod, byConfidence };
  }

  /**
   * After a night that failed (or before a backfill's first night), the range of the newest night
   * forecast before `date`: an organization's growth changes slowly, and the default range knows nothing of it.
   * Not over GROWTH_RANGE_MAX_AGE_DAYS, though: a planner stopped for months says nothing of tonight.
   */
  private async newestGrowthRange(date: string): Promise<GrowthRange> {
    const night = await this.forecasts.latestNight(date);
    if (night === null) return teamModelGrowthRange([]);
    if (daysFrom(night, date) > GROWTH_RANGE_MAX_AGE_DAYS) return { ...DEFAULT_GROWTH_RANGE, night, stale: true };
    return { ...teamModelGrowthRange(await this.forecasts.forNight(night, 'team-model')), night };
  }
}

/** A young scope's interval admits the growth of a night's established team-model forecasts. */
function teamModelGrowthRange(forecasts: readonly VolumeForecastRow[]): GrowthRange {
  return growthRangeOf(
    forecasts.filter((p) => p.scope === 'team-model'),
    DEFAULT_FORECAST_LEVEL,
  );
}

function zeros(): number[] {
  return new Array(FORECAST_HISTORY_DAYS).fill(0);
}

function toRow(s: Scope, f: VolumeForecast, night: string): VolumeForecastRow {
  return {
    scope: s.scope,
    team: s.team,
    provider: s.provider,
    model: s.model,
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
    fittedOn: night,
    backtestPredictions: f.backtestPredictions,
  };
}
