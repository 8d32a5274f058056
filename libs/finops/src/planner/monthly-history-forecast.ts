// A forecast from a few monthly totals (what a person has at hand for `tokenmeter recommend`): a
// log-linear trend through the months, and an interval from how far the months sit from that trend,
// widened by Student's t for the few points and with √month further out. One month, or equal
// months, is a flat volume with no spread: the person said it is flat. A trend seen over a few months
// is followed for a year at most and then held: nobody should buy hardware on a compounding guess.

import type { MonthProjection } from './month-projection';
import { intervalMultiplier, monthlyBounds } from './monthly-interval';

const TREND_MONTHS = 12;

export interface MonthlyHistoryForecast {
  months: MonthProjection[];
  monthlyGrowth: number;
  method: 'flat' | 'log-linear-trend';
}

export function forecastFromMonthlyHistory(history: readonly number[], horizonMonths = 36): MonthlyHistoryForecast {
  const positive = history.filter((v) => v > 0);
  const last = history[history.length - 1] ?? 0;
  if (positive.length < 2 || positive.every((v) => v === positive[0])) {
    const months = Array.from({ length: horizonMonths }, (_, i) => ({
      month: i + 1,
      tokens: last,
      lower: last,
      upper: last,
    }));
    return { months, monthlyGrowth: 0, method: 'flat' };
  }
  const ys = positive.map(Math.log);
  const n = ys.length;
  const xs = ys.map((_, i) => i);
  const mx = (n - 1) / 2;
  const my = ys.reduce((s, v) => s + v, 0) / n;
  const sxx = xs.reduce((s, x) => s + (x - mx) ** 2, 0);
  const slope = xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0) / sxx;
  const residuals = ys.map((y, i) => y - (my + slope * (i - mx)));
  // Two points fit any line exactly: their spread is taken as the change between them.
  const spread = n > 2 ? Math.sqrt(residuals.reduce((s, r) => s + r * r, 0) / (n - 2)) : Math.abs(ys[1] - ys[0]) / 2;
  const half = intervalMultiplier(Math.max(2, n - 1), 0.9) * spread;
  const base = Math.exp(my + slope * (n - 1 - mx));
  const months = Array.from({ length: horizonMonths }, (_, i) => {
    const tokens = base * Math.exp(slope * Math.min(i + 1, TREND_MONTHS));
    return { month: i + 1, tokens, ...monthlyBounds(tokens, i + 1, { below: half, above: half }) };
  });
  return { months, monthlyGrowth: Math.exp(slope) - 1, method: 'log-linear-trend' };
}
