// End to end: the real `tokenmeter recommend` process with the request on stdin, and its
// scenario piped to the real `tokenmeter breakeven`, which must give the same numbers back.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(__dirname, '../../../..');

function tokenmeter(command: string, stdin: string) {
  const run = spawnSync(process.execPath, ['-r', './scripts/register.js', 'apps/cli/src/main.ts', command], {
    cwd: repoRoot,
    input: stdin,
    encoding: 'utf8',
    timeout: 240_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const request = (volume: number | number[], team: Record<string, unknown> = {}) => ({
  workload: { provider: 'openai', model: 'gpt-4o', monthlyTokens: volume, inputShare: 0.7, cachedInputShare: 0.1 },
  team: { privacy: 'none', customization: false, latencySensitive: false, ...team },
  assumptions: {},
});

describe('tokenmeter recommend', () => {
  it('prints the fields of the issue, and breakeven reproduces its scenario', () => {
    // 15–18M tokens a month: between the bands, where buying (never paying back) keeps the API.
    const run = tokenmeter('recommend', JSON.stringify(request([15e6, 16e6, 18e6])));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.kind).toBe('STAY_ON_API');
    expect(['below-review', 'review', 'depends', 'self-host']).toContain(out.volumeBand);
    expect(out.forecastTokensPerMonth.low).toBeLessThanOrEqual(out.forecastTokensPerMonth.mid);
    expect(out.forecastTokensPerMonth.mid).toBeLessThanOrEqual(out.forecastTokensPerMonth.high);
    expect(out.substitute).toMatchObject({ model: 'llama-3.1-70b', parametersB: 70, reasoning: false });
    expect(out.substitute.qualityGap).toMatch(/GPQA Diamond/);
    expect(out.option).toBe('api');
    expect(out.monthlySavingsUsd).toBeLessThan(0);
    expect(out.rationale).toMatch(/costs \$[\d,]+ a month more than the API/);
    expect(out.money).toMatch(/^costs \$[\d,]+ a month more than the API$/);
    expect(out.confidence).toBe('low');
    // Sized for tonight's volume, a small configuration may never pay back; the flip names the larger one.
    expect(out.whatWouldFlip).toMatch(
      /tokens a month \(conservative forecast\)(, sized for it on [^,]+,)? this becomes MIGRATE_TO_SELF_HOSTED/,
    );
    expect(out.substitute.source).toMatch(/https:\/\//);
    const again = tokenmeter('breakeven', JSON.stringify(out.scenario));
    expect(again.status).toBe(0);
    const result = JSON.parse(again.stdout);
    expect(result.breakEvenMonths).toBe(out.breakEvenMonths);
    expect(Math.round((result.apiMonthlyUsd - result.amortizedMonthlyUsd) * 100) / 100).toBeCloseTo(
      out.monthlySavingsUsd,
      1,
    );
  }, 300_000);

  it('moves a self-host-band workload whose purchase never pays back to the cheaper hosted model (#15)', () => {
    // 41–52M tokens a month, decided in the self-host band: buying 1× A100 never pays back, but the same
    // Llama 3.1 70B from a hosted open-model API costs less than the API month by month.
    const out = JSON.parse(tokenmeter('recommend', JSON.stringify(request([41e6, 45e6, 52e6]))).stdout);
    expect(out).toMatchObject({
      kind: 'MIGRATE_TO_SELF_HOSTED',
      volumeBand: 'self-host',
      option: 'hosted-open-model',
      breakEvenMonths: null,
    });
    expect(out.money).toMatch(/^saves \$[\d,]+ a month against the API$/);
    expect(out.rationale).toMatch(/the cheapest option that meets the constraints\./);
    expect(out.rationale).toMatch(/Buying the GPUs would never break even\./);
    const result = JSON.parse(tokenmeter('breakeven', JSON.stringify(out.scenario)).stdout);
    expect(result.breakEvenMonths).toBeNull();
    const monthly = (name: string) => result.options.find((o: { option: string }) => o.option === name).monthlyUsd;
    // `breakeven` prints each option to the cent, so their difference may be a cent off the stored saving.
    expect(monthly('api') - monthly('hosted-open-model')).toBeCloseTo(out.monthlySavingsUsd, 1);
  }, 300_000);

  it('migrates a large steady workload, and self-hosts for compliance only without a compliant API', () => {
    const big = JSON.parse(tokenmeter('recommend', JSON.stringify(request(3e9))).stdout);
    // The same Llama 3.1 70B on a hosted open-model API (the price book's cheapest open-weight host)
    // costs less over the 60-month horizon than buying or renting GPUs for it.
    expect(big).toMatchObject({ kind: 'MIGRATE_TO_SELF_HOSTED', volumeBand: 'self-host', option: 'hosted-open-model' });
    // The money is the hosted option's, as `breakeven` lists it: no capex, so no break-even.
    expect(big.breakEvenMonths).toBeNull();
    expect(big.money).toMatch(/^saves \$[\d,]+ a month against the API$/);
    const options = JSON.parse(tokenmeter('breakeven', JSON.stringify(big.scenario)).stdout).options;
    const monthly = (name: string) => options.find((o: { option: string }) => o.option === name).monthlyUsd;
    expect(Math.round((monthly('api') - monthly('hosted-open-model')) * 100) / 100).toBe(big.monthlySavingsUsd);
    expect(big.rationale).toContain(big.substitute.qualityGap);
    const locked = JSON.parse(
      tokenmeter('recommend', JSON.stringify(request(0.2e6, { privacy: 'must-not-leave' }))).stdout,
    );
    expect(locked.kind).toBe('SELF_HOST_FOR_COMPLIANCE');
    expect(locked.monthlySavingsUsd).toBeLessThan(0);
    const viaBedrock = JSON.parse(
      tokenmeter('recommend', JSON.stringify(request(0.2e6, { privacy: 'must-not-leave', providers: ['bedrock'] })))
        .stdout,
    );
    expect(viaBedrock.kind).toBe('STAY_ON_API');
  }, 300_000);

  it('prices a substitute without a published throughput on its hosted open-model API (issue #16 repro)', () => {
    const o3 = {
      workload: { provider: 'openai', model: 'o3-mini', monthlyTokens: 10e9, inputShare: 0.5 },
      team: { privacy: 'none' },
      assumptions: {},
    };
    const out = JSON.parse(tokenmeter('recommend', JSON.stringify(o3)).stdout);
    // By hand: the API at o3-mini's 1.1/4.4 per million, 10,000 M × (0.5 × 1.1 + 0.5 × 4.4) = $27,500; Fireworks'
    // Qwen3 235B at 0.22/0.88 × 1.3 tokens per API token: 10,000 × 1.3 × (0.5 × 0.22 + 0.5 × 0.88) = $7,150.
    expect(out).toMatchObject({ kind: 'MIGRATE_TO_SELF_HOSTED', option: 'hosted-open-model', breakEvenMonths: null });
    expect(out.monthlySavingsUsd).toBe(20350);
    expect(out.rationale).toMatch(/Buying or renting not compared: no catalog GPU configuration has a published/);
    const result = JSON.parse(tokenmeter('breakeven', JSON.stringify(out.scenario)).stdout);
    expect(result.cheapestOption).toBe('hosted-open-model');
    expect(result.breakEvenMonths).toBeNull();
  }, 300_000);

  it('says its busiest hour is assumed, and names consumer GPUs as such', () => {
    // 4.1–5.2B tokens a month, privacy critical: rented H100s; the floor sized on RTX 4090s.
    const run = tokenmeter('recommend', JSON.stringify(request([4.1e9, 4.5e9, 5.2e9], { privacy: 'critical' })));
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    // It said "the last 30.4375 days' busiest hour": no hour was measured.
    expect(out.rationale).toContain("for the busiest hour the request's peakToMean of 1.5 assumes (the sizing basis)");
    expect(out.rationale).not.toMatch(/30\.4375/);
    expect(out.whatWouldFlip).toContain('4× rtx-4090-24gb (consumer cards, whose licence restricts datacenter use)');
  }, 300_000);

  it('names every bad field and exits with status 2', () => {
    const run = tokenmeter(
      'recommend',
      JSON.stringify({
        workload: { provider: 'openai', model: 'gpt-4o', monthlyTokens: -1 },
        team: { privacy: 'secret' },
      }),
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/workload\.monthlyTokens/);
    expect(run.stderr).toMatch(/workload\.inputShare/);
    expect(run.stderr).toMatch(/team\.privacy: expected one of none, preferred, critical, must-not-leave/);
  }, 300_000);
});
