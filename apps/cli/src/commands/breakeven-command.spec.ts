// End to end: the real `tokenmeter breakeven` process, scenario on stdin, JSON or problems out.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(__dirname, '../../../..');

function breakeven(stdin: string) {
  const run = spawnSync(process.execPath, ['-r', './scripts/register.js', 'apps/cli/src/main.ts', 'breakeven'], {
    cwd: repoRoot,
    input: stdin,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const exampleScenario = {
  workload: {
    tokensPerMonth: 50000000,
    matchCapacity: false,
    inputShare: 0.25,
    cachedInputShare: 0,
    apiMonthlyUsd: null,
    monthlyGrowth: 0,
  },
  api: { inputPerMTok: 10, outputPerMTok: 30, cachedInputPerMTok: null },
  selfHosted: {
    gpuCount: 1,
    gpuUnitPriceUsd: 15000,
    otherCapexUsd: 0,
    gpuPowerWatts: 400,
    hoursPerMonth: 730,
    pue: 1,
    electricityUsdPerKwh: 0.15,
    electricityUsdPerMonth: 50,
    hostingUsdPerMonth: 0,
    personnelUsdPerMonth: 0,
    maintenanceUsdPerMonth: 0,
    amortizationMonths: 36,
    throughputTokensPerSec: null,
  },
  horizonMonths: 60,
  targetBreakEvenMonths: 12,
};

describe('tokenmeter breakeven', () => {
  it('prints one result JSON for the example scenario', () => {
    const run = breakeven(JSON.stringify(exampleScenario));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      breakEvenMonths: 12.5,
      verdict: 'api',
      apiMonthlyUsd: 1250,
      selfHostedOpexMonthlyUsd: 50,
      capexUsd: 15000,
      amortizedMonthlyUsd: 466.67,
      capacityTokensPerMonth: null,
      deploymentsNeeded: 1,
      cumulativeSavingsUsd: { '12': -600, '36': 28200, '60': 57000 },
      thresholdTokensPerMonth: 52000000,
    });
  }, 60_000);

  it('gives no buying savings when nothing could be sized to buy, only the options that were priced', () => {
    const unsizedReason = 'no catalog GPU configuration has a published throughput for qwen3-235b-a22b';
    const run = breakeven(
      JSON.stringify({
        ...exampleScenario,
        selfHosted: { ...exampleScenario.selfHosted, unsizedReason },
        hostedOpenModel: { inputPerMTok: 0.6, outputPerMTok: 1 },
      }),
    );
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout);
    // Free hardware would "save" the whole API bill: $15,000 over 12 months.
    expect(result).toMatchObject({ selfHostedSized: false, cumulativeSavingsUsd: {}, npvUsd: null, verdict: 'api' });
    expect(result.cheapestOption).toBe('hosted-open-model');
  }, 60_000);

  it('exits 2 naming every problem of an invalid scenario', () => {
    const run = breakeven(
      JSON.stringify({
        workload: { tokensPerMonth: -5, inputShare: 0.25 },
        api: { inputPerMTok: 10 },
        selfHosted: { gpuUnitPriceUsd: 15000, electricityUsdPerMonth: 50, pue: 0.8 },
        horizonMonths: 'long',
      }),
    );
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([
      'workload.tokensPerMonth: expected a non-negative number or null, got -5',
      'selfHosted.pue: expected a PUE of at least 1, got 0.8',
      'horizonMonths: expected a positive whole number, got "long"',
      'api.outputPerMTok: required unless workload.apiMonthlyUsd is given',
    ]);
  }, 60_000);

  it('exits 2 on input that is not JSON', () => {
    const run = breakeven('{ nope');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^stdin: not valid JSON/);
  }, 60_000);
});
