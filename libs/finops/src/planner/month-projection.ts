// One month of a volume forecast, and the month the forecasts count in (a year's twelfth).

export const DAYS_PER_MONTH = 365.25 / 12;

export interface MonthProjection {
  month: number;
  tokens: number;
  lower: number;
  upper: number;
}

/** Days in month m (1-based) of a projection that starts the day after its history. */
export function daysInMonth(month: number): number {
  return Math.floor(month * DAYS_PER_MONTH) - Math.floor((month - 1) * DAYS_PER_MONTH);
}

/** Month m's days (1-based) of a daily forecast that starts after its history, summed; negative days count as 0. */
export function monthSum(daily: readonly number[], month: number): number {
  let sum = 0;
  const to = Math.min(Math.floor(month * DAYS_PER_MONTH), daily.length);
  for (let day = Math.floor((month - 1) * DAYS_PER_MONTH); day < to; day++) sum += Math.max(0, daily[day]);
  return sum;
}
