// npm run db:migrate — applies pending migrations offline (see migration-runner.ts).
import path from 'node:path';
import { loadConfigOrExit } from '@tokenmeter/config';
import { readMigrations } from './migration-files';
import { applyMigrations, ensureDatabase } from './migration-runner';
import { REPO_ROOT } from './offline-prisma-cli';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  await ensureDatabase(config.DATABASE_URL);
  const outcome = await applyMigrations(config.DATABASE_URL, readMigrations(path.join(REPO_ROOT, 'prisma/migrations')));
  const database = new URL(config.DATABASE_URL).pathname.slice(1);
  process.stdout.write(
    outcome.applied.length
      ? `migrated ${database}: applied ${outcome.applied.join(', ')}\n`
      : `migrated ${database}: up to date (${outcome.alreadyApplied.length} migrations)\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`db:migrate: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
