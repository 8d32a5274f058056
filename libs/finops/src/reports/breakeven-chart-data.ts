// The break-even chart of a recommendation, recomputed from what the recommendation row stores
// (API price per MTok, capex and opex of the month-1 fleet) and the night's volume forecast:
// cumulative API cost against cumulative self-hosted cost, month by month, and where they cross.
import { savingsTimeline } from '../tco/savings-timeline';
import { VolumePath, volumeInMonth } from '../tco/volume-path';

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
  /**
   * A self-hosted side paid by the token (a hosted open-model API): each month's tokens at this price,
   * no capex, and opexUsdPerMonth unused.
   */
  selfHostedUsdPerMTok?: number | null;
  months: number;
}

const cents = (v: number) => Math.round(v * 100) / 100;

export function breakEvenChartData(input: BreakEvenChartInput): BreakEvenChartData {
  // The stored capex and opex already cover the month-1 fleet, so one "deployment" of unknown
  // capacity stands for it: no replicas are added as the volume grows.
  const volume: VolumePath = {
    kind: 'series',
    tokensPerMonth: input.tokensPerMonth.length > 0 ? input.tokensPerMonth : [0],
  };
  const apiUsdPerToken = input.apiUsdPerMTok / 1e6;
  const byToken = input.selfHostedUsdPerMTok ?? null;
  const timeline =
    byToken === null
      ? savingsTimeline(
          {
            volume,
            apiUsdPerToken,
            deployment: {
              capexUsd: input.capexUsd,
              opexUsdPerMonth: input.opexUsdPerMonth,
              capacityTokensPerMonth: null,
            },
          },
          input.months,
        )
      : Array.from({ length: input.months }, (_, i) => {
          const tokens = volumeInMonth(volume, i + 1);
          return { month: i + 1, apiUsd: tokens * apiUsdPerToken, capexUsd: 0, opexUsd: (tokens * byToken) / 1e6 };
        });
  const capexUsd = byToken === null ? input.capexUsd : 0;
  const points: BreakEvenPoint[] = [{ month: 0, cumulativeApiUsd: 0, cumulativeSelfHostedUsd: cents(capexUsd) }];
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
