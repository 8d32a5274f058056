// The image works from what the Dockerfile puts in it, no Docker needed: the test reads the final
// stage's COPY lines, assembles exactly those files in a temporary directory (the build stage's dist/
// from `npm run build`'s own function, and for `npm ci --omit=dev` the production packages of the
// lockfile linked from node_modules, so an import of a dev dependency fails here as in the image), and
// runs the CLI, each app and each kind of worker thread from there with plain `node`, no TypeScript
// hooks. An import of something the image lacks (bench/, test/, a source .ts) fails here too.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/build';
import { createAppEnv } from '../support/app-env';
import { startApp, waitForHttp } from '../support/app-process';

const ROOT = path.resolve(__dirname, '../..');
const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');

/** The Dockerfile's stages: each FROM line and the lines after it. */
function stages(): string[][] {
  const lines = dockerfile.split('\n').map((line) => line.trim());
  const result: string[][] = [];
  for (const line of lines) {
    if (/^FROM\s/i.test(line)) result.push([]);
    result.at(-1)?.push(line);
  }
  return result;
}

/** A stage's COPY instructions: their sources, their --from stage (if any) and their destination. */
function copies(stage: string[]): Array<{ from: string | null; sources: string[]; destination: string }> {
  return stage
    .filter((line) => /^COPY\s/i.test(line))
    .map((line) => {
      const words = line.split(/\s+/).slice(1);
      const from = words.find((word) => word.startsWith('--from='))?.slice('--from='.length) ?? null;
      const paths = words.filter((word) => !word.startsWith('--'));
      return { from, sources: paths.slice(0, -1), destination: paths.at(-1)! };
    });
}

/** node_modules as `npm ci --omit=dev` leaves it: the lockfile's packages that are not dev-only. */
function linkProductionPackages(target: string): number {
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; devOptional?: boolean }>;
  };
  let linked = 0;
  for (const [location, entry] of Object.entries(lock.packages)) {
    // Top-level packages only: a nested one lives inside its parent's directory, linked with it.
    if (!location.startsWith('node_modules/') || location.slice(13).includes('node_modules/')) continue;
    if (entry.dev || entry.devOptional || !existsSync(path.join(ROOT, location))) continue;
    mkdirSync(path.dirname(path.join(target, location)), { recursive: true });
    symlinkSync(path.join(ROOT, location), path.join(target, location));
    linked++;
  }
  return linked;
}

let dir: string;

function run(args: string[], input?: string) {
  const result = spawnSync(process.execPath, args, {
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
  const [buildStage, finalStage] = stages();
  const named = /^FROM\s+\S+\s+AS\s+(\S+)/i.exec(buildStage![0]!)?.[1];
  for (const { from, sources, destination } of copies(finalStage!)) {
    for (const source of sources) {
      if (from === null) cpSync(path.join(ROOT, source), path.join(dir, source), { recursive: true });
      else {
        // The build stage's output: `npm run build` there, its own function here.
        expect([from, source, destination]).toEqual([named, '/app/dist', './']);
        build(path.join(dir, '.dist'));
        cpSync(path.join(dir, '.dist'), dir, { recursive: true });
        rmSync(path.join(dir, '.dist'), { recursive: true });
      }
    }
  }
  expect(linkProductionPackages(dir)).toBeGreaterThan(20);
  expect(existsSync(path.join(dir, 'prisma/migrations'))).toBe(true);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the image file set', () => {
  it('builds in its first stage, and copies neither bench/ nor test/ nor the TypeScript', () => {
    const [buildStage, finalStage] = stages();
    expect(buildStage!.join('\n')).toContain('npm run build');
    expect(copies(buildStage!).flatMap((copy) => copy.sources)).toEqual(
      expect.arrayContaining(['apps', 'libs', 'scripts', 'prisma']),
    );
    expect(finalStage!.join('\n')).toContain('npm ci --omit=dev');
    const sources = copies(finalStage!).flatMap((copy) => copy.sources);
    expect(sources.some((s) => /^(bench|test|apps|libs|scripts)\b/.test(s))).toBe(false);
    const typescript = spawnSync('find', ['apps', 'libs', 'scripts', '-name', '*.ts'], { cwd: dir, encoding: 'utf8' });
    expect(typescript.stdout).toBe('');
  });

  it('runs `tokenmeter --help`, which loads every command', () => {
    const help = run(['apps/cli/src/main.js', '--help']);
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
    const result = run(['apps/cli/src/main.js', 'breakeven'], JSON.stringify(scenario));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ breakEvenMonths: 12.5, verdict: 'api' });
  });

  it("loads every app's entry module", () => {
    const script = ['api', 'ingest', 'worker'].map((app) => `require('./apps/${app}/src/main.js');`).join(' ');
    const result = run(['-e', `${script} console.log('loaded')`]);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('loaded');
  });

  it('forecasts in a forecast thread', () => {
    const history = Array.from({ length: 56 }, (_, day) => 1_000 + (day % 7 === 5 ? -400 : 0) + day * 10);
    const script = `
      const { ForecastPool } = require('./libs/planner/src/forecast-pool.js');
      const pool = new ForecastPool({ PLANNER_FORECAST_THREADS: 1 });
      pool.forecast([${JSON.stringify(history)}]).then(async ([forecast]) => {
        console.log(forecast.historyDays, forecast.months.length > 0);
        await pool.onModuleDestroy();
      });`;
    const result = run(['-e', script]);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('56 true');
  });

  it('runs the migrations, as the migrate job does, from its prisma/migrations', async () => {
    const { env, db } = await createAppEnv();
    try {
      const result = spawnSync(process.execPath, ['libs/db/src/migrations/migrate-cli.js'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, ...env },
      });
      expect(result.stderr).toBe('');
      expect(result.stdout).toMatch(/^migrated \S+: up to date \(\d+ migrations\)\n$/);
    } finally {
      await db.drop();
    }
  });

  // The ingest's decode threads start before it is ready: each loads its entry point and the compiled modules.
  it.each(['api', 'ingest', 'worker'] as const)('boots the %s and answers /readyz', async (app) => {
    const { env, ports, db } = await createAppEnv();
    const started = startApp(app, env, dir, { built: true });
    try {
      await waitForHttp(`http://127.0.0.1:${ports[app]}/readyz`, started, 90_000);
    } finally {
      await started.stop();
      await db.drop();
    }
  });
});
