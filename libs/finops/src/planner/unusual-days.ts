// Days that do not look like the rest of a volume history: a burst (a batch job, a load test, a
// retry storm) or an outage. Fitted as they are, one such day at the end of the history moves a
// smoothing model's level and trend, and the forecast carries that step for years. A day is
// unusual when it is further from its expected value (a 7-day rolling median times its weekday's
// index, so weekends are not unusual) than UNUSUAL_SPREADS robust standard deviations of the
// relative day-to-day scatter, and by at least MIN_UNUSUAL_DEVIATION. It is replaced by its
// expected value, and the volume it added or lacked is kept aside as a per-day mean and variance,
// to be added back to the forecast. The days of an excursion (level-changes.ts), a week or two away
// from the usual level, are moved back to it before the rest is judged; what they lacked is not added
// back (a holiday or a long outage is not expected every month).
import { median, ROBUST_SD_PER_MAD } from '../statistics';
import type { Excursion } from './level-changes';

export interface SeparatedHistory {
  /** The history with each unusual day replaced by its expected value. */
  regular: number[];
  /** How many days were replaced, excursions' days not counted. */
  unusualDays: number;
  /** How many days of excursions were moved back to the level around them. */
  excursionDays: number;
  /** Mean over every day of (actual − regular), excursions' days as 0: the volume bursts add on an average day. */
  excessPerDay: number;
  /** Variance of the same. */
  excessVariance: number;
}

/** Robust standard deviations from its expected value beyond which a day is unusual. */
export const UNUSUAL_SPREADS = 3.5;
/** And at least this far from it (relative): in a nearly noiseless history, a few percent is not a burst. */
export const MIN_UNUSUAL_DEVIATION = 0.2;
const WINDOW = 7;

export function separateUnusualDays(
  history: readonly number[],
  excursions: readonly Excursion[] = [],
): SeparatedHistory {
  const n = history.length;
  const none = { regular: history.slice(), unusualDays: 0, excursionDays: 0, excessPerDay: 0, excessVariance: 0 };
  if (n < 2 * WINDOW) return none;
  const regular = history.slice();
  const away = new Array<boolean>(n).fill(false);
  for (const { from, to, factor } of excursions) {
    for (let i = from; i < to; i++) [regular[i], away[i]] = [history[i] * factor, true];
  }
  const excursionDays = away.filter(Boolean).length;
  // The window is kept inside the history, so the last days are judged against the last week.
  const level = regular.map((_, i) => {
    const from = clamp(i - 3, 0, n - WINDOW);
    return median(regular.slice(from, from + WINDOW));
  });
  const weekdayIndex = Array.from({ length: WINDOW }, (_, weekday) => {
    const ratios: number[] = [];
    for (let i = n - 1 - weekday; i >= 0; i -= WINDOW) if (level[i] > 0) ratios.push(regular[i] / level[i]);
    return ratios.length ? median(ratios) : 1;
  });
  const expected = level.map((value, i) => value * weekdayIndex[(n - 1 - i) % WINDOW]);
  const deviation = regular.map((value, i) => (expected[i] > 0 ? value / expected[i] - 1 : 0));
  const threshold = Math.max(
    UNUSUAL_SPREADS * ROBUST_SD_PER_MAD * median(deviation.map(Math.abs)),
    MIN_UNUSUAL_DEVIATION,
  );
  for (let i = 0; i < n; i++) {
    if (Math.abs(deviation[i]) > threshold) regular[i] = expected[i];
  }
  const unusualDays = regular.filter((value, i) => !away[i] && value !== history[i]).length;
  if (unusualDays + excursionDays === 0) return none;
  const excess = history.map((value, i) => (away[i] ? 0 : value - regular[i]));
  const excessPerDay = excess.reduce((sum, e) => sum + e, 0) / n;
  const excessVariance = excess.reduce((sum, e) => sum + (e - excessPerDay) ** 2, 0) / Math.max(1, n - 1);
  return { regular, unusualDays, excursionDays, excessPerDay, excessVariance };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}
