// Daily token volume history → monthly projections with prediction intervals (3, 12, 36 months).
// Eight weeks or more: MSTL (weekly season) with an AutoETS trend; two to eight weeks: non-seasonal
// AutoETS; less: the flat mean, said so in `notes`. Intervals of a month are the sums of the daily
// bounds, i.e. daily errors treated as fully correlated: wider than independent errors would give,
// which is the cautious side for a purchase decision.
import {
  BACKTEST_DAYS,
  confidenceFromMape,
  ForecastConfidence,
  meanAbsolutePercentageError,
} from './forecast-confidence';
import type { ForecastEngines, ModelForecast, SeasonalModel } from './seasonal-model';

export type ForecastMethod = 'mstl-ets' | 'ets' | 'mean';

export interface MonthProjection {
  month: number;
  tokens: number;
  lower: number;
  upper: number;
}

export interface VolumeForecast {
  method: ForecastMethod;
  historyDays: number;
  level: number;
  mapePct: number | null;
  confidence: ForecastConfidence;
  months: MonthProjection[];
  notes: string[];
}

export interface VolumeForecastOptions {
  horizonMonths?: number;
  /** Prediction interval level, 0–1. Default 0.9. */
  level?: number;
  /** Days of history the model sees at most (older days add little to a weekly-season trend). */
  maxHistoryDays?: number;
}

export const DAYS_PER_MONTH = 365.25 / 12;
export const MIN_SEASONAL_HISTORY_DAYS = 56;
export const MIN_ETS_HISTORY_DAYS = 14;
const WEEK = 7;
// z for a two-sided 90% interval, for the flat-mean fallback.
const Z90 = 1.645;

/** `dailyHistory` is oldest first and ends on the planned night; leading zero days are ignored. */
export function forecastVolume(
  dailyHistory: readonly number[],
  engines: ForecastEngines,
  options: VolumeForecastOptions = {},
): VolumeForecast {
  const horizonMonths = options.horizonMonths ?? 36;
  const level = options.level ?? 0.9;
  const first = dailyHistory.findIndex((v) => v > 0);
  let history = first < 0 ? [] : dailyHistory.slice(first);
  if (options.maxHistoryDays !== undefined && history.length > options.maxHistoryDays) {
    history = history.slice(history.length - options.maxHistoryDays);
  }
  const horizonDays = Math.ceil(horizonMonths * DAYS_PER_MONTH);
  const notes: string[] = [];
  const n = history.length;

  if (n < MIN_ETS_HISTORY_DAYS) {
    notes.push(`only ${n} day(s) of history: projected as the flat daily mean, confidence low`);
    const daily = flatMean(history, horizonDays);
    return {
      method: 'mean',
      historyDays: n,
      level,
      mapePct: null,
      confidence: 'low',
      months: toMonths(daily, horizonMonths),
      notes,
    };
  }

  const seasonal = n >= MIN_SEASONAL_HISTORY_DAYS;
  const method: ForecastMethod = seasonal ? 'mstl-ets' : 'ets';
  const make = (): SeasonalModel => (seasonal ? engines.mstlEts([WEEK]) : engines.autoEts());
  if (!seasonal)
    notes.push(`${n} days of history (< ${MIN_SEASONAL_HISTORY_DAYS}): non-seasonal ETS, no weekly pattern`);

  let mapePct: number | null = null;
  if (seasonal) {
    const training = history.slice(0, n - BACKTEST_DAYS);
    const held = history.slice(n - BACKTEST_DAYS);
    const backtest = fitPredict(make, training, BACKTEST_DAYS, level);
    mapePct = meanAbsolutePercentageError(
      held,
      backtest.point.map((v) => Math.max(0, v)),
    );
  } else {
    notes.push('history too short for a 28-day backtest: confidence low');
  }
  const daily = fitPredict(make, history, horizonDays, level);
  return {
    method,
    historyDays: n,
    level,
    mapePct,
    confidence: seasonal ? confidenceFromMape(mapePct) : 'low',
    months: toMonths(daily, horizonMonths),
    notes,
  };
}

function fitPredict(make: () => SeasonalModel, y: number[], horizon: number, level: number): ModelForecast {
  const model = make();
  try {
    model.fit(y);
    return model.predict(horizon, level);
  } finally {
    model.free?.();
  }
}

function flatMean(history: number[], horizonDays: number): ModelForecast {
  const mean = history.length === 0 ? 0 : history.reduce((a, b) => a + b, 0) / history.length;
  const variance =
    history.length < 2 ? mean * mean : history.reduce((a, b) => a + (b - mean) ** 2, 0) / (history.length - 1);
  const spread = Z90 * Math.sqrt(variance);
  const point = new Array<number>(horizonDays).fill(mean);
  return {
    point,
    intervals: { level: 0.9, lower: point.map((v) => v - spread), upper: point.map((v) => v + spread) },
  };
}

/** Month m sums the forecast days that fall in it; negative daily values (a falling trend) count as 0. */
function toMonths(daily: ModelForecast, horizonMonths: number): MonthProjection[] {
  const months: MonthProjection[] = [];
  const lowerDaily = daily.intervals?.lower ?? daily.point;
  const upperDaily = daily.intervals?.upper ?? daily.point;
  for (let month = 1; month <= horizonMonths; month++) {
    const from = Math.floor((month - 1) * DAYS_PER_MONTH);
    const to = Math.floor(month * DAYS_PER_MONTH);
    let tokens = 0;
    let lower = 0;
    let upper = 0;
    for (let day = from; day < to && day < daily.point.length; day++) {
      tokens += Math.max(0, daily.point[day]);
      lower += Math.max(0, lowerDaily[day]);
      upper += Math.max(0, upperDaily[day]);
    }
    months.push({ month, tokens, lower: Math.min(lower, tokens), upper: Math.max(upper, tokens) });
  }
  return months;
}

/** Tokens over the first `months` months of the projection. */
export function projectedTokens(forecast: Pick<VolumeForecast, 'months'>, months: number): number {
  return forecast.months.slice(0, months).reduce((sum, m) => sum + m.tokens, 0);
}
