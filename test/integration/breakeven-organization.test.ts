// `tokenmeter breakeven --organization` prices the fields a scenario leaves out with the organization's
// stored assumptions — calibrated from its registered deployments, as the nightly planner reads them —
// instead of the bundled defaults, so a hand-written scenario is priced as a planned one.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDeployment } from '../support/deployments';
import { createUsageSuite, UsageSuite } from '../support/usage-suite';

const repoRoot = path.resolve(__dirname, '../..');
// 1 GPU at 10,000 USD, electricity measured at 100 USD a month, no hosting; personnel left out.
const scenario = JSON.stringify({
  workload: { tokensPerMonth: 100e6, inputShare: 0.5 },
  api: { inputPerMTok: 10, outputPerMTok: 30 },
  selfHosted: {
    gpuUnitPriceUsd: 10_000,
    otherCapexUsd: 0,
    electricityUsdPerMonth: 100,
    hostingUsdPerMonth: 0,
    maintenanceUsdPerMonth: 0,
  },
});

describe('tokenmeter breakeven --organization', () => {
  let suite: UsageSuite;
  const breakeven = (args: string[]) => {
    const run = spawnSync(
      process.execPath,
      ['-r', './scripts/register.js', 'apps/cli/src/main.ts', 'breakeven', ...args],
      {
        cwd: repoRoot,
        env: { ...process.env, ...suite.env },
        input: scenario,
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    if (run.status !== 0) throw new Error(`tokenmeter breakeven ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
    return JSON.parse(run.stdout);
  };

  beforeAll(async () => {
    suite = await createUsageSuite();
    await insertDeployment(suite.sql, { name: 'pool-a', team: 'search', servedModel: 'llama-3.1-70b' });
    await suite.sql.query(`UPDATE deployments SET personnel_usd_per_month = 3000 WHERE name = 'pool-a'`);
  }, 120_000);
  afterAll(async () => {
    await suite?.close();
  });

  it("takes personnel from the organization's calibrated assumptions, not the bundled 500 USD", () => {
    // Bundled: 100 electricity + 500 personnel = 600 a month; 10,000 ÷ (2,000 − 600) = 7.14 months.
    expect(breakeven([])).toMatchObject({ selfHostedOpexMonthlyUsd: 600, breakEvenMonths: 7.14 });
    // The organization's: the median of its deployments' personnel, 3,000 → 3,100 a month, never pays back.
    expect(breakeven(['--organization'])).toMatchObject({ selfHostedOpexMonthlyUsd: 3_100, breakEvenMonths: null });
  }, 240_000);
});
