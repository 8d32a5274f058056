import { assembleWeeklyReport } from '@tokenmeter/finops';
import { describe, expect, it } from 'vitest';
import { renderDashboardPage } from './dashboard-page';
import { escapeHtml } from './html-escape';
import { recommendationsSection, renderWeeklyReportPage, saturationTable, spendTable } from './weekly-report-page';

const EVIL = '<script>alert("x")</script>';

const report = (team: string | null = null) =>
  assembleWeeklyReport({
    week: '2026-W47',
    team,
    generatedAt: new Date('2026-11-23T06:00:00Z'),
    teamNames: { evil: `R&D ${EVIL}` },
    daily: [
      { day: '2026-11-16', team: 'evil', provider: `prov"'${EVIL}`, costUsd: 1234.5, tokens: 2_500_000 },
      { day: '2026-11-10', team: 'evil', provider: `prov"'${EVIL}`, costUsd: 1000, tokens: 2_000_000 },
      { day: '2026-11-17', team: 'evil', provider: 'self-hosted', costUsd: 0, tokens: 4_000_000 },
    ],
    weekly: [{ week: '2026-W47', team: 'evil', apiCostUsd: 1234.5, apiTokens: 2_500_000, selfHostedTokens: 4_000_000 }],
    utilization: [
      {
        day: '2026-11-16',
        deployment: `dep-${EVIL}`,
        team: 'evil',
        utilization: 0.4,
        dailyCostUsd: 100,
        idleWasteUsd: 60,
      },
    ],
    recommendations: [
      {
        runDate: '2026-11-22',
        team: 'evil',
        workload: `api:openai/${EVIL}`,
        kind: 'MIGRATE_TO_SELF_HOSTED',
        rationale: `Because ${EVIL}`,
        numbers: {
          apiUsdPerMTok: 5,
          capexUsd: 1000,
          opexUsdPerMonth: 250,
          forecastTokensMonth1: 100e6,
          breakEvenMonths: 4,
        },
      },
    ],
    forecasts: {
      runDate: '2026-11-22',
      rows: [
        {
          scope: 'team',
          team: 'evil',
          provider: '',
          model: '',
          intervalLevel: 0.9,
          months: [1, 2, 3].map((month) => ({ month, tokens: 1e9, lower: 8e8, upper: 1.2e9 })),
        },
      ],
    },
    alerts: [
      {
        runDate: '2026-11-18',
        team: 'evil',
        kind: 'spend-spike',
        subject: EVIL,
        transition: 'fired',
        message: EVIL,
        value: 2,
        threshold: 1.5,
      },
    ],
  });

describe('escapeHtml', () => {
  it('escapes the five characters that change HTML meaning', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
    expect(escapeHtml(null)).toBe('');
  });
});

describe('weekly report page', () => {
  const html = renderWeeklyReportPage(report(), 'finops · <org>');

  it('never lets data become markup', () => {
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('R&amp;D');
    expect(html).toContain('finops · &lt;org&gt;');
  });

  it('gives every chart an SVG named by its key numbers and a caption listing them', () => {
    const figures = html.match(/<figure class="chart"[\s\S]*?<\/figure>/g) ?? [];
    expect(figures.map((f) => /id="([^"]+)"/.exec(f)![1])).toEqual([
      'spend-by-provider',
      'spend-by-team',
      'tokens',
      expect.stringMatching(/^breakeven-evil-api-openai-script-alert-x-script$/),
      expect.stringMatching(/^utilization-dep-script/),
      'forecast',
    ]);
    for (const figure of figures) {
      expect(figure).toMatch(/<svg role="img" aria-labelledby="[^"]+-title"/);
      expect(figure).toMatch(/<title id="[^"]+-title">[^<]*\d/);
      expect(figure).toMatch(/<figcaption>[\s\S]*\d[\s\S]*<\/figcaption>/);
      expect(figure).toMatch(/<path /);
    }
    expect(html).toContain('$1,234.50 (previous week $1,000.00, +23.5%)');
    expect(html).toContain('They cross at month 4 at $2,000.00: break-even.');
    expect(html).toContain('Month 1: 1.00B tokens, between 800.00M and 1.20B');
    expect(html).toContain('Cost $100.00 this week, of which $60.00 paid for idle capacity.');
  });

  it('says idle dollars are unknown for a deployment without a known capacity, not $0.00', () => {
    const base = report();
    const unknown = { ...base.utilization[0]!, idleWasteUsd: null };
    const page = renderWeeklyReportPage({ ...base, utilization: [unknown] }, 'finops');
    expect(page).toContain('Cost $100.00 this week; how much paid for idle capacity is unknown');
    expect(page).toMatch(/Idle GPU dollars<b>n\/a<\/b>/);
    expect(html).toMatch(/Idle GPU dollars<b>\$60\.00<\/b>/);
    const partly = renderWeeklyReportPage({ ...base, utilization: [base.utilization[0]!, unknown] }, 'finops');
    expect(partly).toMatch(/Idle GPU dollars<b>\$60\.00 \+ 1 unknown<\/b>/);
  });

  it('notes under a spend table when part of a change is days in service', () => {
    const base = report();
    const partial = 'dep-x was in service 3 days of 2026-W46 and 7 of 2026-W47';
    const lines = base.spendByTeam.map((l) => ({ ...l, partialPreviousWeek: [partial] }));
    expect(spendTable('Spend by team', lines, base)).toContain(
      `Part of the change is days in service, not spend: ${partial}.`,
    );
    expect(spendTable('Spend by team', base.spendByTeam, base)).not.toContain('days in service');
  });

  it('is a page without script, with a phone viewport and a print stylesheet', () => {
    expect(html).toMatch(/<meta name="viewport" content="width=device-width, initial-scale=1">/);
    expect(html).toContain('@media print');
    expect(html.match(/<script/g)).toBeNull();
  });

  it('the dashboard links the last complete week and draws the trend', () => {
    const dashboard = renderDashboardPage(report(), '2026-W46', 'team · evil');
    expect(dashboard).toContain('href="/reports/weekly/2026-W46"');
    expect(dashboard).toContain('id="trend"');
    expect(dashboard).toContain('2026-W47: $1,334.50');
  });
});

describe('capacity forecasts table', () => {
  it('shows each deployment’s forecast month of saturation with its interval, escaped', () => {
    const html = saturationTable({
      saturation: [
        {
          deployment: 'pool<a>',
          team: 'search',
          basis: 'all-tokens',
          capacityTokensPerSec: 1000,
          weeklyPeaks: [700, 760, 820],
          weeksUntil: 3,
          month: '2026-04',
          earliestMonth: '2026-03',
          latestMonth: null,
          slopePerWeek: 60,
        },
      ],
    } as never);
    expect(html).toContain('pool&lt;a&gt;');
    expect(html).toContain('<td>2026-04</td>');
    expect(html).toContain('2026-03 to beyond two years');
    expect(saturationTable({} as never)).toContain('No deployment with a known capacity');
  });
});

describe('recommendationsSection', () => {
  /** A week's report holding one of the night's recommendations for search's gpt-4o. */
  const reportWith = (kind: string, rationale: string, numbers: Record<string, unknown>) =>
    assembleWeeklyReport({
      week: '2026-W49',
      team: null,
      generatedAt: new Date('2026-12-07T06:00:00Z'),
      teamNames: {},
      daily: [],
      weekly: [],
      utilization: [],
      recommendations: [
        { runDate: '2026-12-02', team: 'search', workload: 'api:openai/gpt-4o', kind, rationale, numbers },
      ],
      forecasts: { runDate: null, rows: [] },
      alerts: [],
    });

  it('says which option was chosen and whose saving it is (issue #15)', () => {
    const rented = reportWith('MIGRATE_TO_SELF_HOSTED', 'Migrate: renting is cheaper month by month.', {
      option: 'rent',
      figuresOption: 'rent',
      breakEvenMonths: null,
      monthlySavingsUsd: 421.24,
    });
    expect(rented.recommendations[0].option).toBe('rent');
    const html = recommendationsSection(rented, false);
    expect(html).toContain('option rent; renting the GPUs saves $421.24 a month');
    expect(html).not.toContain('break-even in');
  });

  it('says the 12 months are cash, each month at its conservative forecast, which can fall below month 1', () => {
    // The forecast's lower bound falls from 511M tokens in month 1 to 0 by month 4.
    const report = reportWith('USE_EXISTING_CAPACITY', 'Use existing capacity.', {
      option: 'buy',
      figuresOption: 'buy',
      monthlySavingsUsd: 1696.12,
      savings12mUsd: 2851.19,
    });
    const html = recommendationsSection(report, false);
    expect(html).toContain('saves $1,696.12 a month');
    expect(html).toContain('over 12 months $2,851.19 saved in cash, each month at its conservative forecast');
  });

  it('says the capex a purchase pays up front, so that 12 months are not 12 × the amortized saving', () => {
    // Amortized, the purchase saves $10,000 a month; in cash, its first 12 months are 12 × $20,000 − $360,000.
    const report = reportWith('MIGRATE_TO_SELF_HOSTED', 'Migrate.', {
      option: 'buy',
      figuresOption: 'buy',
      monthlySavingsUsd: 10_000,
      savings12mUsd: -120_000,
      capexUsd: 360_000,
    });
    expect(recommendationsSection(report, false)).toContain(
      'over 12 months $120,000.00 more than the API in cash after $360,000.00 of capex up front, each month at ' +
        'its conservative forecast',
    );
  });
});
