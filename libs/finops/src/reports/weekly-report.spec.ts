import { describe, expect, it } from 'vitest';
import { assembleWeeklyReport, WeeklyReportInput, weekOverWeekPct } from './weekly-report';

// Week 2026-W47 is 2026-11-16 … 2026-11-22; the week before starts 2026-11-09.
const input = (over: Partial<WeeklyReportInput> = {}): WeeklyReportInput => ({
  week: '2026-W47',
  team: null,
  generatedAt: new Date('2026-11-23T06:00:00Z'),
  teamNames: { search: 'Search & <Ranking>', ads: 'Ads' },
  daily: [
    { day: '2026-11-16', team: 'search', provider: 'openai', costUsd: 120, tokens: 1_000_000 },
    { day: '2026-11-17', team: 'ads', provider: 'anthropic', costUsd: 30, tokens: 200_000 },
    { day: '2026-11-18', team: 'search', provider: 'self-hosted', costUsd: 0, tokens: 5_000_000 },
    { day: '2026-11-10', team: 'search', provider: 'openai', costUsd: 100, tokens: 900_000 },
    { day: '2026-11-10', team: 'ads', provider: 'anthropic', costUsd: 60, tokens: 400_000 },
    { day: '2026-11-01', team: 'ads', provider: 'anthropic', costUsd: 999, tokens: 1 },
  ],
  weekly: [
    { week: '2026-W47', team: 'search', apiCostUsd: 120, apiTokens: 1_000_000, selfHostedTokens: 5_000_000 },
    { week: '2026-W46', team: 'ads', apiCostUsd: 60, apiTokens: 400_000, selfHostedTokens: 0 },
  ],
  utilization: [
    { day: '2026-11-16', deployment: 'llama-a', team: 'search', utilization: 0.25, dailyCostUsd: 40, idleWasteUsd: 30 },
    {
      day: '2026-11-17',
      deployment: 'llama-a',
      team: 'search',
      utilization: null,
      dailyCostUsd: 40,
      idleWasteUsd: null,
    },
    { day: '2026-11-09', deployment: 'llama-a', team: 'search', utilization: 0.5, dailyCostUsd: 40, idleWasteUsd: 20 },
  ],
  recommendations: [
    {
      runDate: '2026-11-22',
      team: 'search',
      workload: 'api:openai/gpt-4o',
      kind: 'MIGRATE_TO_SELF_HOSTED',
      rationale: 'Migrate.',
      numbers: {
        apiUsdPerMTok: 5,
        capexUsd: 1000,
        opexUsdPerMonth: 250,
        breakEvenMonths: 4,
        savings12mUsd: 2000,
        forecastTokensMonth1: 100e6,
      },
    },
    {
      runDate: '2026-11-22',
      team: 'ads',
      workload: 'api:anthropic/claude-sonnet-4',
      kind: 'STAY_ON_API',
      rationale: 'Stay.',
      numbers: {},
    },
    {
      runDate: '2026-11-22',
      team: 'ads',
      workload: 'deployment:ads-a',
      kind: 'RIGHTSIZE',
      rationale: 'Rightsize.',
      numbers: { savingsUsdPerMonth: 300 },
    },
  ],
  forecasts: {
    runDate: '2026-11-22',
    rows: [
      {
        scope: 'team-model',
        team: 'search',
        provider: 'openai',
        model: 'gpt-4o',
        intervalLevel: 0.9,
        months: [{ month: 1, tokens: 100e6, lower: 90e6, upper: 110e6 }],
      },
      {
        scope: 'team',
        team: 'search',
        provider: '',
        model: '',
        intervalLevel: 0.9,
        months: [1, 2, 3].map((month) => ({ month, tokens: 100, lower: 80, upper: 120 })),
      },
      {
        scope: 'team',
        team: 'ads',
        provider: '',
        model: '',
        intervalLevel: 0.9,
        months: [1, 2, 3].map((month) => ({ month, tokens: 10, lower: 5, upper: 15 })),
      },
    ],
  },
  alerts: [
    {
      runDate: '2026-11-18',
      team: 'ads',
      kind: 'idle-waste',
      subject: 'ads-a',
      transition: 'fired',
      message: 'idle',
      value: 1,
      threshold: 0.5,
    },
    {
      runDate: '2026-11-12',
      team: 'search',
      kind: 'idle-waste',
      subject: 'llama-a',
      transition: 'fired',
      message: 'old',
      value: 1,
      threshold: 0.5,
    },
  ],
  ...over,
});

describe('weekOverWeekPct', () => {
  it('is the relative change in percent, null without a previous week', () => {
    expect(weekOverWeekPct(150, 100)).toBe(50);
    expect(weekOverWeekPct(30, 60)).toBe(-50);
    expect(weekOverWeekPct(1, 3)).toBe(-66.7);
    expect(weekOverWeekPct(10, 0)).toBeNull();
  });
});

describe('assembleWeeklyReport', () => {
  it('adds API spend and deployment cost per provider and team, with week-over-week change', () => {
    const report = assembleWeeklyReport(input());
    expect(report.from).toBe('2026-11-16');
    expect(report.to).toBe('2026-11-22');
    expect(report.previousWeek).toBe('2026-W46');
    expect(report.preliminary).toBe(false);
    expect(report.spendByProvider).toEqual([
      { key: 'openai', label: 'openai', costUsd: 120, previousCostUsd: 100, changePct: 20 },
      {
        key: 'self-hosted',
        label: 'self-hosted',
        costUsd: 80,
        previousCostUsd: 40,
        changePct: 100,
        // All of it: llama-a cost 40 a day in both weeks.
        partialPreviousWeek: ['llama-a was in service 1 day of 2026-W46 and 2 of 2026-W47'],
      },
      { key: 'anthropic', label: 'anthropic', costUsd: 30, previousCostUsd: 60, changePct: -50 },
    ]);
    expect(report.spendByTeam.map((l) => [l.label, l.costUsd, l.previousCostUsd])).toEqual([
      ['Search & <Ranking>', 200, 140],
      ['Ads', 30, 60],
    ]);
    expect(report.totals).toMatchObject({
      costUsd: 230,
      previousCostUsd: 200,
      changePct: 15,
      apiTokens: 1_200_000,
      selfHostedTokens: 5_000_000,
    });
  });

  it('compares a week so far with the same days of the week before', () => {
    // Thursday of W47: Monday to Wednesday are rolled up; W46's Saturday is not comparable yet.
    const report = assembleWeeklyReport(
      input({
        generatedAt: new Date('2026-11-19T10:00:00Z'),
        utilization: [],
        daily: [
          { day: '2026-11-16', team: 'search', provider: 'openai', costUsd: 120, tokens: 1 },
          { day: '2026-11-10', team: 'search', provider: 'openai', costUsd: 100, tokens: 1 },
          { day: '2026-11-14', team: 'search', provider: 'openai', costUsd: 500, tokens: 1 },
        ],
      }),
    );
    expect(report.preliminary).toBe(true);
    expect(report.previousLabel).toBe('2026-W46, Monday to Wednesday');
    expect(report.totals).toMatchObject({ costUsd: 120, previousCostUsd: 100, changePct: 20 });
    // A whole week compares with the whole week before.
    const whole = assembleWeeklyReport(input({ utilization: [] }));
    expect(whole.previousLabel).toBe('2026-W46');
  });

  it('splits tokens per day into API and self-hosted for all seven days', () => {
    const report = assembleWeeklyReport(input());
    expect(report.tokensByDay).toHaveLength(7);
    expect(report.tokensByDay[2]).toEqual({ day: '2026-11-18', apiTokens: 0, selfHostedTokens: 5_000_000 });
  });

  it('keeps open recommendations with a break-even chart recomputed from stored numbers', () => {
    const report = assembleWeeklyReport(input());
    expect(report.recommendations.map((r) => r.kind)).toEqual(['RIGHTSIZE', 'MIGRATE_TO_SELF_HOSTED']);
    const migrate = report.recommendations[1]!;
    expect(migrate.chart?.crossingMonth).toBe(4);
    expect(migrate.chart?.points).toHaveLength(37);
    expect(report.recommendations[0]!.chart).toBeNull();
  });

  it('charts a hosted open-model API as paid by the token, at the unrounded prices of month 1', () => {
    const hosted = {
      runDate: '2026-11-22',
      team: 'search',
      workload: 'api:openai/o3-mini',
      kind: 'MIGRATE_TO_SELF_HOSTED',
      rationale: 'Migrate.',
      numbers: {
        figuresOption: 'hosted-open-model',
        // $2.5915 per MTok, stored rounded to $2.59; the hosted model $0.6889.
        apiUsdPerMTok: 2.59,
        apiMonthlyUsd: 1_295.75,
        capexUsd: 0,
        opexUsdPerMonth: 344.45,
        forecastTokensMonth1: 500e6,
      },
      inputs: { scenario: { workload: { forecastTokensPerMonth: [500e6, 1_000e6] } } },
    };
    const [row] = assembleWeeklyReport(input({ recommendations: [hosted] })).recommendations;
    // Month 2 doubles the volume, and the hosted bill with it; after month 2 the last month holds.
    expect(row!.chart!.points[2]).toEqual({ month: 2, cumulativeApiUsd: 3_887.25, cumulativeSelfHostedUsd: 1_033.35 });
    expect(row!.chart!.points[12]!.cumulativeApiUsd - row!.chart!.points[12]!.cumulativeSelfHostedUsd).toBeCloseTo(
      (1_295.75 - 344.45) * 23,
      1,
    );
  });

  it('reports each deployment day with idle dollars, this week only', () => {
    const [llama] = assembleWeeklyReport(input()).utilization;
    expect(llama).toMatchObject({ deployment: 'llama-a', costUsd: 80, idleWasteUsd: 30 });
    expect(llama!.days.map((d) => d.utilizationPct)).toEqual([25, null]);
  });

  it('says unknown idle dollars as unknown, and sums a week to the cent before rounding it', () => {
    const day = (d: string, dailyCostUsd: number) => ({
      day: d,
      deployment: 'qwen-b',
      team: 'search',
      utilization: null,
      dailyCostUsd,
      idleWasteUsd: null,
    });
    // Three days of 1.004: 3.012 in all, which is $3.01, where adding rounded days said $3.00.
    const utilization = ['2026-11-16', '2026-11-17', '2026-11-18'].map((d) => day(d, 1.004));
    const daily = [{ day: '2026-11-16', team: 'ads', provider: 'openai', costUsd: 2.3333, tokens: 1 }];
    const report = assembleWeeklyReport(input({ utilization, daily, weekly: [] }));
    expect(report.utilization).toEqual([expect.objectContaining({ costUsd: 3.01, idleWasteUsd: null })]);
    expect(report.spendByProvider.find((l) => l.key === 'self-hosted')?.costUsd).toBe(3.01);
    // Each line rounds on its own; the total rounds the exact sum (5.3453), not the lines' (5.34).
    expect(report.totals.costUsd).toBe(5.35);
    // A team's one line is its total to the cent, though its two providers' lines add up to 4.66.
    const twoProviders = [...daily, { ...daily[0]!, provider: 'anthropic' }];
    const ads = assembleWeeklyReport(input({ team: 'ads', daily: twoProviders, utilization: [] }));
    expect(ads.spendByProvider.map((l) => l.costUsd)).toEqual([2.33, 2.33]);
    expect(ads.spendByTeam.map((l) => l.costUsd)).toEqual([4.67]);
    expect(ads.totals.costUsd).toBe(4.67);
  });

  it('says when a deployment served fewer days the week before, on the lines its cost is in', () => {
    const day = (d: string) => ({ day: d, deployment: 'llama-a', team: 'search', utilization: 0.5, dailyCostUsd: 10 });
    const days = (from: number, count: number, month = '11') =>
      Array.from({ length: count }, (_, i) => day(`2026-${month}-${String(from + i).padStart(2, '0')}`));
    // Three days of W46 (from the 13th), all seven of W47.
    const utilization = [...days(13, 3), ...days(16, 7)].map((d) => ({ ...d, idleWasteUsd: 5 }));
    const report = assembleWeeklyReport(input({ utilization }));
    const note = ['llama-a was in service 3 days of 2026-W46 and 7 of 2026-W47'];
    expect(report.spendByProvider.find((l) => l.key === 'self-hosted')?.partialPreviousWeek).toEqual(note);
    expect(report.spendByTeam.find((l) => l.key === 'search')?.partialPreviousWeek).toEqual(note);
    expect(report.spendByTeam.find((l) => l.key === 'ads')?.partialPreviousWeek).toBeUndefined();
    expect(report.totals.partialPreviousWeek).toEqual(note);
    // A whole week before: nothing to say.
    const whole = assembleWeeklyReport(
      input({ utilization: [...days(9, 7), ...days(16, 7)].map((d) => ({ ...d, idleWasteUsd: 5 })) }),
    );
    expect(whole.spendByProvider.find((l) => l.key === 'self-hosted')?.partialPreviousWeek).toBeUndefined();
    // In service from noon on the 14th: 1.5 days of W46 (it said 2), as its cost counts them.
    const noon = [{ ...day('2026-11-14'), paidHours: 12 }, day('2026-11-15'), ...days(16, 7)];
    const half = assembleWeeklyReport(input({ utilization: noon.map((d) => ({ ...d, idleWasteUsd: 5 })) }));
    expect(half.totals.partialPreviousWeek).toEqual(['llama-a was in service 1.5 days of 2026-W46 and 7 of 2026-W47']);
  });

  it('lists only the week’s alerts and sums team forecasts for 3 months', () => {
    const report = assembleWeeklyReport(input());
    expect(report.alerts.map((a) => a.subject)).toEqual(['ads-a']);
    expect(report.forecast.months).toEqual([1, 2, 3].map((month) => ({ month, tokens: 110, lower: 85, upper: 135 })));
    expect(report.trend).toHaveLength(8);
    expect(report.trend.at(-1)).toEqual({
      week: '2026-W47',
      costUsd: 200,
      apiTokens: 1_000_000,
      selfHostedTokens: 5_000_000,
    });
  });

  it('a team version holds nothing of another team', () => {
    const report = assembleWeeklyReport(input({ team: 'ads' }));
    const text = JSON.stringify(report);
    expect(text).not.toContain('search');
    expect(text).not.toContain('llama-a');
    expect(report.teamName).toBe('Ads');
    expect(report.totals.costUsd).toBe(30);
    expect(report.forecast.months[0]).toEqual({ month: 1, tokens: 10, lower: 5, upper: 15 });
  });

  it('marks a report generated before its week ended as preliminary', () => {
    expect(assembleWeeklyReport(input({ generatedAt: new Date('2026-11-20T00:00:00Z') })).preliminary).toBe(true);
  });
});
