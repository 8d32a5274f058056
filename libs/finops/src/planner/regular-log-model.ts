// A forecasting engine fitted the way token volume behaves. Growth compounds (a team growing 25 % a
// month adds more tokens every month: a straight line in log scale, not in tokens), a weekly pattern
// scales with the level, and a burst or a holiday is not the new level. So the engine is fitted to the
// log of the history's regular days (unusual-days.ts; excursions from level-changes.ts); its forecast
// is brought back to tokens, and the unusual days' average volume is added back to every day. A
// history with a day at zero after that cannot be taken in log scale and is fitted in tokens. (A step
// to a new level is cut off before the model: volume-forecast.ts forecasts from the last one.)
//
// A trend in log scale compounds, so it is bounded (boundedTrend): it runs for as many days ahead as
// the history it was read from, no faster than doubling or halving a month, and the level holds after
// that. A team whose volume stepped up last week (a new workload) would otherwise be extrapolated at
// that week's growth for three years. Whether it stops is not known, though: the trend going on is
// kept beside the point (`trendGoingOn`), and the monthly interval reaches out to it (volume-forecast.ts).
import { levelChanges } from './level-changes';
import type { ModelForecast, SeasonalModel } from './seasonal-model';
import { type SeparatedHistory, separateUnusualDays } from './unusual-days';
import { type WeekdayProfile, weekdayProfile } from './weekday-profile';

/**
 * `weekdays`: the engine has no season of its own (a short history), so each weekday's typical offset
 * is taken out before it is fitted and put back into its forecast (weekday-profile.ts); fitted as
 * noise, a weekend at a fifth of the weekdays made a month's interval 15× wide.
 */
export function regularLogModel(engine: SeasonalModel, options: { weekdays?: boolean } = {}): SeasonalModel {
  let separated: SeparatedHistory | null = null;
  let logScale = false;
  let historyDays = 0;
  let profile: WeekdayProfile | null = null;
  return {
    fit(history) {
      separated = separateUnusualDays(history, levelChanges(history).excursions);
      historyDays = history.length;
      logScale = separated.regular.every((day) => day > 0);
      const y = logScale ? separated.regular.map(Math.log) : separated.regular;
      profile = options.weekdays && logScale ? weekdayProfile(y) : null;
      engine.fit(profile ? profile.remove(y) : y);
    },
    predict(horizon, level): ModelForecast {
      if (!separated) throw new Error('regularLogModel: predict before fit');
      const { excessPerDay, excessVariance, unusualDays, excursionDays } = separated;
      const fitted = profile
        ? profile.restore(engine.predict(horizon, level), historyDays)
        : engine.predict(horizon, level);
      const forecast = logScale ? boundedTrend(fitted, historyDays) : fitted;
      const toTokens = (days: number[]) => days.map((day) => (logScale ? Math.exp(day) : day) + excessPerDay);
      return {
        point: toTokens(forecast.point),
        intervals: forecast.intervals && {
          level: forecast.intervals.level,
          lower: toTokens(forecast.intervals.lower),
          upper: toTokens(forecast.intervals.upper),
        },
        trendGoingOn: forecast.trendGoingOn && toTokens(forecast.trendGoingOn),
        unusual: { days: unusualDays, excursionDays, excessPerDay, excessVariance },
      };
    },
    free: () => engine.free?.(),
  };
}

/** Fastest growth (or decline) a day that a forecast extrapolates, in log scale: doubling in 30 days. */
export const MAX_LOG_GROWTH_PER_DAY = Math.log(2) / 30;
const WEEK = 7;

/**
 * The forecast (in log scale) with its week-on-week growth capped at MAX_LOG_GROWTH_PER_DAY and ended
 * after `trendDays`; each day's bounds move with its point, so their width is the model's. Where the
 * trend, capped alike, would have gone on is kept as `trendGoingOn`.
 */
export function boundedTrend(forecast: ModelForecast, trendDays: number): ModelForecast {
  const { point } = forecast;
  const bounded = point.slice();
  const goingOn = point.slice();
  const maxWeekly = MAX_LOG_GROWTH_PER_DAY * WEEK;
  for (let h = WEEK; h < point.length; h++) {
    const weekly = Math.min(Math.max(point[h] - point[h - WEEK], -maxWeekly), maxWeekly);
    bounded[h] = bounded[h - WEEK] + (h < trendDays ? weekly : 0);
    goingOn[h] = goingOn[h - WEEK] + weekly;
  }
  const moved = (values: number[]) => values.map((value, h) => value + bounded[h] - point[h]);
  return {
    point: bounded,
    trendGoingOn: goingOn,
    intervals: forecast.intervals && {
      level: forecast.intervals.level,
      lower: moved(forecast.intervals.lower),
      upper: moved(forecast.intervals.upper),
    },
  };
}
