import { NestFactory } from '@nestjs/core';
import { NightlyChain } from '@tokenmeter/planner';
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
});
