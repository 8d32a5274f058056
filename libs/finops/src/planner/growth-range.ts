// How fast an organization's established scopes grow or shrink, for the scopes too young to tell. A
// few days show a level but no trend, and a forecast that assumes none is sure of month 12 only by
// accident: a young team growing 25 % a month ends the year at nearly fifteen times where it began. So the
// young scope's interval admits the growth its organization's established scopes show. Rates are
// monthly and in log scale: ln(next month ÷ this month).
import { percentileCont } from '../statistics/percentile';
import { daysInMonth } from './month-projection';

export interface GrowthRange {
  /** The lowest and the highest monthly log rate expected: down ≤ 0 ≤ up. */
  down: number;
  up: number;
  /** Established scopes the range was read from; 0 for the default range. */
  scopes: number;
  /** The night whose forecasts it was read from (YYYY-MM-DD), when not the night before. */
  night?: string;
  /** The default range stands because the newest night forecast (`night`) is too old to go by. */
  stale?: boolean;
}

/** A night's forecasts older than this say too little about tonight's growth: the default range stands. */
export const GROWTH_RANGE_MAX_AGE_DAYS = 31;

/** Fewer established scopes than this say too little about the rest: the default range stands. */
export const MIN_GROWTH_SCOPES = 5;

/** Established: forecast by the seasonal model, which takes eight weeks of history (volume-forecast.ts). */
const ESTABLISHED_METHOD = 'mstl-ets';

/** Until MIN_GROWTH_SCOPES scopes are established: −10 % to +25 % a month, the range of the demo's teams. */
export const DEFAULT_GROWTH_RANGE: GrowthRange = { down: Math.log(0.9), up: Math.log(1.25), scopes: 0 };

/** A forecast as stored: how it was made, and its months' points. */
export interface StoredForecast {
  method: string;
  months: ReadonlyArray<{ month: number; tokens: number }>;
}

/**
 * The range of the established forecasts' growth (a day of month 3 against one of month 1, as a rate a
 * month) at `level`: their (1 − level) / 2 and (1 + level) / 2 quantiles, widened to include no growth at
 * all. Fewer than MIN_GROWTH_SCOPES established forecasts: the default range.
 */
export function growthRangeOf(forecasts: readonly StoredForecast[], level: number): GrowthRange {
  const rates: number[] = [];
  for (const forecast of forecasts) {
    if (forecast.method !== ESTABLISHED_METHOD) continue;
    const first = dailyTokens(forecast, 1);
    const third = dailyTokens(forecast, 3);
    if (first > 0 && third > 0) rates.push(Math.log(third / first) / 2);
  }
  if (rates.length < MIN_GROWTH_SCOPES) return DEFAULT_GROWTH_RANGE;
  return {
    down: Math.min(0, percentileCont(rates, (1 - level) / 2)),
    up: Math.max(0, percentileCont(rates, (1 + level) / 2)),
    scopes: rates.length,
  };
}

/** The growth range as people read it: "−10 % to +25 % a month". */
export function describeGrowthRange(range: GrowthRange): string {
  const percent = (rate: number) => {
    const value = Math.round((Math.exp(rate) - 1) * 100);
    return value > 0 ? `+${value} %` : value < 0 ? `−${-value} %` : '0 %';
  };
  return `${percent(range.down)} to ${percent(range.up)} a month`;
}

/** A day's tokens in month `month` of a forecast (months are 30 or 31 days long); 0 when it has no such month. */
function dailyTokens(forecast: StoredForecast, month: number): number {
  const found = forecast.months.find((m) => m.month === month);
  return found ? found.tokens / daysInMonth(month) : 0;
}
