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
