// Runs Prisma 6.19's CLI with the JavaScript schema engine (prisma/offline.config.ts) to render
// migration SQL without the native schema engine, which cannot be downloaded here.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ensureEnginePlaceholder } from './engine-placeholder';

const run = promisify(execFile);
export const REPO_ROOT = path.resolve(__dirname, '../../../..');

/**
 * Prisma 7 schemas keep the URL in prisma.config.ts; Prisma 6 insists on one in the datasource
 * block. The URL is never used by `migrate diff` between two datamodels.
 */
function asPrisma6Schema(schema: string): string {
  return schema.replace(/(datasource\s+\w+\s*\{[^}]*?provider\s*=\s*"postgresql")/, '$1\n  url = env("DATABASE_URL")');
}

/** SQL that turns the `from` datamodel (null: an empty database) into the `to` datamodel. */
export async function diffSchemas(from: string | null, to: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tokenmeter-diff-'));
  try {
    const toFile = path.join(dir, 'to.prisma');
    await writeFile(toFile, asPrisma6Schema(to));
    const fromArgs = from === null ? ['--from-empty'] : ['--from-schema-datamodel', path.join(dir, 'from.prisma')];
    if (from !== null) await writeFile(path.join(dir, 'from.prisma'), asPrisma6Schema(from));
    const engine = await ensureEnginePlaceholder();
    const { stdout } = await run(
      process.execPath,
      [
        path.join(REPO_ROOT, 'node_modules/prisma6/build/index.js'),
        'migrate',
        'diff',
        '--config',
        path.join(REPO_ROOT, 'prisma/offline.config.ts'),
        ...fromArgs,
        '--to-schema-datamodel',
        toFile,
        '--script',
      ],
      {
        cwd: REPO_ROOT,
        maxBuffer: 64 * 1024 * 1024,
        env: {
          ...process.env,
          DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
          PRISMA_SCHEMA_ENGINE_BINARY: engine,
          PRISMA_QUERY_ENGINE_LIBRARY: engine,
          PRISMA_HIDE_UPDATE_MESSAGE: '1',
          PRISMA_DISABLE_WARNINGS: '1',
          CHECKPOINT_DISABLE: '1',
        },
      },
    );
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** True when a rendered script holds no statement (Prisma prints a comment for an empty diff). */
export function isEmptyMigration(sql: string): boolean {
  return sql
    .split('\n')
    .map((line) => line.trim())
    .every((line) => line === '' || line.startsWith('--'));
}

export async function readText(file: string): Promise<string> {
  return readFile(file, 'utf8');
}
