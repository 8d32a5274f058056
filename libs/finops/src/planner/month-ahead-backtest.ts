// Month-ahead backtests: the model refitted at earlier origins of a history, each predicting the 30
// days after its origin. Their errors set a forecast's monthly interval (monthly-interval.ts) and its
// confidence (forecast-confidence.ts). Origins fall on fixed calendar days (every 14 days, at a phase
// of the scope's own), so a later night has the same origins as an earlier one plus at most a newer
// one: a prediction stored with an earlier forecast is reused and only new origins are fitted, which
// makes a full fit one or two model fits instead of nine. A stored prediction is what the model said
// from the history of the night that first backtested that origin (a window of up to a year then
// ending at the origin); the actual months are read from tonight's history.
import type { ModelForecast, SeasonalModel } from './seasonal-model';

export interface MonthAheadBacktest {
  /** The model that made the prediction (BACKTEST_MODEL when it was made); older ones are not reused. */
  model?: number;
  /** The origin: the first predicted day, in days since 1970-01-01. The model saw only days before it. */
  originDay: number;
  /** Predicted volume of the BACKTEST_MONTH_DAYS days from the origin (a negative day counts as 0). */
  tokens: number;
  /** Those days' predictions one by one; kept for the newest origin only (its daily error is the confidence). */
  daily?: number[];
}

/** Where a history sits on the calendar, and the origins its backtests use. */
export interface BacktestCalendar {
  /** Days since 1970-01-01 of the history's last day. */
  lastDay: number;
  /** Origins fall on days with (day − phase) a multiple of `stepDays`. */
  phase: number;
  stepDays: number;
  /** At most this many origins, newest first. */
  origins: number;
}

export const BACKTEST_MONTH_DAYS = 30;
/**
 * 3: fitted in log scale to the regular days, excursions set aside, from the last step in level
 * (regular-log-model.ts, level-changes.ts); 2: the same without excursions and steps; absent: fitted
 * to the raw history.
 */
export const BACKTEST_MODEL = 3;
const MIN_BACKTEST_TRAINING_DAYS = 28;

/** One scope's backtests tonight: the log errors (newest first), the backtests to store, and the model fits run. */
export interface MonthAheadBacktests {
  /** log(actual ÷ predicted) of each origin's month, newest first; origins without volume on either side left out. */
  logErrors: number[];
  /** Tonight's origins' predictions, newest first, with the newest one's daily predictions. */
  backtests: MonthAheadBacktest[];
  /** The newest origin's daily predictions and the actual days they predicted; null without a backtest. */
  newest: { predicted: number[]; actual: number[] } | null;
  /** Model fits run (the origins not found among `earlier`). */
  fitted: number;
}

/**
 * The origins of a history of `length` days ending on `calendar.lastDay`, newest first, as indexes
 * into the history: each has a whole month after it and at least four weeks before it.
 */
export function backtestOriginIndexes(length: number, calendar: BacktestCalendar): number[] {
  const dayOf = (index: number) => calendar.lastDay - (length - 1 - index);
  const latest = length - BACKTEST_MONTH_DAYS;
  const offset = (((dayOf(latest) - calendar.phase) % calendar.stepDays) + calendar.stepDays) % calendar.stepDays;
  const indexes: number[] = [];
  for (let index = latest - offset; index >= MIN_BACKTEST_TRAINING_DAYS; index -= calendar.stepDays) {
    if (indexes.length === calendar.origins) break;
    indexes.push(index);
  }
  return indexes;
}

/**
 * Month-ahead backtests of `history` at the calendar's origins, reusing `earlier` predictions for
 * the origins they cover (the newest origin only if its daily predictions were kept).
 */
export function monthAheadBacktests(
  make: () => SeasonalModel,
  history: readonly number[],
  calendar: BacktestCalendar,
  earlier: readonly MonthAheadBacktest[] = [],
): MonthAheadBacktests {
  const stored = new Map(earlier.filter((b) => b.model === BACKTEST_MODEL).map((b) => [b.originDay, b]));
  const dayOf = (index: number) => calendar.lastDay - (history.length - 1 - index);
  const logErrors: number[] = [];
  const backtests: MonthAheadBacktest[] = [];
  let newest: MonthAheadBacktests['newest'] = null;
  let fitted = 0;
  for (const [k, origin] of backtestOriginIndexes(history.length, calendar).entries()) {
    const originDay = dayOf(origin);
    let backtest = stored.get(originDay);
    if (!backtest || (k === 0 && !backtest.daily)) {
      const daily = fitPredict(make, history.slice(0, origin), BACKTEST_MONTH_DAYS).point.map((v) => Math.max(0, v));
      backtest = { model: BACKTEST_MODEL, originDay, tokens: daily.reduce((s, v) => s + v, 0), daily };
      fitted++;
    }
    const actualDays = history.slice(origin, origin + BACKTEST_MONTH_DAYS);
    if (k === 0) {
      backtests.push(backtest);
      newest = { predicted: backtest.daily ?? [], actual: actualDays };
    } else {
      backtests.push({ model: BACKTEST_MODEL, originDay, tokens: backtest.tokens });
    }
    const actual = actualDays.reduce((s, v) => s + v, 0);
    if (backtest.tokens > 0 && actual > 0) logErrors.push(Math.log(actual / backtest.tokens));
  }
  return { logErrors, backtests, newest, fitted };
}

/** A fresh model fitted on `y`, its forecast for `horizon` days, and its WASM memory released. */
export function fitPredict(make: () => SeasonalModel, y: number[], horizon: number, level = 0.9): ModelForecast {
  const model = make();
  try {
    model.fit(y);
    return model.predict(horizon, level);
  } finally {
    model.free?.();
  }
}
