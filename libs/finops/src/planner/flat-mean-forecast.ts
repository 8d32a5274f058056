// The forecast of a history too short for a model (under two weeks, or the days since a step): the
// flat daily mean. What a few days say about later months is little, and the interval says so. It is
// built in log scale, as volume varies (a day at half the level is as far off as one at double): the
// month's level is known only as well as n days tell it (s²/n, widened by Student's t for n − 1 degrees
// of freedom), that error grows as √month like the backtested models' (monthly-interval.ts), since a
// level read from a few days drifts, and the month's own days add their scatter (s²/days). A few days
// show no trend, so the interval also admits the growth the organization's established scopes show
// (growth-range.ts), from the days' middle to the month's: without it, ten days held month 12 for none
// of 40 young scopes growing 25 % or shrinking 10 % a month; with a range of −12 % to +28 %, for 90 %
// or more (flat-mean-forecast.spec.ts).
import { DEFAULT_GROWTH_RANGE, type GrowthRange } from './growth-range';
import { DAYS_PER_MONTH, daysInMonth, type MonthProjection } from './month-projection';
import { intervalMultiplier, normalQuantile } from './monthly-interval';

/**
 * `history` is oldest first and starts at the first day with volume; `level` is e.g. 0.9; `growth`: the
 * monthly rates the organization's established scopes span at that level.
 */
export function flatMeanMonths(
  history: readonly number[],
  horizonMonths: number,
  level: number,
  growth: GrowthRange = DEFAULT_GROWTH_RANGE,
): MonthProjection[] {
  const n = history.length;
  const mean = n === 0 ? 0 : history.reduce((a, b) => a + b, 0) / n;
  const { variance, multiplier } = logScatter(history, mean, level);
  const months: MonthProjection[] = [];
  for (let month = 1; month <= horizonMonths; month++) {
    const days = daysInMonth(month);
    const tokens = mean * days;
    const half = multiplier * Math.sqrt((variance * month) / Math.max(1, n) + variance / days);
    // Months from the days' middle, where the mean was measured, to this month's middle.
    const elapsed = (n / 2 + (month - 0.5) * DAYS_PER_MONTH) / DAYS_PER_MONTH;
    const below = Math.hypot(half, growth.down * elapsed);
    const above = Math.hypot(half, growth.up * elapsed);
    months.push({ month, tokens, lower: tokens * Math.exp(-below), upper: tokens * Math.exp(above) });
  }
  return months;
}

/**
 * The days' variance in log scale and the quantile to scale it by (Student's t for n − 1 degrees of
 * freedom, as its 90 % ratio to z scales to other levels: intervalMultiplier). A day at zero has no
 * logarithm: then the variance is the log-normal one with the days' mean and variance. A single day,
 * or days all alike, measure no scatter: the day is taken to vary by as much as its mean, under z (a
 * month-12 interval of zero width for ten identical days would say more than ten days can).
 */
function logScatter(history: readonly number[], mean: number, level: number) {
  const n = history.length;
  if (n >= 2 && history.every((day) => day > 0)) {
    const logs = history.map(Math.log);
    const logMean = logs.reduce((a, b) => a + b, 0) / n;
    const variance = logs.reduce((a, b) => a + (b - logMean) ** 2, 0) / (n - 1);
    if (variance > 0) return { variance, multiplier: intervalMultiplier(n, level) };
  }
  const squares = n < 2 || mean === 0 ? mean * mean : history.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  if (n < 2 || squares === 0)
    return { variance: mean > 0 ? Math.log(2) : 0, multiplier: normalQuantile(0.5 + level / 2) };
  return { variance: Math.log(1 + squares / (mean * mean)), multiplier: intervalMultiplier(n, level) };
}
