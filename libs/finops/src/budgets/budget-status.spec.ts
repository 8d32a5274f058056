import { describe, expect, it } from 'vitest';
import { type Budget, budgetStatus, projectMonthEnd, thresholdKey, thresholdsToFire } from './budget-status';
import { spendByScope } from './scope-spend';

const budget: Budget = { id: 'b1', team: 'search', project: null, unit: 'usd', amount: 1000, hardLimit: true };

describe('budget status', () => {
  it('projects month-to-date spend to month end at the run rate', () => {
    // 10 of 30 November days gone, $300 spent → $900 at month end.
    expect(projectMonthEnd(300, new Date('2026-11-11T00:00:00Z'))).toBeCloseTo(900, 9);
    // The first hours count as a whole day, so $10 in the first hour is not $7200 a month.
    expect(projectMonthEnd(10, new Date('2026-11-01T01:00:00Z'))).toBeCloseTo(10 + (10 * (30 * 24 - 1)) / 24, 9);
  });

  it('is ok, warning at 80% or a projected overrun, exceeded at 100%', () => {
    const on = new Date('2026-11-16T00:00:00Z'); // half the month gone
    expect(budgetStatus(budget, { usd: 400, tokens: 0 }, on).state).toBe('ok');
    expect(budgetStatus(budget, { usd: 500, tokens: 0 }, on)).toMatchObject({ state: 'warning', projectedUsd: 1000 });
    expect(budgetStatus(budget, { usd: 800, tokens: 0 }, new Date('2026-11-29T00:00:00Z')).state).toBe('warning');
    expect(budgetStatus(budget, { usd: 1000, tokens: 0 }, on)).toMatchObject({
      state: 'exceeded',
      spentUsd: 1000,
      budgetUsd: 1000,
      hardLimit: true,
    });
  });

  it('measures a token budget in tokens and still reports dollars', () => {
    const tokens: Budget = { ...budget, unit: 'tokens', amount: 1_000_000 };
    const status = budgetStatus(tokens, { usd: 12.5, tokens: 900_000 }, new Date('2026-11-30T12:00:00Z'));
    expect(status).toMatchObject({ state: 'warning', spent: 900_000, spentUsd: 12.5, budgetUsd: null });
  });

  const budget300: Budget = { ...budget, amount: 300 };

  it('names each threshold crossed once; a jump crosses several at once', () => {
    const status = budgetStatus(budget, { usd: 850, tokens: 0 }, new Date('2026-11-29T00:00:00Z'));
    const first = thresholdsToFire(status, new Set());
    expect(first.map((c) => thresholdKey(c.basis, c.percent))).toEqual([
      'actual:50',
      'actual:80',
      'projected:50',
      'projected:80', // 850 × 30 / 28 = 910.7: below 100%
    ]);
    const fired = new Set(first.map((c) => thresholdKey(c.basis, c.percent)));
    expect(thresholdsToFire(status, fired)).toEqual([]);
  });

  it("alerts from the rule's lowest share up: 0.99 leaves only 100 %", () => {
    const status = budgetStatus(budget, { usd: 1_050, tokens: 0 }, new Date('2026-11-29T00:00:00Z'));
    expect(thresholdsToFire(status, new Set(), 0.99).map((c) => thresholdKey(c.basis, c.percent))).toEqual([
      'actual:100',
      'projected:100',
    ]);
    expect(thresholdsToFire(status, new Set(), 0.8).map((c) => c.percent)).toEqual([80, 100, 80, 100]);
  });

  it('lets a projection alert only once three days of the month are behind it', () => {
    // $8 on the 1st of a $300 month projects $8 × 30 = $240 (80%): one day's data, no alert yet.
    const dayOne = new Date('2026-11-01T23:00:00Z');
    expect(thresholdsToFire(budgetStatus(budget300, { usd: 8, tokens: 0 }, dayOne), new Set())).toEqual([]);
    // The 4th, 23:00 (3.96 days): $32 projects 32 × 30 / 3.96 = $242, so 50% and 80% fire then.
    const dayFour = new Date('2026-11-04T23:00:00Z');
    const crossings = thresholdsToFire(budgetStatus(budget300, { usd: 32, tokens: 0 }, dayFour), new Set());
    expect(crossings.map((c) => thresholdKey(c.basis, c.percent))).toEqual(['projected:50', 'projected:80']);
  });

  it('projects a scope that started mid-month at its own run rate, and alerts on it after three days of spend', () => {
    // First spend on the 20th, $100 a day: on the 25th ($500 in 5 days) the month ends near $1,100, not at
    // $625 (the $500 spread over the month's 24 days so far).
    const on = new Date('2026-11-25T00:00:00Z');
    const since = new Date('2026-11-20T00:00:00Z');
    const status = budgetStatus(budget, { usd: 500, tokens: 0, since }, on);
    expect(status).toMatchObject({ projectionDays: 5, state: 'warning' });
    expect(status.projectedUsd).toBeCloseTo(500 + 100 * 6, 9);
    expect(budgetStatus(budget, { usd: 500, tokens: 0 }, on).projectedUsd).toBeCloseTo(500 + (500 / 24) * 6, 9);
    // A first spend before the month counts from the month's start.
    expect(budgetStatus(budget, { usd: 500, tokens: 0, since: new Date('2026-10-20T00:00:00Z') }, on)).toMatchObject({
      projectionDays: 24,
    });
    // Two days of spend: too few to alert on the projection, whatever the month's date.
    const early = budgetStatus(budget300, { usd: 160, tokens: 0, since: new Date('2026-11-23T00:00:00Z') }, on);
    expect(thresholdsToFire(early, new Set()).map((c) => thresholdKey(c.basis, c.percent))).toEqual(['actual:50']);
  });

  it('adds every project of a team to its total', () => {
    const scopes = spendByScope([
      { team: 'search', project: '', usd: 1, tokens: 10 },
      { team: 'search', project: 'rag', usd: 2, tokens: 20, unpricedRecords: 3 },
      { team: 'ads', project: 'rag', usd: 4, tokens: 40 },
    ]);
    expect(scopes.get('search')).toEqual({ usd: 3, tokens: 30, unpricedRecords: 3 });
    expect(scopes.get('search\u0000rag')).toEqual({ usd: 2, tokens: 20, unpricedRecords: 3 });
    expect(scopes.get('ads')).toEqual({ usd: 4, tokens: 40, unpricedRecords: 0 });
    // A USD budget's status says how many records its dollars leave out.
    const status = budgetStatus(budget, scopes.get('search')!, new Date('2026-11-29T00:00:00Z'));
    expect(status.unpricedRecords).toBe(3);
  });
});
