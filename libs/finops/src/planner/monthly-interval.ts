// Prediction intervals for monthly sums that mean what they say. Summing daily bounds treats every
// day's error as the same error (always far too wide); treating days as independent is far too
// narrow (a level that was misjudged stays misjudged all month). Instead the model is refitted at
// earlier origins of the history and its month-ahead sums are compared with what then happened:
// the spread of those log errors, widened with √month for later months and by Student's t for the
// few backtests there are, is the interval. Coverage is measured leave-one-out on the same
// backtests, so it is reported, not assumed.

export interface MonthlyBacktest {
  /** log(actual month sum ÷ forecast month sum) at each origin. */
  logErrors: number[];
  /** Share of backtests whose actual sum fell inside an interval built from the other backtests. */
  coverage: number | null;
}

/** Two-sided Student's t quantiles for 90% (0.95 one-sided), by degrees of freedom. */
const T90 = [Number.NaN, 6.314, 2.92, 2.353, 2.132, 2.015, 1.943, 1.895, 1.86, 1.833, 1.812, 1.796, 1.782];
const Z90 = 1.645;

/** The multiplier on the log-error spread for a two-sided interval at `level` from n backtests. */
export function intervalMultiplier(n: number, level: number): number {
  const z = normalQuantile(0.5 + level / 2);
  const t90 = n - 1 < T90.length ? T90[Math.max(1, n - 1)] : Z90;
  // Scale the 90% t-inflation to other levels: t/z at 90% is the small-sample widening.
  return z * (t90 / Z90);
}

/** Root mean square of the log errors (bias included: a model that is always low is not certain). */
export function logErrorSpread(logErrors: readonly number[]): number {
  if (logErrors.length === 0) return Number.NaN;
  return Math.sqrt(logErrors.reduce((s, e) => s + e * e, 0) / logErrors.length);
}

/** How far month 1's bounds sit from its point, in log scale, below and above it. */
export interface LogHalfWidths {
  below: number;
  above: number;
}

/** Bounds for month `month` (1-based) around `point`: month 1's log half-widths, widened by √month. */
export function monthlyBounds(point: number, month: number, monthOne: LogHalfWidths): { lower: number; upper: number } {
  const widen = Math.sqrt(month);
  return { lower: point * Math.exp(-monthOne.below * widen), upper: point * Math.exp(monthOne.above * widen) };
}

/** Leave-one-out: does each backtest's error fall inside the interval the others would give? */
export function leaveOneOutCoverage(logErrors: readonly number[], level: number): number | null {
  if (logErrors.length < 3) return null;
  let covered = 0;
  for (let i = 0; i < logErrors.length; i++) {
    const others = logErrors.filter((_, j) => j !== i);
    const half = intervalMultiplier(others.length, level) * logErrorSpread(others);
    if (Math.abs(logErrors[i]) <= half) covered++;
  }
  return covered / logErrors.length;
}

/** The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.8013118877183, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}
