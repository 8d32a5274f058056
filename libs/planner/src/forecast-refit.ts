// Which scopes a night fits afresh, and how an earlier fit is carried forward for the others.
// A full fit (two model fits per scope: the backtest and the projection) is the chain's costliest
// work; a scope's model barely moves from one day to the next, so each scope is fitted fully once a
// week, on a weekday of its own (spreading the fits evenly over the nights), and in between its
// projection is carried forward a day at a time. It is refitted at once when its last week of
// volume leaves the carried projection's interval, when its history is short (the method itself
// changes as days accrue), or when no earlier fit exists. forecast-refit.spec.ts backtests this
// against fitting every night.
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
  const lastWeek = history.slice(-7).reduce((sum, v) => sum + v, 0);
  const month = previous.months[0];
  if (!month) return 'weekly fit';
  // A week's share of the month, with the interval's half-widths widened by √(month/week): a
  // week's relative spread is larger than a month's (the sums of fewer days).
  const scale = 7 / DAYS_PER_MONTH;
  const widen = Math.sqrt(DAYS_PER_MONTH / 7);
  const expected = month.tokens * scale;
  const lower = expected - (month.tokens - month.lower) * scale * widen;
  const upper = expected + (month.upper - month.tokens) * scale * widen;
  if (lastWeek < lower || lastWeek > upper) return 'volume left the interval';
  return null;
}

/** The weekday (0–6, days since 1970 modulo 7) a scope is fitted fully on: a stable hash of its key. */
export function fullFitWeekday(scopeKey: string): number {
  let hash = 2_166_136_261;
  for (let i = 0; i < scopeKey.length; i++) hash = Math.imul(hash ^ scopeKey.charCodeAt(i), 16_777_619);
  return (hash >>> 0) % FULL_FIT_EVERY_DAYS;
}

const CARRIED_NOTE = /^fitted on \d{4}-\d{2}-\d{2} and carried forward/;

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
  return {
    ...previous,
    historyDays: previous.historyDays + 1,
    months: slid,
    notes: [
      ...previous.notes.filter((note) => !CARRIED_NOTE.test(note)),
      `fitted on ${previous.fittedOn} and carried forward (each scope is fitted fully once a week)`,
    ],
  };
}
