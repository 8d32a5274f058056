import { describe, expect, it } from 'vitest';
import { type DailyTeamSpendRow, spendAnomalies } from './spend-anomaly';

/** 28 days of ~$100 (gpt-4o in chat, $20 claude in rag), then `last` on 2026-03-29. */
function history(last: DailyTeamSpendRow[]): DailyTeamSpendRow[] {
  const rows: DailyTeamSpendRow[] = [];
  for (let d = 1; d <= 28; d++) {
    const day = `2026-03-${String(d).padStart(2, '0')}`;
    rows.push({ day, team: 'search', model: 'gpt-4o', project: 'chat', usd: 78 + (d % 5) });
    rows.push({ day, team: 'search', model: 'claude-sonnet-4', project: 'rag', usd: 20 });
  }
  return [...rows, ...last];
}

/** The usual $100 on 2026-03-29, plus $150 of a new model in a new project. */
const SPIKE: DailyTeamSpendRow[] = [
  { day: '2026-03-29', team: 'search', model: 'gpt-4o', project: 'chat', usd: 80 },
  { day: '2026-03-29', team: 'search', model: 'claude-sonnet-4', project: 'rag', usd: 20 },
  { day: '2026-03-29', team: 'search', model: 'claude-opus-4-1', project: 'agents', usd: 150 },
];

describe('spend anomalies', () => {
  it('stays quiet inside the forecast interval', () => {
    const rows = history([
      { day: '2026-03-29', team: 'search', model: 'gpt-4o', project: 'chat', usd: 82 },
      { day: '2026-03-29', team: 'search', model: 'claude-sonnet-4', project: 'rag', usd: 21 },
    ]);
    expect(spendAnomalies(rows, '2026-03-29')).toEqual([]);
  });

  it('alerts a spike above the interval and names the model and project that moved it', () => {
    const rows = history(SPIKE);
    const [anomaly] = spendAnomalies(rows, '2026-03-29');
    expect(anomaly).toMatchObject({ team: 'search', direction: 'above', spentUsd: 250 });
    // About $100: the history's weekly pattern is noise here, so taking it out moves little.
    expect(Math.abs(anomaly!.expectedUsd - 100)).toBeLessThan(1.5);
    expect(anomaly!.upperUsd).toBeLessThan(250);
    expect(anomaly!.movers[0]).toMatchObject({ dimension: 'model', name: 'claude-opus-4-1', deltaUsd: 150 });
    expect(anomaly!.movers.find((m) => m.dimension === 'project')).toMatchObject({ name: 'agents', deltaUsd: 150 });
  });

  it("draws each team's band as wide as its rule says", () => {
    const rows = history(SPIKE);
    const [normal] = spendAnomalies(rows, '2026-03-29');
    const [wide] = spendAnomalies(rows, '2026-03-29', { zOf: () => 6 });
    // Twice the deviations (this history's 3 fall under the band's floor of 10 % of the expected day).
    expect(wide!.upperUsd - wide!.expectedUsd).toBeGreaterThan(normal!.upperUsd - normal!.expectedUsd);
    // $125 is outside the usual band and inside a band twenty deviations wide.
    const modest = history([
      { day: '2026-03-29', team: 'search', model: 'gpt-4o', project: 'chat', usd: 105 },
      { day: '2026-03-29', team: 'search', model: 'claude-sonnet-4', project: 'rag', usd: 20 },
    ]);
    expect(spendAnomalies(modest, '2026-03-29')).toHaveLength(1);
    expect(spendAnomalies(modest, '2026-03-29', { zOf: (team) => (team === 'search' ? 20 : undefined) })).toEqual([]);
  });

  it('alerts a drop below the interval (a broken integration stops metering)', () => {
    const rows = history([{ day: '2026-03-29', team: 'search', model: 'claude-sonnet-4', project: 'rag', usd: 20 }]);
    const [anomaly] = spendAnomalies(rows, '2026-03-29');
    expect(anomaly).toMatchObject({ direction: 'below', spentUsd: 20 });
    expect(anomaly!.movers[0]).toMatchObject({ dimension: 'model', name: 'gpt-4o' });
  });

  it('measures movers against their share of the expected day, so their deltas add up to the excess', () => {
    // Spend starts on 03-03 (a credit booked on 03-01 is before it, so not history): gpt-4o in chat $60
    // a day; claude in rag $40 a day but $400 on four days, each a different weekday. Team days: 22 × $100,
    // 4 × $460, so the median is $100 while the mean is $155.38: per-name means would not add up to it.
    const rows: DailyTeamSpendRow[] = [
      { day: '2026-03-01', team: 'search', model: 'claude-sonnet-4', project: 'rag', usd: -8 },
    ];
    for (let d = 3; d <= 28; d++) {
      const day = `2026-03-${String(d).padStart(2, '0')}`;
      rows.push({ day, team: 'search', model: 'gpt-4o', project: 'chat', usd: 60 });
      rows.push({ day, team: 'search', model: 'claude-sonnet-4', project: 'rag', usd: d % 6 === 0 ? 400 : 40 });
    }
    rows.push(
      { day: '2026-03-29', team: 'search', model: 'gpt-4o', project: 'chat', usd: 120 },
      { day: '2026-03-29', team: 'search', model: 'claude-sonnet-4', project: 'rag', usd: 80 },
      { day: '2026-03-29', team: 'search', model: 'o3', project: '', usd: 30 },
    );
    const [anomaly] = spendAnomalies(rows, '2026-03-29', { movers: 10 });
    expect(anomaly).toMatchObject({ direction: 'above', spentUsd: 230, expectedUsd: 100 });
    for (const dimension of ['model', 'project'] as const) {
      const moves = anomaly!.movers.filter((m) => m.dimension === dimension);
      // Every name moved up, so all of them are listed.
      expect(moves).toHaveLength(3);
      expect(moves.reduce((sum, m) => sum + m.baselineUsd, 0)).toBeCloseTo(100, 9);
      expect(moves.reduce((sum, m) => sum + m.deltaUsd, 0)).toBeCloseTo(230 - 100, 9);
    }
    // 03-29 is a Sunday: gpt-4o's share of the history's Sundays (03-08, 15, 22: 3 × $60 of 3 × $100),
    // applied to $100. Its share of all days (26 × $60 of $4,040) would be 38.6 %.
    const gpt = anomaly!.movers.find((m) => m.dimension === 'model' && m.name === 'gpt-4o');
    expect(gpt!.baselineUsd).toBeCloseTo(60, 9);
    expect(gpt!.deltaUsd).toBeCloseTo(120 - 60, 9);
    expect(anomaly!.movers.find((m) => m.name === '(none)')).toMatchObject({ baselineUsd: 0, deltaUsd: 30 });
  });

  it('takes the weekly pattern out: a quiet weekend is no anomaly, a weekend at weekday levels is', () => {
    // 2026-02-28 to 03-27 (four weeks; 03-01 is a Sunday). Weekdays ~$100 (gpt-4o ~$70, claude $30),
    // weekends ~$30 (gpt-4o ~$20, claude $10). Then Saturday 03-28.
    const rows: DailyTeamSpendRow[] = [];
    for (let i = 0; i < 28; i++) {
      const day = new Date(Date.UTC(2026, 1, 28 + i)).toISOString().slice(0, 10);
      const weekend = [0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());
      const noise = (i % 3) - 1;
      rows.push({ day, team: 'search', model: 'gpt-4o', project: 'chat', usd: (weekend ? 20 : 70) + noise });
      rows.push({ day, team: 'search', model: 'claude-sonnet-4', project: 'rag', usd: weekend ? 10 : 30 });
    }
    const saturday = (gpt: number, claude: number): DailyTeamSpendRow[] => [
      ...rows,
      { day: '2026-03-28', team: 'search', model: 'gpt-4o', project: 'chat', usd: gpt },
      { day: '2026-03-28', team: 'search', model: 'claude-sonnet-4', project: 'rag', usd: claude },
    ];
    // Without the weekly pattern, a $30 Saturday would be far below a $100 median day.
    expect(spendAnomalies(saturday(20, 10), '2026-03-28')).toEqual([]);
    const [busy] = spendAnomalies(saturday(70, 30), '2026-03-28');
    expect(busy).toMatchObject({ direction: 'above', spentUsd: 100 });
    expect(Math.abs(busy!.expectedUsd - 30)).toBeLessThan(1.5);
    // Shares are the Saturdays': gpt-4o about 2/3 of the expected $30, claude about 1/3.
    const gpt = busy!.movers.find((m) => m.dimension === 'model' && m.name === 'gpt-4o');
    expect(gpt!.baselineUsd / busy!.expectedUsd).toBeCloseTo(20 / 30, 1);
  });

  it('judges a team that spends three days a week by its working days, not by its idle median', () => {
    // About $100 every Monday, Wednesday and Friday of March 2026 (03-02 is a Monday), nothing otherwise.
    const rows: DailyTeamSpendRow[] = [];
    for (let d = 1; d <= 29; d++) {
      const day = `2026-03-${String(d).padStart(2, '0')}`;
      if ([1, 3, 5].includes(new Date(`${day}T00:00:00Z`).getUTCDay()))
        rows.push({ day, team: 'ops', model: 'gpt-4o', project: 'batch', usd: 99 + (d % 3) });
    }
    const monday = (usd: number) => [
      ...rows,
      { day: '2026-03-30', team: 'ops', model: 'gpt-4o', project: 'batch', usd },
    ];
    // Its median day is $0; a usual Monday is no anomaly, and neither is a quiet Tuesday.
    expect(spendAnomalies(monday(101), '2026-03-30')).toEqual([]);
    expect(spendAnomalies(rows, '2026-03-31')).toEqual([]);
    expect(spendAnomalies(monday(300), '2026-03-30')[0]).toMatchObject({ direction: 'above', spentUsd: 300 });
    const [tuesday] = spendAnomalies(
      [...rows, { day: '2026-03-31', team: 'ops', model: 'gpt-4o', project: 'batch', usd: 80 }],
      '2026-03-31',
    );
    expect(tuesday).toMatchObject({ direction: 'above', expectedUsd: 0 });
  });

  it('needs a week of history before it forecasts', () => {
    const rows: DailyTeamSpendRow[] = [
      { day: '2026-03-27', team: 'new', model: 'gpt-4o', project: '', usd: 1 },
      { day: '2026-03-28', team: 'new', model: 'gpt-4o', project: '', usd: 1 },
      { day: '2026-03-29', team: 'new', model: 'gpt-4o', project: '', usd: 500 },
    ];
    expect(spendAnomalies(rows, '2026-03-29')).toEqual([]);
  });
});
