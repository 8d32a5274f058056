// The forecasting engines the planner fits, as plain interfaces: libs/finops reads no files, so the
// worker loads the WASM models (@bsull/augurs MSTL and AutoETS) and hands them in.

export interface ModelForecast {
  point: number[];
  intervals?: { level: number; lower: number[]; upper: number[] } | undefined;
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
