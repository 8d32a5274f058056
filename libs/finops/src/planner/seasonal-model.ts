// The forecasting engines the planner fits, as plain interfaces: libs/finops reads no files, so the
// worker loads the WASM models (@bsull/augurs MSTL and AutoETS) and hands them in.

export interface ModelForecast {
  point: number[];
  intervals?: { level: number; lower: number[]; upper: number[] } | undefined;
  /**
   * The point had its trend gone on past the days it was read from (regular-log-model.ts ends it
   * there): the monthly interval reaches out to it, as nothing in the history says the trend stops.
   */
  trendGoingOn?: number[] | undefined;
  /**
   * Unusual days the engine was fitted around (regular-log-model.ts): their mean volume per day is
   * in `point` and the bounds; the variance of that volume is not in the bounds.
   */
  unusual?: { days: number; excursionDays: number; excessPerDay: number; excessVariance: number };
}

export interface SeasonalModel {
  fit(y: number[]): void;
  predict(horizon: number, level?: number | null): ModelForecast;
  /** Releases WASM memory; called once the forecast is read. */
  free?(): void;
}

export interface ForecastEngines {
  /** MSTL decomposition with these seasonal periods and an AutoETS trend. */
  mstlEts(periods: number[]): SeasonalModel;
  /** Non-seasonal AutoETS (for histories too short for a weekly season). */
  autoEts(): SeasonalModel;
}
