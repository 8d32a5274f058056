// The forecast of a history too short for a model (under two weeks, or the days since a step): the
// flat daily mean. What a few days say about later months is little, and the interval says so. It is
// built in log scale, as volume varies (a day at half the level is as far off as one at double): the
// month's level is known only as well as n days tell it (s²/n, by Student's t over n − 1 degrees of
// freedom), that error grows as √month like the backtested models' (monthly-interval.ts), since a
// level read from a few days drifts, and the month's own days add their scatter (s²/days). A flat
// mean under the z quantile held its own month-1 interval for 35–60 % of young growing scopes and
// month 12's for none (bench:forecast's shapes, 5–13 days).
import { daysInMonth, type MonthProjection } from './month-projection';
import { intervalMultiplier, normalQuantile } from './monthly-interval';

/** `history` is oldest first and starts at the first day with volume; `level` is e.g. 0.9. */
export function flatMeanMonths(history: readonly number[], horizonMonths: number, level: number): MonthProjection[] {
  const n = history.length;
  const mean = n === 0 ? 0 : history.reduce((a, b) => a + b, 0) / n;
  const { variance, multiplier } = logScatter(history, mean, level);
  const months: MonthProjection[] = [];
  for (let month = 1; month <= horizonMonths; month++) {
    const days = daysInMonth(month);
    const tokens = mean * days;
    const half = multiplier * Math.sqrt((variance * month) / Math.max(1, n) + variance / days);
    months.push({ month, tokens, lower: tokens * Math.exp(-half), upper: tokens * Math.exp(half) });
  }
  return months;
}

/**
 * The days' variance in log scale and the quantile to scale it by. A day at zero has no logarithm:
 * then, and for a single day (no scatter to measure: taken as a standard deviation equal to the
 * mean), the variance is the log-normal one with the days' mean and variance, under z.
 */
function logScatter(history: readonly number[], mean: number, level: number) {
  const n = history.length;
  if (n >= 2 && history.every((day) => day > 0)) {
    const logs = history.map(Math.log);
    const logMean = logs.reduce((a, b) => a + b, 0) / n;
    const variance = logs.reduce((a, b) => a + (b - logMean) ** 2, 0) / (n - 1);
    return { variance, multiplier: intervalMultiplier(n, level) };
  }
  const squares = n < 2 || mean === 0 ? mean * mean : history.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  const variance = mean > 0 ? Math.log(1 + squares / (mean * mean)) : 0;
  return { variance, multiplier: n < 2 ? normalQuantile(0.5 + level / 2) : intervalMultiplier(n, level) };
}
