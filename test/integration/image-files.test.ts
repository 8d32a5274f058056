// The image works from the files the Dockerfile copies, no Docker needed: the test reads the
// Dockerfile's COPY lines, assembles exactly those files in a temporary directory (node_modules and
// the generated Prisma client stand in for `npm ci` and `prisma generate`), and runs the CLI and an
// app from there. An import of something the image lacks (bench/, test/) fails here.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppEnv } from '../support/app-env';
import { startApp, waitForHttp } from '../support/app-process';

const ROOT = path.resolve(__dirname, '../..');

/** The sources of the Dockerfile's COPY instructions (build-context paths; no --from stages). */
function dockerfileCopySources(dockerfile: string): string[] {
  return dockerfile
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^COPY\s/i.test(line) && !/--from=/.test(line))
    .flatMap((line) =>
      line
        .split(/\s+/)
        .slice(1, -1)
        .filter((arg) => !arg.startsWith('--')),
    );
}

let dir: string;

function run(args: string[], input?: string) {
  const result = spawnSync(process.execPath, ['-r', './scripts/register.js', ...args], {
    cwd: dir,
    input,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, LOG_LEVEL: 'warn' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tokenmeter-image-'));
  for (const source of dockerfileCopySources(readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'))) {
    cpSync(path.join(ROOT, source), path.join(dir, source), { recursive: true });
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  // `RUN bash scripts/prisma-generate.sh` in the image; here the repository's generated client.
  rmSync(path.join(dir, 'libs/db/src/generated'), { recursive: true, force: true });
  symlinkSync(path.join(ROOT, 'libs/db/src/generated'), path.join(dir, 'libs/db/src/generated'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the image file set', () => {
  it('copies neither bench/ nor test/', () => {
    const sources = dockerfileCopySources(readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'));
    expect(sources).toEqual(expect.arrayContaining(['apps', 'libs', 'scripts', 'prisma']));
    expect(sources.some((s) => /^(bench|test)\b/.test(s))).toBe(false);
  });

  it('runs `tokenmeter --help`, which loads every command', () => {
    const help = run(['apps/cli/src/main.ts', '--help']);
    expect(help.stderr).toBe('');
    expect(help.status).toBe(0);
    for (const command of ['breakeven', 'plan', 'report', 'demo', 'serve', 'emit'])
      expect(help.stdout).toContain(command);
  });

  it('runs `tokenmeter breakeven` on a scenario', () => {
    const scenario = {
      workload: {
        tokensPerMonth: 50_000_000,
        matchCapacity: false,
        inputShare: 0.25,
        cachedInputShare: 0,
        apiMonthlyUsd: null,
        monthlyGrowth: 0,
      },
      api: { inputPerMTok: 10, outputPerMTok: 30, cachedInputPerMTok: null },
      selfHosted: {
        gpuCount: 1,
        gpuUnitPriceUsd: 15_000,
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
    const result = run(['apps/cli/src/main.ts', 'breakeven'], JSON.stringify(scenario));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ breakEvenMonths: 12.5, verdict: 'api' });
  });

  it("loads every app's entry module", () => {
    const script = ['api', 'ingest', 'worker'].map((app) => `require('./apps/${app}/src/main.ts');`).join(' ');
    const result = run(['-e', `${script} console.log('loaded')`]);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('loaded');
  });

  it('boots the API and answers /readyz', async () => {
    const { env, ports, db } = await createAppEnv();
    const app = startApp('api', env, dir);
    try {
      await waitForHttp(`http://127.0.0.1:${ports.api}/readyz`, app, 90_000);
    } finally {
      await app.stop();
      await db.drop();
    }
  });
});
