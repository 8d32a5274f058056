// Each weekday's typical offset from the week around it, in log volume: what a model without a season
// of its own (a history too short for one) should not take for noise. Offsets are medians over the
// history's weeks of (day − the median of the 7 days around it), centred to sum to zero, so taking
// them out keeps the level and putting them back restores the weekly pattern. A model fitted on a few
// weeks knows its level and trend only as well as a few weeks tell them, which its own interval leaves
// out: the bounds are widened by Student's t for as many degrees of freedom as the history has weeks.
import { median } from '../statistics';
import { intervalMultiplier, normalQuantile } from './monthly-interval';
import type { ModelForecast } from './seasonal-model';

const WEEK = 7;

export interface WeekdayProfile {
  /** The history (log scale) with its weekdays' offsets taken out. */
  remove(history: readonly number[]): number[];
  /** A forecast for the days after a history of `historyDays` days, with the offsets put back. */
  restore(forecast: ModelForecast, historyDays: number): ModelForecast;
}

/** The weekday offsets of a log-scale history of at least two weeks (days indexed from its first). */
export function weekdayProfile(history: readonly number[]): WeekdayProfile {
  const n = history.length;
  const centred = history.map((_, i) => {
    const from = Math.min(Math.max(i - 3, 0), n - WEEK);
    return median(history.slice(from, from + WEEK));
  });
  const raw = Array.from({ length: WEEK }, (_, weekday) => {
    const deviations: number[] = [];
    for (let i = weekday; i < n; i += WEEK) deviations.push(history[i] - centred[i]);
    return deviations.length ? median(deviations) : 0;
  });
  const mean = raw.reduce((sum, v) => sum + v, 0) / WEEK;
  const offset = raw.map((v) => v - mean);
  const shift = (values: readonly number[], from: number, sign: number) =>
    values.map((v, i) => v + sign * offset[(from + i) % WEEK]);
  return {
    remove: (y) => shift(y, 0, -1),
    restore: (forecast, historyDays) => {
      const { point, intervals } = forecast;
      if (!intervals) return { ...forecast, point: shift(point, historyDays, 1) };
      const weeks = Math.floor(historyDays / WEEK);
      const widen = intervalMultiplier(weeks + 1, intervals.level) / normalQuantile(0.5 + intervals.level / 2);
      const widened = (bound: number[]) => bound.map((v, h) => point[h] + (v - point[h]) * widen);
      return {
        ...forecast,
        point: shift(point, historyDays, 1),
        intervals: {
          level: intervals.level,
          lower: shift(widened(intervals.lower), historyDays, 1),
          upper: shift(widened(intervals.upper), historyDays, 1),
        },
      };
    },
  };
}
