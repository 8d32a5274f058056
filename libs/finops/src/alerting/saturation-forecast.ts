// When a deployment's busiest hour will outgrow its capacity: a straight line through the weekly
// peaks (the busiest hour of each of the last weeks, in tokens/s), with a 90% prediction interval,
// walked forward to the first week each of low / mid / high reaches the capacity. Weekly peaks,
// not daily, so weekends do not read as a trend.

export interface SaturationForecast {
  /** Weekly peaks the line was fitted on, oldest first (tokens/s). */
  weeklyPeaks: number[];
  capacityTokensPerSec: number;
  /** Weeks until the central forecast reaches the capacity (0 = already); null = not within the horizon. */
  weeksUntil: number | null;
  /** YYYY-MM of the central, earliest (upper bound) and latest (lower bound) crossing; null = beyond the horizon. */
  month: string | null;
  earliestMonth: string | null;
  latestMonth: string | null;
  /** Peak growth per week (tokens/s). */
  slopePerWeek: number;
}

export const SATURATION_HORIZON_WEEKS = 104;
const Z90 = 1.645;
const MIN_WEEKS = 3;

const monthAfterWeeks = (asOf: string, weeks: number) => {
  const d = new Date(`${asOf}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + weeks * 7);
  return d.toISOString().slice(0, 7);
};

/** Weekly maxima of daily busiest hours (tokens/s), whole weeks ending on `asOf`, oldest first. */
export function weeklyPeaks(daily: { day: string; tokensPerSec: number }[], asOf: string, weeks: number): number[] {
  const end = Date.parse(`${asOf}T00:00:00Z`);
  const peaks = new Array<number | null>(weeks).fill(null);
  for (const { day, tokensPerSec } of daily) {
    const back = Math.floor((end - Date.parse(`${day}T00:00:00Z`)) / 86_400_000 / 7);
    if (back < 0 || back >= weeks) continue;
    const i = weeks - 1 - back;
    peaks[i] = Math.max(peaks[i] ?? 0, tokensPerSec);
  }
  // Weeks before the first with traffic are not part of the history (a new deployment).
  const first = peaks.findIndex((p) => p !== null);
  return first < 0 ? [] : peaks.slice(first).map((p) => p ?? 0);
}

export function forecastSaturation(
  peaks: number[],
  capacityTokensPerSec: number,
  asOf: string,
): SaturationForecast | null {
  const n = peaks.length;
  if (n < MIN_WEEKS || !(capacityTokensPerSec > 0)) return null;
  const xs = peaks.map((_, i) => i - (n - 1)); // the last week is x = 0
  const xBar = xs.reduce((a, b) => a + b, 0) / n;
  const yBar = peaks.reduce((a, b) => a + b, 0) / n;
  const sxx = xs.reduce((a, x) => a + (x - xBar) ** 2, 0);
  const slope = xs.reduce((a, x, i) => a + (x - xBar) * (peaks[i] - yBar), 0) / sxx;
  const intercept = yBar - slope * xBar;
  const residual = peaks.reduce((a, y, i) => a + (y - (intercept + slope * xs[i])) ** 2, 0);
  const s = Math.sqrt(residual / Math.max(1, n - 2));
  const band = (x: number) => Z90 * s * Math.sqrt(1 + 1 / n + (x - xBar) ** 2 / sxx);
  const firstWeek = (at: (x: number) => number) => {
    for (let w = 0; w <= SATURATION_HORIZON_WEEKS; w++) if (at(w) >= capacityTokensPerSec) return w;
    return null;
  };
  const mid = peaks[n - 1] >= capacityTokensPerSec ? 0 : firstWeek((x) => intercept + slope * x);
  const early = firstWeek((x) => intercept + slope * x + band(x));
  const late = firstWeek((x) => intercept + slope * x - band(x));
  const month = (w: number | null) => (w === null ? null : monthAfterWeeks(asOf, w));
  return {
    weeklyPeaks: peaks.map((p) => Math.round(p * 100) / 100),
    capacityTokensPerSec,
    weeksUntil: mid,
    month: month(mid),
    earliestMonth: month(early === null ? mid : Math.min(early, mid ?? early)),
    latestMonth: month(late),
    slopePerWeek: Math.round(slope * 1000) / 1000,
  };
}

/** Twelve weeks of peaks: a quarter, long enough for a trend, short enough to follow a change. */
export const SATURATION_WEEKS = 12;

export interface DeploymentSaturation extends SaturationForecast {
  deployment: string;
  team: string;
  basis: string;
}

/**
 * Every deployment's saturation forecast as of `asOf`, from its busiest hour per day over the last
 * SATURATION_WEEKS weeks and its capacity (`capacityOf`, one function so the figure can change).
 */
export function deploymentSaturations<D extends { name: string; team: string }>(
  deployments: D[],
  busiestHours: { deployment: string; day: string; tokens: number; outputTokens: number }[],
  asOf: string,
  capacityOf: (d: D) => { tokensPerSec: number; basis: 'all-tokens' | 'output-tokens' } | null,
): DeploymentSaturation[] {
  const out: DeploymentSaturation[] = [];
  for (const d of deployments) {
    const capacity = capacityOf(d);
    if (!capacity) continue;
    const daily = busiestHours
      .filter((b) => b.deployment === d.name)
      .map((b) => ({ day: b.day, tokensPerSec: (capacity.basis === 'all-tokens' ? b.tokens : b.outputTokens) / 3600 }));
    const forecast = forecastSaturation(weeklyPeaks(daily, asOf, SATURATION_WEEKS), capacity.tokensPerSec, asOf);
    if (forecast) out.push({ ...forecast, deployment: d.name, team: d.team, basis: capacity.basis });
  }
  return out;
}
