// A workload's hourly shape from its hours with usage, as Postgres computed it before the hours were
// read into the client: the busiest hour, the mean over every hour of the span, and the base load,
// the 10th percentile of the hours with usage (percentile_cont's interpolation), or 0 when more than
// a tenth of the span had no usage. Token counts are whole numbers, so every sum is exact in any order.
import { percentileCont } from '@tokenmeter/finops';

/** Peak, mean and base hour of `hours` (each hour's tokens, hours without usage left out) over `span` hours. */
export function hourlyShape(
  hours: readonly number[],
  span: number,
): { peakHourTokens: number; meanHourTokens: number; baseHourTokens: number } {
  let peak = hours.length ? hours[0] : 0;
  let sum = 0;
  for (const t of hours) {
    if (t > peak) peak = t;
    sum += t;
  }
  return {
    peakHourTokens: peak,
    meanHourTokens: sum / span,
    baseHourTokens: hours.length < 0.9 * span ? 0 : percentileCont(hours, 0.1),
  };
}
