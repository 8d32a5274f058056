// Every recommendation of a planner night, rerun the way a FinOps lead would check it:
// `tokenmeter explain <id> --scenario | tokenmeter breakeven` must give the stored break-even month
// and savings to the cent. The same night must also read coherently: no migration below the review
// band without a hard constraint, and every migration names its quality gap.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { MIGRATE_KINDS, recommendationId } from '@tokenmeter/finops';
import { NightlyChain } from '@tokenmeter/planner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDeployment } from '../support/deployments';
import { startPlannerContext } from '../support/planner-context';
import { loadPlannerHistory } from '../support/planner-history';
import { createUsageSuite, UsageSuite } from '../support/usage-suite';

const repoRoot = path.resolve(__dirname, '../..');
const NIGHT = '2026-03-20';

describe('explain | breakeven reproduces every recommendation of a night', () => {
  let suite: UsageSuite;
  let context: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>;
  const cli = (args: string[], input?: string) => {
    const run = spawnSync(process.execPath, ['-r', './scripts/register.js', 'apps/cli/src/main.ts', ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...suite.env },
      input,
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (run.status !== 0) throw new Error(`tokenmeter ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
    return run.stdout;
  };

  beforeAll(async () => {
    suite = await createUsageSuite();
    await loadPlannerHistory(suite.sql, NIGHT);
    await insertDeployment(suite.sql, { name: 'pool-a', team: 'search', servedModel: 'llama-3.1-70b' });
    context = await startPlannerContext(suite.env);
    await context.get(NightlyChain).runNight(NIGHT);
  }, 300_000);
  afterAll(async () => {
    await context?.close();
    await suite?.close();
  });

  it('gets the same break-even month and savings back from the stored scenario', async () => {
    const { rows } = await suite.sql.query(
      `SELECT team, workload, kind, rationale, inputs, numbers FROM recommendations
       WHERE run_date = $1::date AND workload LIKE 'api:%' ORDER BY team, workload`,
      [NIGHT],
    );
    const withScenario = rows.filter((r) => r.inputs.scenario);
    expect(withScenario.length).toBeGreaterThan(0);
    for (const r of withScenario) {
      const id = recommendationId(NIGHT, r.team, r.workload);
      const explained = JSON.parse(cli(['explain', id]));
      expect(explained).toMatchObject({ id, kind: r.kind, rationale: r.rationale });
      const result = JSON.parse(cli(['breakeven'], cli(['explain', id, '--scenario'])));
      // Renting or a hosted open model (no capex) is compared month by month: its saving, no break-even.
      const api = result.options.find((o: { option: string }) => o.option === 'api');
      const monthly = ['rent', 'hosted-open-model'].includes(r.numbers.figuresOption)
        ? result.options.find((o: { option: string }) => o.option === r.numbers.figuresOption)
        : null;
      // Hardware already owned has nothing to pay back: stored as none, where its scenario pays back at once.
      const owned = r.kind === 'USE_EXISTING_CAPACITY';
      expect(monthly || owned ? null : result.breakEvenMonths, id).toBe(r.numbers.breakEvenMonths);
      if (owned) expect(result.breakEvenMonths, id).toBeCloseTo(0, 2);
      const savings = monthly
        ? api.monthlyUsd - monthly.monthlyUsd
        : Math.round((result.apiMonthlyUsd - result.amortizedMonthlyUsd) * 100) / 100;
      expect(Math.abs(savings - r.numbers.monthlySavingsUsd), id).toBeLessThanOrEqual(0.011);
      const saved12 = monthly
        ? api.cumulativeUsd['12'] - monthly.cumulativeUsd['12']
        : result.cumulativeSavingsUsd['12'];
      expect(Math.abs(saved12 - r.numbers.savings12mUsd), id).toBeLessThanOrEqual(0.011);
    }
  }, 600_000);

  it('reads coherently: no migration below the review band without a hard constraint, each names its gap', async () => {
    const { rows } = await suite.sql.query(
      `SELECT kind, rationale, numbers FROM recommendations WHERE run_date = $1::date AND workload LIKE 'api:%'`,
      [NIGHT],
    );
    for (const r of rows) {
      if (!MIGRATE_KINDS.includes(r.kind)) continue;
      if (r.kind !== 'SELF_HOST_FOR_COMPLIANCE' && r.kind !== 'USE_EXISTING_CAPACITY') {
        expect(r.numbers.volumeBand).not.toBe('below-review');
      }
      if (r.numbers.substitute) expect(r.rationale).toContain(r.numbers.substitute.qualityGap);
    }
  });
});
