// A recommendation's break-even chart in the weekly report shows the figures the recommendation states:
// its month-12 and month-36 gaps are the stored savings, on a growing workload that adds replicas.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PLANNER_ASSUMPTIONS, type PlannerAssumptions } from '../planner/planner-assumptions';
import { recommendWorkload, type WorkloadEvidence } from '../planner/recommend-workload';
import { assembleWeeklyReport, type WeeklyReportInput } from './weekly-report';

/** gpt-4o at `month1` tokens in month 1, growing 12 % a month. */
function growing(month1: number): WorkloadEvidence {
  const tokens = (m: number) => month1 * 1.12 ** (m - 1);
  const recent = (month1 * 28) / 30.4375;
  return {
    team: 'search',
    provider: 'openai',
    model: 'gpt-4o',
    profile: { privacyCritical: false, latencyUnder100ms: false, extensiveCustomization: false },
    forecast: {
      months: Array.from({ length: 36 }, (_, i) => ({
        month: i + 1,
        tokens: tokens(i + 1),
        lower: tokens(i + 1) * 0.95,
        upper: tokens(i + 1) * 1.05,
      })),
      confidence: 'high',
      mapePct: 4,
      method: 'mstl-ets',
    },
    recent: {
      days: 28,
      tokens: { inputTokens: recent * 0.7, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: recent * 0.3 },
      costUsd: (recent * 0.7 * 2.5 + recent * 0.3 * 10) / 1e6,
      peakHourTokens: (recent / (28 * 24)) * 1.5,
      meanHourTokens: recent / (28 * 24),
      baseHourTokens: (recent / (28 * 24)) * 0.7,
    },
  };
}

const report = (row: ReturnType<typeof recommendWorkload>): WeeklyReportInput => ({
  week: '2026-W47',
  team: null,
  generatedAt: new Date('2026-11-23T06:00:00Z'),
  teamNames: { search: 'Search' },
  daily: [],
  weekly: [],
  utilization: [],
  recommendations: [{ runDate: '2026-11-22', ...row, numbers: row.numbers as Record<string, unknown> }],
  forecasts: { runDate: null, rows: [] },
  alerts: [],
});

/** Month `month`'s gap between the API's cumulative cost and the self-hosted side's, as charted. */
function chartGap(row: ReturnType<typeof recommendWorkload>, month: number, stored = true): number {
  const numbers = { ...(row.numbers as Record<string, unknown>) };
  if (!stored) delete numbers.cumulativeUsdByMonth; // a row stored before the cumulative spends
  const [shown] = assembleWeeklyReport(report({ ...row, numbers } as typeof row)).recommendations;
  const point = shown!.chart!.points[month]!;
  return point.cumulativeApiUsd - point.cumulativeSelfHostedUsd;
}

describe('the break-even chart of a recommendation', () => {
  it.each<[string, PlannerAssumptions, string]>([
    ['rented GPUs', DEFAULT_PLANNER_ASSUMPTIONS, 'rent'],
    ['bought GPUs', { ...DEFAULT_PLANNER_ASSUMPTIONS, allowRent: false }, 'buy'],
  ])('with %s, reaches the stored 12- and 36-month savings as replicas are added', (_, assumptions, option) => {
    const row = recommendWorkload(growing(3e10), assumptions);
    const n = row.numbers as { figuresOption: string; savings12mUsd: number; savings36mUsd: number };
    expect(n.figuresOption).toBe(option);
    expect(Math.abs(chartGap(row, 12) - n.savings12mUsd)).toBeLessThanOrEqual(0.011);
    expect(Math.abs(chartGap(row, 36) - n.savings36mUsd)).toBeLessThanOrEqual(0.011);
    // Recomputed from month 1's fleet and bills, as before, the chart said $3.12M (renting) and $2.90M
    // (buying) at month 12 against $3.03M and $2.34M stated.
    expect(Math.abs(chartGap(row, 12, false) - n.savings12mUsd)).toBeGreaterThan(n.savings12mUsd * 0.01);
  });
});
