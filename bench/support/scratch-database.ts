// Each benchmark works in a freshly migrated database of its own on the local Postgres, dropped at
// the end (BENCH_KEEP=1 keeps it for a look with psql), and ends its process with one exit code.
import path from 'node:path';
import { Client } from 'pg';
import { applyMigrations, ensureDatabase, readMigrations } from '../../libs/db/src/migrations/index-for-tests';

/** The Postgres server the benchmarks use, without a database name. */
export const BENCH_SERVER = process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';

async function onServer(statement: string): Promise<void> {
  const admin = new Client({ connectionString: `${BENCH_SERVER}/postgres` });
  admin.on('error', () => undefined);
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

/** Creates `name` afresh (dropping what a crashed run left), migrated as production is; its URL. */
export async function scratchDatabase(name: string): Promise<string> {
  await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  const url = `${BENCH_SERVER}/${name}`;
  await ensureDatabase(url);
  await applyMigrations(url, readMigrations(path.resolve(__dirname, '../../prisma/migrations')));
  return url;
}

/** A session on a scratch database, usage_facts partitioned by month from `first` to two months past `last`. */
export async function sessionWithPartitions(url: string, first: string, last: string): Promise<Client> {
  const sql = new Client({ connectionString: url });
  sql.on('error', () => undefined);
  await sql.connect();
  await sql.query(
    "SELECT tokenmeter_ensure_monthly_partitions('usage_facts', $1::date, ($2::date + interval '2 months')::date)",
    [first, last],
  );
  return sql;
}

export async function dropScratchDatabase(name: string): Promise<void> {
  if (process.env.BENCH_KEEP) return;
  await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
}

/** Runs a benchmark's main and exits: 0 after its JSON line, 1 with the stack on stderr. */
export function runBench(name: string, main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${name} failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
