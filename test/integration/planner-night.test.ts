import { NestFactory } from '@nestjs/core';
import { VolumeForecastRepository } from '@tokenmeter/db';
import { ForecastStep, NightlyChain } from '@tokenmeter/planner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDeployment } from '../support/deployments';
import { startPlannerContext } from '../support/planner-context';
import { loadPlannerHistory } from '../support/planner-history';
import { createUsageSuite, UsageSuite } from '../support/usage-suite';

describe('a night of the planner chain', () => {
  let suite: UsageSuite;
  let context: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>;
  beforeAll(async () => {
    suite = await createUsageSuite();
    await loadPlannerHistory(suite.sql, '2026-03-20');
    await insertDeployment(suite.sql, { name: 'pool-a', team: 'search', servedModel: 'llama-3.1-70b' });
    context = await startPlannerContext(suite.env);
  }, 300_000);
  afterAll(async () => {
    await context?.close();
    await suite?.close();
  });
  it('stores forecasts, utilization and recommendations, and a re-run replaces them', async () => {
    const chain = context.get(NightlyChain);
    const count = async () =>
      (
        await suite.sql.query(
          `SELECT (SELECT count(*) FROM volume_forecasts)::int AS f,
                  (SELECT count(*) FROM recommendations)::int AS r,
                  (SELECT count(*) FROM deployment_utilization_daily)::int AS u`,
        )
      ).rows[0];
    const steps = await chain.runNight('2026-03-20');
    expect(steps.map((s) => s.step)).toEqual([
      'planner-rollup',
      'planner-forecast',
      'planner-utilization',
      'planner-recommendations',
      'planner-alerts',
    ]);
    const first = await count();
    await chain.runNight('2026-03-20');
    expect(await count()).toEqual(first);
    expect(first.f).toBeGreaterThan(0);
    expect(first.r).toBeGreaterThan(0);
    expect(first.u).toBeGreaterThan(0);
  }, 300_000);

  it('stores each forecast’s month-ahead backtests, and the next night’s full fits reuse them', async () => {
    const stored = await suite.sql.query<{ method: string; origins: number; daily: number }>(
      `SELECT method, jsonb_array_length(backtest_predictions) AS origins,
              coalesce(jsonb_array_length(backtest_predictions -> 0 -> 'daily'), 0) AS daily
       FROM volume_forecasts WHERE run_date = '2026-03-20'`,
    );
    const seasonal = stored.rows.filter((r) => r.method === 'mstl-ets');
    expect(seasonal.length).toBeGreaterThan(0);
    // 120 days of history: origins from day 28 to 30 days before the night, every 14 days.
    for (const r of seasonal) expect(r.origins).toBeGreaterThanOrEqual(4);
    for (const r of seasonal) expect(r.daily).toBe(30);
    const next = await context.get(ForecastStep).run('2026-03-21');
    expect(next.fitted).toBeGreaterThan(0);
    // A full fit is the projection plus at most one new origin, not the first night's nine model fits.
    expect(next.modelFits).toBeLessThanOrEqual(2 * next.fitted);
    // After a night that failed, the growth range comes from the newest night before.
    const forecasts = context.get(VolumeForecastRepository);
    expect(await forecasts.latestNight()).toBe('2026-03-21');
    expect(await forecasts.latestNight('2026-03-23')).toBe('2026-03-21');
    expect(await forecasts.latestNight('2026-03-21')).toBe('2026-03-20');
    expect(await forecasts.latestNight('2026-03-20')).toBeNull();
  }, 300_000);
});
