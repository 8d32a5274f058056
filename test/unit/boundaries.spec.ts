// The boundary rules (.dependency-cruiser.cjs, run by `npm run boundaries` in `npm test`) fail on
// bad imports: a throwaway tree with one deliberately bad import per rule, cruised with the real
// configuration. And the pure libs read no clock and no environment (a source scan: no import
// rule can see `Date.now()` or `process.env`).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');

const FIXTURE: Record<string, string> = {
  'apps/worker/src/main.ts': 'export const bootstrapWorker = () => 1;\n',
  'apps/worker/src/reports/builder.ts': 'export const builder = 1;\n',
  'apps/api/src/bad-app-import.ts':
    "import { builder } from '../../worker/src/reports/builder';\nexport const y = builder;\n",
  'apps/cli/src/serve.ts':
    "import { bootstrapWorker } from '../../worker/src/main';\nexport const s = bootstrapWorker;\n",
  'apps/cli/src/bad-bench-import.ts': "import { w } from '../../../bench/workload';\nexport const z = w;\n",
  'bench/workload.ts': 'export const w = 1;\n',
  'libs/db/src/bad-app-import.ts': "import { y } from '../../../apps/api/src/bad-app-import';\nexport const d = y;\n",
  'libs/finops/src/bad-io.ts': "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n",
  'libs/finops/src/bad-nest.ts': "import { Injectable } from '@nestjs/common';\nexport const n = Injectable;\n",
  'libs/finops/src/io.spec.ts': "import { readFileSync } from 'node:fs';\nexport const ok = readFileSync;\n",
  'libs/telemetry/src/bad-lib.ts': "import { d } from '../../db/src/bad-app-import';\nexport const t = d;\n",
  'libs/contracts/src/bad-contracts.ts': "import { Queue } from 'bullmq';\nexport type Q = Queue;\n",
  'libs/planner/src/cycle-a.ts': "import type { B } from './cycle-b';\nexport interface A { b?: B }\n",
  'libs/planner/src/cycle-b.ts': "import type { A } from './cycle-a';\nexport interface B { a?: A }\n",
};

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

let dir: string;
let violations: Violation[];

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tokenmeter-boundaries-'));
  for (const [file, text] of Object.entries(FIXTURE)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { baseUrl: '.', strict: true } }));
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  const args = [
    path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'),
    '--config',
    path.join(root, '.dependency-cruiser.cjs'),
  ];
  let out: string;
  try {
    out = execFileSync(process.execPath, [...args, '--output-type', 'json', 'apps', 'libs', 'bench'], {
      cwd: dir,
      encoding: 'utf8',
    });
  } catch (error) {
    out = (error as { stdout: string }).stdout; // exit code = number of errors
  }
  violations = JSON.parse(out).summary.violations;
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hits = (rule: string) => violations.filter((v) => v.rule.name === rule).map((v) => `${v.from} → ${v.to}`);

describe('boundary rules', () => {
  it('refuse an app importing another app, but allow its main.ts', () => {
    expect(hits('app-imports-other-app')).toEqual([
      'apps/api/src/bad-app-import.ts → apps/worker/src/reports/builder.ts',
    ]);
  });

  it('refuse apps and libs importing bench/ or test/', () => {
    expect(hits('imports-bench-or-test')).toEqual(['apps/cli/src/bad-bench-import.ts → bench/workload.ts']);
  });

  it('refuse a lib importing an app', () => {
    expect(hits('lib-imports-app')).toEqual(['libs/db/src/bad-app-import.ts → apps/api/src/bad-app-import.ts']);
  });

  it('refuse I/O, Nest and impure libs in the pure libs (specs excepted)', () => {
    expect(hits('pure-lib-imports-io-module')).toEqual(['libs/finops/src/bad-io.ts → fs']);
    expect(hits('pure-lib-imports-io-package')).toEqual([
      expect.stringMatching(/^libs\/contracts\/src\/bad-contracts\.ts → .*node_modules\/bullmq\//),
      expect.stringMatching(/^libs\/finops\/src\/bad-nest\.ts → .*node_modules\/@nestjs\/common\//),
    ]);
    expect(hits('pure-lib-imports-impure-lib')).toEqual([
      'libs/telemetry/src/bad-lib.ts → libs/db/src/bad-app-import.ts',
    ]);
  });

  it('refuse import cycles, type-only ones included', () => {
    // A cycle is reported once, from the first file of it that is cruised.
    expect(hits('no-circular')).toEqual(['libs/planner/src/cycle-a.ts → libs/planner/src/cycle-b.ts']);
  });
});

describe('pure libs', () => {
  const CLOCK_OR_ENV = /\bDate\.now\(|new Date\(\)|performance\.now\(|\bprocess\.(env|argv|hrtime|cwd)\b/;
  const sources = (dirName: string): string[] =>
    readdirSync(dirName, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dirName, entry.name);
      if (entry.isDirectory()) return sources(full);
      return /\.ts$/.test(entry.name) && !/\.(spec|test)\.ts$/.test(entry.name) ? [full] : [];
    });

  it.each(['finops', 'telemetry', 'contracts'])(
    'libs/%s reads no clock and no environment (take `now` as an argument)',
    (lib) => {
      const offending = sources(path.join(root, 'libs', lib, 'src')).flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .flatMap((line, i) =>
            CLOCK_OR_ENV.test(line) && !line.trim().startsWith('//')
              ? [`${path.relative(root, file)}:${i + 1}: ${line.trim()}`]
              : [],
          ),
      );
      expect(offending).toEqual([]);
    },
  );
});
