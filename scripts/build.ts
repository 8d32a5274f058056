// npm run build — the TypeScript the processes run, compiled ahead of time into dist/ (the image's app
// files): apps/, libs/ and the scripts the image runs, each file where its source is, as JavaScript with a
// source map. The compiler and its options are the ones `node -r ./scripts/register.js` compiles with on
// load (@swc-node/register reading tsconfig.json, SWC underneath), so a build runs the very code a
// development run does; the @tokenmeter/* aliases become relative paths. The thread entry points
// (*.worker.js) are copied as they are: from a build they find their modules compiled (thread-hooks.js).
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { transformSync } from '@swc-node/core';
import { readDefaultTsConfig, tsCompilerOptionsToSwcConfig } from '@swc-node/register/read-default-tsconfig';

const ROOT = path.resolve(__dirname, '..');
/** What the image runs besides apps/ and libs/. */
const SCRIPTS = ['scripts/create-topics.ts', 'scripts/thread-hooks.js'];
/** Sources no process runs: tests and their fixtures. */
const NOT_RUN = /\.(spec|test)\.ts$|\.d\.ts$|\/fixtures\//;

/** Every file under `dir` (relative to ROOT), the generated Prisma client included. */
function filesUnder(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)));
}

export function build(outDir: string): { compiled: number; copied: number } {
  const options = readDefaultTsConfig(path.join(ROOT, 'tsconfig.json'));
  rmSync(outDir, { recursive: true, force: true });
  let compiled = 0;
  let copied = 0;
  const sources = [...filesUnder('apps'), ...filesUnder('libs'), ...SCRIPTS].filter((file) => !NOT_RUN.test(file));
  for (const file of sources) {
    const source = path.join(ROOT, file);
    const target = path.join(outDir, file.replace(/\.ts$/, '.js'));
    mkdirSync(path.dirname(target), { recursive: true });
    if (file.endsWith('.js')) {
      copyFileSync(source, target);
      copied++;
    } else if (file.endsWith('.ts')) {
      const { code, map } = transformSync(
        readFileSync(source, 'utf8'),
        source,
        tsCompilerOptionsToSwcConfig(options, source),
      );
      const mapName = `${path.basename(target)}.map`;
      writeFileSync(target, `${code}\n//# sourceMappingURL=${mapName}\n`);
      // Named as in the repository, beside the map: a stack trace reads apps/api/src/main.ts:12.
      if (map) writeFileSync(`${target}.map`, JSON.stringify({ ...JSON.parse(map), sources: [path.basename(file)] }));
      compiled++;
    }
  }
  return { compiled, copied };
}

/**
 * An npm script's command line as the build runs it: without the TypeScript hooks, the compiled entry
 * (`node -r ./scripts/register.js apps/api/src/main.ts` → `node apps/api/src/main.js`).
 */
export function builtCommand(commandLine: string): string[] {
  const words = commandLine.split(' ').filter((word, i, all) => word !== '-r' && all[i - 1] !== '-r');
  if (words[0] !== 'node') throw new Error(`not a node command: ${commandLine}`);
  return words.map((word) => word.replace(/\.ts$/, '.js'));
}

if (require.main === module) {
  const outDir = path.resolve(process.argv[2] ?? path.join(ROOT, 'dist'));
  const started = performance.now();
  const { compiled, copied } = build(outDir);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`build: ${compiled} files compiled, ${copied} copied into ${outDir} in ${seconds} s\n`);
}
