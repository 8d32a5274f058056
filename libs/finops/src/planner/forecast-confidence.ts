// How much a volume forecast can be trusted: the mean absolute percentage error of the daily
// predictions of its newest month-ahead backtest (the 30 days after the newest backtest origin, which
// end 0–13 days before the night; a history too short for one is backtested on its last 28 days),
// turned into a level FinOps reads.

export type ForecastConfidence = 'high' | 'medium' | 'low';

/** Days held out by the fallback backtest of a history too short for a month-ahead one. */
export const BACKTEST_DAYS = 28;

/** MAPE below these percentages is high / medium confidence; anything else is low. */
export const CONFIDENCE_MAPE_PCT = { high: 15, medium: 35 } as const;

/** Mean absolute percentage error over the days with actual volume; null when none had any. */
export function meanAbsolutePercentageError(actual: readonly number[], predicted: readonly number[]): number | null {
  let sum = 0;
  let days = 0;
  for (let i = 0; i < actual.length; i++) {
    if (actual[i] <= 0) continue; // a percentage of nothing is undefined
    sum += Math.abs(actual[i] - predicted[i]) / actual[i];
    days++;
  }
  return days === 0 ? null : (sum / days) * 100;
}

export function confidenceFromMape(mapePct: number | null): ForecastConfidence {
  if (mapePct === null) return 'low';
  if (mapePct < CONFIDENCE_MAPE_PCT.high) return 'high';
  if (mapePct < CONFIDENCE_MAPE_PCT.medium) return 'medium';
  return 'low';
}
