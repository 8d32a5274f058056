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

/** The months a break-even chart spans. */
export const BREAK_EVEN_CHART_MONTHS = 36;

/**
 * A recommendation's chart from the cumulative spends it stored (month 1 first): exactly the points its
 * savings were summed from, with the self-hosted side's up-front cost at month 0.
 */
export function breakEvenChartFromCumulative(input: {
  apiUsd: readonly number[];
  selfHostedUsd: readonly number[];
  upfrontUsd: number;
}): BreakEvenChartData {
  const months = Math.min(input.apiUsd.length, input.selfHostedUsd.length);
  const points: BreakEvenPoint[] = [
    { month: 0, cumulativeApiUsd: 0, cumulativeSelfHostedUsd: cents(input.upfrontUsd) },
  ];
  for (let m = 1; m <= months; m++) {
    points.push({
      month: m,
      cumulativeApiUsd: cents(input.apiUsd[m - 1]!),
      cumulativeSelfHostedUsd: cents(input.selfHostedUsd[m - 1]!),
    });
  }
  return { points, ...crossing(points) };
}

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
  const apiUsd: number[] = [];
  const selfHostedUsd: number[] = [];
  let api = 0;
  let local = 0;
  for (const m of timeline) {
    api += m.apiUsd;
    local += m.capexUsd + m.opexUsd;
    apiUsd.push(api);
    selfHostedUsd.push(local);
  }
  return breakEvenChartFromCumulative({ apiUsd, selfHostedUsd, upfrontUsd: byToken === null ? input.capexUsd : 0 });
}

/** Where the API's cumulative cost first reaches the self-hosted side's, both accruing linearly within a month. */
function crossing(points: readonly BreakEvenPoint[]): Pick<BreakEvenChartData, 'crossingMonth' | 'crossingUsd'> {
  for (let m = 1; m < points.length; m++) {
    const before = points[m - 1]!;
    const end = points[m]!;
    const apiInMonth = end.cumulativeApiUsd - before.cumulativeApiUsd;
    const gainInMonth = apiInMonth - (end.cumulativeSelfHostedUsd - before.cumulativeSelfHostedUsd);
    if (end.cumulativeApiUsd >= end.cumulativeSelfHostedUsd && gainInMonth > 0) {
      const startGap = before.cumulativeSelfHostedUsd - before.cumulativeApiUsd;
      const fraction = Math.min(1, Math.max(0, startGap / gainInMonth));
      return {
        crossingMonth: Math.round((m - 1 + fraction) * 10) / 10,
        crossingUsd: cents(before.cumulativeApiUsd + fraction * apiInMonth),
      };
    }
  }
  return { crossingMonth: null, crossingUsd: null };
}
