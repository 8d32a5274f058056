// Which scopes a night fits afresh, and how an earlier fit is carried forward for the others.
// A full fit (the projection, plus a month-ahead backtest at each calendar origin not backtested
// before: one or two model fits per scope, nine on its first night) is the chain's costliest work; a
// scope's model barely moves from one day to the next, so each scope is fitted fully once a week, on
// a weekday of its own (spreading the fits evenly over the nights), and in between its projection is
// carried forward a day at a time. It is refitted at once when its last week of volume leaves the
// carried projection's interval (moved back along its trend to that week, and widened by the week's
// own noise: lastWeekBounds), when its history is short (the method itself changes as days accrue),
// or when no earlier fit exists. forecast-refit.spec.ts backtests this against fitting every night.
import { addDays, daysFrom } from '@tokenmeter/contracts';
import { DAYS_PER_MONTH, type MonthProjection } from '@tokenmeter/finops';

/** Days between two full fits of one scope. */
export const FULL_FIT_EVERY_DAYS = 7;

/** What a carried-forward forecast needs of the previous night's. */
export interface CarriedForecast {
  method: string;
  historyDays: number;
  months: MonthProjection[];
  notes: string[];
  /** The night the model was fitted on. */
  fittedOn: string;
}

/** Why the scope needs a full fit tonight, or null when yesterday's fit can be carried forward. */
export function fullFitReason(
  scopeKey: string,
  night: string,
  previous: (CarriedForecast & { runDate: string }) | undefined,
  history: readonly number[],
): string | null {
  if (!previous) return 'no fit from the night before';
  if (previous.runDate !== addDays(night, -1)) return 'no fit from the night before';
  if (previous.method !== 'mstl-ets') return 'short history';
  if (daysFrom(previous.fittedOn, night) >= FULL_FIT_EVERY_DAYS) return 'weekly fit';
  if (fullFitWeekday(scopeKey) === daysFrom('1970-01-01', night) % FULL_FIT_EVERY_DAYS) return 'weekly fit';
  const month = previous.months[0];
  if (!month) return 'weekly fit';
  const { lower, upper } = lastWeekBounds(previous.months, history);
  const lastWeek = history.slice(-WEEK).reduce((sum, v) => sum + v, 0);
  if (lastWeek < lower || lastWeek > upper) return 'volume left the interval';
  return null;
}

const WEEK = 7;
/** z of a two-sided 90% interval: the forecasts' own level. */
const Z90 = 1.645;
/** Weeks before the last one whose sums measure a scope's week-to-week noise. */
const NOISE_WEEKS = 8;
/** Days in a forecast's first three months (toMonths' boundaries): 91, thirteen whole weeks. */
const QUARTER_DAYS = Math.floor(3 * DAYS_PER_MONTH);

/**
 * Where the last week's volume is expected to fall, from yesterday's forecast (whose day 0 is
 * tonight). A month of 30 or 31 days holds a weekday or two more or less than its share, and a
 * trend moves its rate, so the expected daily rate is taken from the first three months (91 days:
 * 13 whole weeks) and moved back along the trend to the next three (13 weeks more) to the last
 * week's middle, 48 days before theirs. Otherwise a growing scope's week sits below its coming
 * months on every night. The week's sum also varies more than a month's: its own noise (measured on
 * the weeks before it) is added to the forecast's interval, a month's widened by √(month/week).
 */
export function lastWeekBounds(
  months: readonly Pick<MonthProjection, 'tokens' | 'lower' | 'upper'>[],
  history: readonly number[],
): { expected: number; lower: number; upper: number } {
  const month = months[0];
  const scale = WEEK / DAYS_PER_MONTH;
  const widen = Math.sqrt(DAYS_PER_MONTH / WEEK);
  let expected = month.tokens * scale;
  if (months.length >= 6) {
    const sum = (from: number) => months.slice(from, from + 3).reduce((total, m) => total + m.tokens, 0);
    const rate = sum(0) / QUARTER_DAYS;
    const slopePerDay = (sum(3) - sum(0)) / QUARTER_DAYS / QUARTER_DAYS;
    expected = Math.max(0, rate - slopePerDay * ((QUARTER_DAYS - 1) / 2 + (WEEK - 1) / 2)) * WEEK;
  }
  const relative = month.tokens > 0 ? expected / month.tokens : 0;
  const noise = Z90 * weekNoise(history) * expected;
  const below = Math.hypot((month.tokens - month.lower) * relative * widen, noise);
  const above = Math.hypot((month.upper - month.tokens) * relative * widen, noise);
  return { expected, lower: expected - below, upper: expected + above };
}

/**
 * A week's relative noise: each of the weeks before the last against the mean of its two neighbours
 * (which cancels a linear trend), root mean square, ÷ √1.5 (the neighbours' mean carries noise too).
 * 0 when fewer than three such weeks have volume.
 */
export function weekNoise(history: readonly number[]): number {
  const weeks: number[] = [];
  for (let k = 1; k <= NOISE_WEEKS; k++) {
    const end = history.length - k * WEEK;
    if (end - WEEK < 0) break;
    weeks.push(history.slice(end - WEEK, end).reduce((sum, v) => sum + v, 0));
  }
  const ratios: number[] = [];
  for (let i = 1; i + 1 < weeks.length; i++) {
    const around = (weeks[i - 1] + weeks[i + 1]) / 2;
    if (weeks[i] > 0 && around > 0) ratios.push(weeks[i] / around - 1);
  }
  if (ratios.length < 3) return 0;
  return Math.sqrt(ratios.reduce((sum, r) => sum + r * r, 0) / ratios.length / 1.5);
}

/** The weekday (0–6, days since 1970 modulo 7) a scope is fitted fully on: a stable hash of its key. */
export function fullFitWeekday(scopeKey: string): number {
  return scopeHash(scopeKey) % FULL_FIT_EVERY_DAYS;
}

/** Days between two month-ahead backtest origins (libs/finops month-ahead-backtest.ts). */
export const BACKTEST_ORIGIN_EVERY_DAYS = 14;

/**
 * The phase of a scope's backtest origins (0–13): its own, so that the nights on which a new origin
 * needs a model fit are spread over a fortnight rather than all falling on one night. Taken from other
 * bits of the hash than the weekday, so the two do not move in step.
 */
export function backtestOriginPhase(scopeKey: string): number {
  return Math.floor(scopeHash(scopeKey) / FULL_FIT_EVERY_DAYS) % BACKTEST_ORIGIN_EVERY_DAYS;
}

/** FNV-1a of the key, unsigned. */
function scopeHash(scopeKey: string): number {
  let hash = 2_166_136_261;
  for (let i = 0; i < scopeKey.length; i++) hash = Math.imul(hash ^ scopeKey.charCodeAt(i), 16_777_619);
  return hash >>> 0;
}

const CARRIED_NOTE = /^fitted on \d{4}-\d{2}-\d{2} and carried forward/;
/** A note that quotes a volume ("month 1's 509.7M"): its figure is the fit's, not tonight's months'. */
const QUOTES_VOLUME = /\d[KMB]\b/;

/**
 * Yesterday's forecast moved on by a day: each month's totals slide a day towards the next
 * month's (the last month continues its own slope), one more day of history, and a note saying
 * which night's fit it is.
 */
export function carryForward<T extends CarriedForecast>(previous: T): T {
  const { months } = previous;
  const step = 1 / DAYS_PER_MONTH;
  const slid = months.map((m, i) => {
    const next = months[i + 1] ?? {
      tokens: 2 * m.tokens - (months[i - 1]?.tokens ?? m.tokens),
      lower: 2 * m.lower - (months[i - 1]?.lower ?? m.lower),
      upper: 2 * m.upper - (months[i - 1]?.upper ?? m.upper),
    };
    const tokens = Math.max(0, m.tokens + (next.tokens - m.tokens) * step);
    const lower = Math.max(0, m.lower + (next.lower - m.lower) * step);
    const upper = Math.max(0, m.upper + (next.upper - m.upper) * step);
    return { month: m.month, tokens, lower: Math.min(lower, tokens), upper: Math.max(upper, tokens) };
  });
  const notes = previous.notes.filter((note) => !CARRIED_NOTE.test(note));
  const quoted = notes.some((note) => QUOTES_VOLUME.test(note)) ? ": the volumes the notes quote are that fit's" : '';
  return {
    ...previous,
    historyDays: previous.historyDays + 1,
    months: slid,
    notes: [
      ...notes,
      `fitted on ${previous.fittedOn} and carried forward (each scope is fitted fully once a week)${quoted}`,
    ],
  };
}
