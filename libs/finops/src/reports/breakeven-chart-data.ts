// The break-even chart of a recommendation, recomputed from what the recommendation row stores
// (API price per MTok, capex and opex of the month-1 fleet) and the night's volume forecast:
// cumulative API cost against cumulative self-hosted cost, month by month, and where they cross.
import { savingsTimeline } from '../tco/savings-timeline';

export interface BreakEvenPoint {
  month: number;
  cumulativeApiUsd: number;
  cumulativeSelfHostedUsd: number;
}

export interface BreakEvenChartData {
  points: BreakEvenPoint[];
  /**
   * Fractional month where cumulative API cost first reaches cumulative self-hosted cost; null if not within the
   * horizon.
   */
  crossingMonth: number | null;
  crossingUsd: number | null;
}

export interface BreakEvenChartInput {
  /** Forecast tokens per month, month 1 first (the last value holds after the series ends). */
  tokensPerMonth: readonly number[];
  apiUsdPerMTok: number;
  capexUsd: number;
  opexUsdPerMonth: number;
  months: number;
}

const cents = (v: number) => Math.round(v * 100) / 100;

export function breakEvenChartData(input: BreakEvenChartInput): BreakEvenChartData {
  // The stored capex and opex already cover the month-1 fleet, so one "deployment" of unknown
  // capacity stands for it: no replicas are added as the volume grows.
  const timeline = savingsTimeline(
    {
      volume: { kind: 'series', tokensPerMonth: input.tokensPerMonth.length > 0 ? input.tokensPerMonth : [0] },
      apiUsdPerToken: input.apiUsdPerMTok / 1e6,
      deployment: { capexUsd: input.capexUsd, opexUsdPerMonth: input.opexUsdPerMonth, capacityTokensPerMonth: null },
    },
    input.months,
  );
  const points: BreakEvenPoint[] = [{ month: 0, cumulativeApiUsd: 0, cumulativeSelfHostedUsd: cents(input.capexUsd) }];
  let api = 0;
  let local = 0;
  let crossingMonth: number | null = null;
  let crossingUsd: number | null = null;
  for (const m of timeline) {
    const before = { api, local };
    api += m.apiUsd;
    local += m.capexUsd + m.opexUsd;
    if (crossingMonth === null && api >= local && m.apiUsd > m.opexUsd) {
      // Within a month both accrue linearly: solve for the fraction where they meet.
      const startGap = before.local + m.capexUsd - before.api;
      const fraction = Math.min(1, Math.max(0, startGap / (m.apiUsd - m.opexUsd)));
      crossingMonth = Math.round((m.month - 1 + fraction) * 10) / 10;
      crossingUsd = cents(before.api + fraction * m.apiUsd);
    }
    points.push({ month: m.month, cumulativeApiUsd: cents(api), cumulativeSelfHostedUsd: cents(local) });
  }
  return { points, crossingMonth, crossingUsd };
}
