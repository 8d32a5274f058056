// `npm run demo -- --no-serve` does TokenMeter's main job end to end and reports a non-zero figure
// for every part: ingestion rate, vLLM logs, the fleet, recommendations, alerts, spend per team.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppEnv } from '../support/app-env';
import type { TestDatabase } from '../support/test-database';

const ROOT = path.resolve(__dirname, '../..');

describe('npm run demo', () => {
  let db: TestDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    ({ db, env } = await createAppEnv());
  });

  afterAll(async () => db?.drop());

  it('runs end to end with --no-serve, exits 0 and shows every figure', async () => {
    const child = spawn('npm', ['run', '-s', 'demo', '--', '--no-serve', '--scale', '0.3'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, out).toBe(0);

    const rate = /ingested ([\d,]+) usage events in [\d.]+ s: ([\d,]+) events\/s end to end/.exec(out);
    expect(rate, out).not.toBeNull();
    expect(Number(rate![1].replace(/,/g, ''))).toBeGreaterThan(10_000);
    expect(Number(rate![2].replace(/,/g, ''))).toBeGreaterThan(0);
    expect(out).toMatch(/vLLM logs: [\d,]+ utilization samples stored/);
    expect(out).toMatch(/nightly chain: 90 nights/);
    // One unit: output tokens against the rated output capacity; occupancy and KV cache beside it.
    expect(out).toMatch(
      new RegExp(
        'llama-70b-pool +utilization +\\d+\\.\\d% \\(output tokens ÷ rated [\\d.]+ output tok/s\\) {2}' +
          'occupancy +[\\d.]+% {2}KV cache +[\\d.]+% {2}cost \\$ *[1-9][\\d.]* {2}' +
          'idle waste \\$ *[\\d.]+ \\(= cost × \\(1 − utilization\\)\\) {2}[\\d.]+M output tokens',
      ),
    );
    // No capacity (no rating, no catalog run for Qwen3-30B on L40S): unknown, never 100%.
    expect(out).toMatch(/qwen-30b-l40s +utilization unknown \(output tokens ÷ no capacity\)/);
    // Idle capacity the organization owns comes before any purchase (llama-70b-pool is mostly idle).
    expect(out).toMatch(/(MIGRATE_TO_SELF_HOSTED|USE_EXISTING_CAPACITY) +\w+ +api:/);
    // Coherent answers (issue 16): checked over every night, not only the last one shown.
    expect(out).toMatch(
      new RegExp(
        'coherence over the 90 nights: 0 migrations below the review band without a hard constraint, ' +
          "0 migrations without their quality gap, 0 break-even alerts contradicting their night's recommendation, " +
          '0 migrations without capex costing more than the API',
      ),
    );
    expect(out).not.toMatch(/incoherent:/);
    // A premium is said as a premium: never a negative saving.
    expect(out).not.toMatch(/\$-\d|savings \$-/);
    expect(out).toMatch(/what would flip it: /);
    // A self-hosting alert never names a zero threshold (a workload on idle capacity has none of its own).
    expect(out).not.toMatch(/self-hosting threshold 0\.0M/);
    expect(out).toMatch(/alerts fired over the 90 nights: [1-9]\d*/);
    for (const team of ['search', 'support', 'marketing', 'risk'])
      expect(out).toMatch(new RegExp(`  ${team} +\\$ +[1-9][\\d,.]* +[\\d.]+M tokens +[\\d,]+ events`));
    expect(out).toMatch(/weekly report \d{4}-W\d{2}: stored for the organization and 4 teams/);
    expect(out).toMatch(/dashboard +http:\/\/127\.0\.0\.1:\d+\/dashboard/);
    expect(out).toMatch(/sign in at http:\/\/127\.0\.0\.1:\d+\/login with the finops key: tm_finops_/);
    // The prompts in the shipped vLLM logs were dropped, never printed or stored.
    expect(out).not.toMatch(/termination clause|invoice #4471/);
  });
});
