import type { ReportRecommendation } from '@tokenmeter/finops';
import { describe, expect, it } from 'vitest';
import { breakEvenChart } from './report-charts';

/** A recommendation's chart: the API at $100 a month against the option's `monthly` after `upFront`. */
function recommendation(upFront: number, monthly: number): ReportRecommendation {
  const points = Array.from({ length: 13 }, (_, month) => ({
    month,
    cumulativeApiUsd: 100 * month,
    cumulativeSelfHostedUsd: upFront + monthly * month,
  }));
  const crossing = points.find((p) => p.month > 0 && p.cumulativeApiUsd >= p.cumulativeSelfHostedUsd);
  return {
    team: 'search',
    workload: 'api:openai/o3-mini',
    chart: {
      points,
      crossingMonth: crossing ? (upFront === 0 ? 0 : crossing.month) : null,
      crossingUsd: crossing ? (upFront === 0 ? 0 : crossing.cumulativeApiUsd) : null,
    },
  } as unknown as ReportRecommendation;
}

describe('breakEvenChart', () => {
  it('names the month buying pays back its capex', () => {
    expect(breakEvenChart(recommendation(400, 50))!.summary).toBe(
      'Cumulative API cost against cumulative self-hosted cost (capex $400.00 up front). They cross at month 8 ' +
        'at $800.00: break-even.',
    );
  });

  it('says an option with nothing up front has nothing to pay back, not that it breaks even at month 0', () => {
    expect(breakEvenChart(recommendation(0, 25))!.summary).toBe(
      'Cumulative API cost against cumulative self-hosted cost (no up-front cost). With nothing up front, it costs ' +
        'less than the API from the first month: nothing to pay back.',
    );
    expect(breakEvenChart(recommendation(0, 150))!.summary).toContain(
      'With nothing up front, it costs more than the API every month for 12 months.',
    );
  });
});
