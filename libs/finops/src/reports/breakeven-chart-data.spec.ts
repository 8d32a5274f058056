import { describe, expect, it } from 'vitest';
import { breakEvenChartData } from './breakeven-chart-data';

describe('breakEvenChartData', () => {
  it('crosses where cumulative API cost reaches capex plus cumulative opex', () => {
    // 100M tokens/month at $5/MTok = $500/month API; $1,000 capex + $250/month opex → 1000 / 250 = month 4.
    const chart = breakEvenChartData({
      tokensPerMonth: [100e6],
      apiUsdPerMTok: 5,
      capexUsd: 1000,
      opexUsdPerMonth: 250,
      months: 12,
    });
    expect(chart.crossingMonth).toBe(4);
    expect(chart.crossingUsd).toBe(2000);
    expect(chart.points[0]).toEqual({ month: 0, cumulativeApiUsd: 0, cumulativeSelfHostedUsd: 1000 });
    expect(chart.points[12]).toEqual({ month: 12, cumulativeApiUsd: 6000, cumulativeSelfHostedUsd: 4000 });
  });

  it('never crosses when the API costs less per month than running the deployment', () => {
    const chart = breakEvenChartData({
      tokensPerMonth: [10e6],
      apiUsdPerMTok: 5,
      capexUsd: 1000,
      opexUsdPerMonth: 60,
      months: 36,
    });
    expect(chart.crossingMonth).toBeNull();
    expect(chart.points).toHaveLength(37);
  });
});
