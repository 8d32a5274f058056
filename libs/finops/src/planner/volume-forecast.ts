// Daily token volume history → monthly projections with prediction intervals (3, 12, 36 months).
// A history that stepped to a new level (level-changes.ts) is forecast from its last step on. Eight
// weeks or more: MSTL (weekly season) with an AutoETS trend; two to eight weeks: non-seasonal AutoETS
// with a weekday profile (weekday-profile.ts);
// either fitted in log scale to the regular days, unusual ones set aside, with the trend bounded
// (regular-log-model.ts); less: the flat mean (flat-mean-forecast.ts), said so in `notes`. Month 1's
// interval is built for the monthly sum itself, from month-ahead backtests at earlier origins of the
// history (monthly-interval.ts; their coverage is reported), or, fewer than three, from the model's
// daily bounds; later months widen it by √month, around the point and around the trend going on (the
// point holds it after as many days as it was seen); under eight weeks, from month 2 it also reaches as far
// as the organization's growth range takes month 1 (growth-range.ts). The newest backtest's daily error is the
// confidence (month-ahead-backtest.ts). A pure function of (history, engines, options, earlier
// backtests): one call per scope, so scopes can run in parallel.

import { flatMeanMonths } from './flat-mean-forecast';
import {
  BACKTEST_DAYS,
  confidenceFromMape,
  ForecastConfidence,
  meanAbsolutePercentageError,
} from './forecast-confidence';
import {
  DEFAULT_GROWTH_RANGE,
  describeGrowthRange,
  GROWTH_RANGE_MAX_AGE_DAYS,
  type GrowthRange,
  MIN_GROWTH_SCOPES,
} from './growth-range';
import { levelChanges } from './level-changes';
import {
  type BacktestCalendar,
  fitPredict,
  type MonthAheadBacktest,
  monthAheadBacktests,
} from './month-ahead-backtest';
import { DAYS_PER_MONTH, daysInMonth, type MonthProjection, monthSum } from './month-projection';
import {
  intervalMultiplier,
  type LogHalfWidths,
  leaveOneOutCoverage,
  logErrorSpread,
  monthlyBounds,
  normalQuantile,
} from './monthly-interval';
import { regularLogModel } from './regular-log-model';
import type { ForecastEngines, ModelForecast, SeasonalModel } from './seasonal-model';
import { tokensText } from './tokens-text';

export { DAYS_PER_MONTH, daysInMonth, type MonthProjection } from './month-projection';

export type ForecastMethod = 'mstl-ets' | 'ets' | 'mean';

export interface VolumeForecast {
  method: ForecastMethod;
  historyDays: number;
  level: number;
  mapePct: number | null;
  confidence: ForecastConfidence;
  months: MonthProjection[];
  /** Month-ahead backtests behind the interval, and the share of them it covered (leave-one-out). */
  backtests: number;
  coverage: number | null;
  /** Those backtests' predictions, newest first: stored with the forecast so a later fit reuses them. */
  backtestPredictions: MonthAheadBacktest[];
  /** Model fits this forecast ran (the projection, new backtest origins, a 28-day backtest if needed). */
  modelFits: number;
  notes: string[];
}

/** Where the history sits on the calendar, and what an earlier forecast of the scope already backtested. */
export interface ForecastCalendar {
  /** Days since 1970-01-01 of the history's last day. Default: days counted from the history's first day. */
  lastDay?: number;
  /** Backtest origins fall on days with (day − phase) a multiple of the step; a phase per scope spreads new
   * origins over the nights. Default 0. */
  backtestPhase?: number;
  /** The scope's previous forecast: its method and stored backtests (reused only when the method is the same). */
  earlier?: { method: string; backtestPredictions: readonly MonthAheadBacktest[] };
}

export interface VolumeForecastOptions {
  horizonMonths?: number;
  /** Prediction interval level, 0–1. Default DEFAULT_FORECAST_LEVEL. */
  level?: number;
  /** Days of history the model sees at most (older days add little to a weekly-season trend). */
  maxHistoryDays?: number;
  /** Month-ahead backtests for the interval, at calendar origins this many days apart. Default 8 every 14 days. */
  backtestOrigins?: number;
  backtestStepDays?: number;
  /** The growth range (growth-range.ts) a history under eight weeks admits. Default: DEFAULT_GROWTH_RANGE. */
  growthRange?: GrowthRange;
}

/** The prediction intervals' level unless one is asked for: 90 %. */
export const DEFAULT_FORECAST_LEVEL = 0.9;
export const MIN_SEASONAL_HISTORY_DAYS = 56;
export const MIN_ETS_HISTORY_DAYS = 14;
const WEEK = 7;

/** `dailyHistory` is oldest first and ends on the planned night; leading zero days are ignored. */
export function forecastVolume(
  dailyHistory: readonly number[],
  engines: ForecastEngines,
  options: VolumeForecastOptions = {},
  calendar: ForecastCalendar = {},
): VolumeForecast {
  const horizonMonths = options.horizonMonths ?? 36;
  const level = options.level ?? DEFAULT_FORECAST_LEVEL;
  const first = dailyHistory.findIndex((v) => v > 0);
  let history = first < 0 ? [] : dailyHistory.slice(first);
  if (options.maxHistoryDays !== undefined && history.length > options.maxHistoryDays) {
    history = history.slice(history.length - options.maxHistoryDays);
  }
  const horizonDays = Math.ceil(horizonMonths * DAYS_PER_MONTH);
  const notes: string[] = [];
  const { lastStep, stepFactor } = levelChanges(history);
  if (lastStep !== null) {
    const days = history.length - lastStep;
    const factor = stepFactor >= 1 ? `up ${formatFactor(stepFactor)}` : `down to ${formatFactor(stepFactor)}`;
    notes.push(
      `volume stepped ${factor} ${days} day(s) ago: forecast from those days only ` +
        '(the level before a step says little about the level after it)',
    );
    history = history.slice(lastStep);
  }
  const n = history.length;

  const growth = options.growthRange ?? DEFAULT_GROWTH_RANGE;
  if (n < MIN_ETS_HISTORY_DAYS) {
    notes.push(
      `only ${n} day(s) of history: projected as the flat daily mean, its interval widening month by month ` +
        `and admitting ${growthRangeNote(growth)}; confidence low`,
    );
    return {
      method: 'mean',
      historyDays: n,
      level,
      mapePct: null,
      confidence: 'low',
      months: flatMeanMonths(history, horizonMonths, level, growth),
      backtests: 0,
      coverage: null,
      backtestPredictions: [],
      modelFits: 0,
      notes,
    };
  }

  const seasonal = n >= MIN_SEASONAL_HISTORY_DAYS;
  const method: ForecastMethod = seasonal ? 'mstl-ets' : 'ets';
  const make = (): SeasonalModel =>
    seasonal ? regularLogModel(engines.mstlEts([WEEK])) : regularLogModel(engines.autoEts(), { weekdays: true });
  if (!seasonal) {
    notes.push(
      `${n} days of history (< ${MIN_SEASONAL_HISTORY_DAYS}): non-seasonal ETS, fitted with each weekday's ` +
        `typical share taken out and put back; from month 2 its interval also admits ${growthRangeNote(growth)}`,
    );
  }

  const daily = fitPredict(make, history, horizonDays, level);
  if (daily.unusual?.days) {
    notes.push(
      `${daily.unusual.days} unusual day(s) (bursts or outages) set aside from the fit; ` +
        'their average volume is added back to every forecast day',
    );
  }
  if (daily.unusual?.excursionDays) {
    notes.push(
      `${daily.unusual.excursionDays} day(s) away from the usual level and back (a holiday, a long outage) ` +
        'set aside from the fit and not expected again',
    );
  }
  const earlier = calendar.earlier?.method === method ? calendar.earlier.backtestPredictions : [];
  const backtests = monthAheadBacktests(
    make,
    history,
    backtestCalendar(dailyHistory.length, options, calendar),
    earlier,
  );
  const logErrors = backtests.logErrors;
  let modelFits = 1 + backtests.fitted;
  // Confidence: the daily error of the newest month-ahead backtest; a history too short for one (under
  // about ten weeks) is backtested on its last 28 days instead, as every forecast once was.
  let mapePct: number | null = null;
  if (!seasonal) {
    notes.push('history too short for a 28-day backtest: confidence low');
  } else if (backtests.newest) {
    mapePct = meanAbsolutePercentageError(backtests.newest.actual, backtests.newest.predicted);
  } else {
    const held = history.slice(n - BACKTEST_DAYS);
    const predicted = fitPredict(make, history.slice(0, n - BACKTEST_DAYS), BACKTEST_DAYS, level).point;
    mapePct = meanAbsolutePercentageError(
      held,
      predicted.map((v) => Math.max(0, v)),
    );
    modelFits++;
  }
  const projected = toMonths(daily, horizonMonths, level);
  const goingOn = daily.trendGoingOn ?? daily.point;
  let monthOne: LogHalfWidths | null;
  let coverage: number | null = null;
  if (logErrors.length >= 3) {
    const half = intervalMultiplier(logErrors.length, level) * logErrorSpread(logErrors);
    monthOne = { below: half, above: half };
    coverage = leaveOneOutCoverage(logErrors, level);
  } else {
    notes.push(
      `only ${logErrors.length} month-ahead backtest(s): month 1's interval is the sum of the daily bounds ` +
        "(errors fully correlated) and the unusual days' scatter, not yet checked against what followed",
    );
    monthOne = logHalfWidths(projected);
  }
  // No month with volume to measure the interval on: the summed daily bounds stand as they are.
  let months = monthOne
    ? projected.map((m) => widenedFromMonthOne(m, monthSum(goingOn, m.month), monthOne))
    : projected;
  if (!seasonal) months = admittingGrowth(months, growth);
  const trendNote = trendGoingOnNote(months, goingOn, n);
  if (trendNote) notes.push(trendNote);
  return {
    method,
    historyDays: n,
    level,
    mapePct,
    confidence: seasonal ? confidenceFromMape(mapePct) : 'low',
    months,
    backtests: logErrors.length,
    coverage,
    backtestPredictions: backtests.backtests,
    modelFits,
    notes,
  };
}

/** The growth range as a note says it, with what it was read from. */
function growthRangeNote(growth: GrowthRange): string {
  const night = growth.night === undefined ? 'the night before' : `on ${growth.night}, the newest night forecast`;
  if (growth.stale)
    return (
      `growth of ${describeGrowthRange(growth)} (a default range: the newest night forecast, ${growth.night}, ` +
      `is more than ${GROWTH_RANGE_MAX_AGE_DAYS} days old)`
    );
  const basis =
    growth.scopes > 0
      ? `the range of the organization's ${growth.scopes} established scopes${growth.night ? ` ${night}` : ''}`
      : `a default range: fewer than ${MIN_GROWTH_SCOPES} team-model scopes had a seasonal forecast ${night}`;
  return `growth of ${describeGrowthRange(growth)} (${basis})`;
}

/**
 * A history under eight weeks says little about its trend, which the model reads from it anyway: from
 * month 2 on, each month's interval reaches at least as far as month 1's would go at the lowest and at the
 * highest growth of the organization's range (growth-range.ts), a day's volume against month 1's (or
 * against the first month with volume, when month 1 is forecast at zero).
 */
function admittingGrowth(months: readonly MonthProjection[], growth: GrowthRange): MonthProjection[] {
  const base = months.find((m) => m.tokens > 0);
  if (!base) return [...months];
  const baseDays = daysInMonth(base.month);
  return months.map((m) => {
    if (m.month <= base.month) return m;
    const scale = daysInMonth(m.month) / baseDays;
    const lower = base.lower * scale * Math.exp(growth.down * (m.month - base.month));
    const upper = base.upper * scale * Math.exp(growth.up * (m.month - base.month));
    return { ...m, lower: Math.min(m.lower, lower), upper: Math.max(m.upper, upper) };
  });
}

/** The calendar origins of a history of `length` days (before its leading zero days are dropped). */
function backtestCalendar(
  length: number,
  options: VolumeForecastOptions,
  calendar: ForecastCalendar,
): BacktestCalendar {
  return {
    lastDay: calendar.lastDay ?? length - 1,
    phase: calendar.backtestPhase ?? 0,
    stepDays: options.backtestStepDays ?? 14,
    origins: options.backtestOrigins ?? 8,
  };
}

/**
 * Says how far the interval reaches for a trend that goes on (past the `historyDays` it was read from,
 * where the point holds it), when that moves month 12 (or the last) by a factor of 1.1 or more. The
 * figures are the months the note names, so a reader can check them: the rate is the one that takes the
 * trend going on from month 1 to that month (compounded monthly), and the factor is that month going on
 * against its forecast.
 */
function trendGoingOnNote(months: MonthProjection[], goingOn: readonly number[], historyDays: number): string | null {
  const last = months[Math.min(12, months.length) - 1];
  if (!last || last.month < 2 || last.tokens <= 0) return null;
  const lastGoingOn = monthSum(goingOn, last.month);
  const ratio = lastGoingOn / last.tokens;
  if (!(Math.abs(Math.log(ratio)) >= Math.log(1.1))) return null;
  const first = monthSum(goingOn, 1);
  const monthly = first > 0 && lastGoingOn > 0 ? (lastGoingOn / first) ** (1 / (last.month - 1)) - 1 : null;
  const rate =
    monthly === null
      ? 'trend'
      : `${monthly >= 0 ? 'growth' : 'decline'} of ${Math.abs(Math.round(monthly * 100))} % a month`;
  const from = monthly === null ? '' : ` (from month 1's ${tokensText(first)})`;
  return (
    `the ${rate} is forecast for ${historyDays} days (as long as it has been seen), then held; the interval ` +
    `reaches out to it going on: month ${last.month} at ${tokensText(lastGoingOn)} tokens${from}, ` +
    `${formatFactor(ratio)} the forecast's ${tokensText(last.tokens)}`
  );
}

/**
 * Month m sums the forecast days that fall in it; negative daily values (a falling trend) count as 0.
 * The bounds are the sums of the daily bounds, widened by the unusual days' scatter over the month's
 * days (independent from day to day, so it grows with √days); month 1's are the interval to widen when
 * there are too few backtests.
 */
function toMonths(daily: ModelForecast, horizonMonths: number, level: number): MonthProjection[] {
  const months: MonthProjection[] = [];
  const lowerDaily = daily.intervals?.lower ?? daily.point;
  const upperDaily = daily.intervals?.upper ?? daily.point;
  for (let month = 1; month <= horizonMonths; month++) {
    const tokens = monthSum(daily.point, month);
    const scatter =
      normalQuantile(0.5 + level / 2) * Math.sqrt(daysInMonth(month) * (daily.unusual?.excessVariance ?? 0));
    const lower = tokens - Math.hypot(Math.max(0, tokens - monthSum(lowerDaily, month)), scatter);
    const upper = tokens + Math.hypot(Math.max(0, monthSum(upperDaily, month) - tokens), scatter);
    months.push({ month, tokens, lower: Math.max(0, lower), upper });
  }
  return months;
}

/**
 * How far month 1's bounds sit from its point, in log scale (a lower bound at 0: infinitely far); a
 * month 1 forecast at zero is measured on the first month with volume, scaled back by √month.
 */
function logHalfWidths(months: readonly MonthProjection[]): LogHalfWidths | null {
  const m = months.find((month) => month.tokens > 0);
  if (!m) return null;
  const scale = Math.sqrt(m.month);
  return { below: Math.log(m.tokens / m.lower) / scale, above: Math.log(m.upper / m.tokens) / scale };
}

/**
 * Month m's interval: month 1's, in log scale, widened by √m (a level misjudged by a month's error
 * drifts on: monthly-interval.ts), around the point and around where the trend going on would take the
 * month (`goingOn`: the point holds its trend after as many days as it was seen). The daily bounds
 * summed month by month had widened by 1–5 % from month 1 to month 12 for a non-seasonal model, and
 * 100-fold for a seasonal one with a trend (the demo's search o3-mini: 15.4M–5.9T around 1.51B); a
 * month-old team growing 2 % a month fell outside month 12's interval 8 times in 10, and one growing
 * 25 % a month forecast from 200 days 10 times in 10.
 */
function widenedFromMonthOne(m: MonthProjection, goingOn: number, monthOne: LogHalfWidths): MonthProjection {
  const around = monthlyBounds(m.tokens, m.month, monthOne);
  const aroundGoingOn = monthlyBounds(goingOn, m.month, monthOne);
  return {
    ...m,
    lower: Math.min(around.lower, aroundGoingOn.lower, m.tokens),
    upper: Math.max(around.upper, aroundGoingOn.upper, m.tokens),
  };
}

/** 35.2 as "35.2×", 0.034 as "0.034×". */
function formatFactor(factor: number): string {
  return `${Number(factor.toPrecision(factor >= 10 ? 3 : 2))}×`;
}

/** Tokens over the first `months` months of the projection. */
export function projectedTokens(forecast: Pick<VolumeForecast, 'months'>, months: number): number {
  return forecast.months.slice(0, months).reduce((sum, m) => sum + m.tokens, 0);
}
