import { diffSchemas, isEmptyMigration } from './offline-prisma-cli';
import { applyPartitioning, partitionedTables } from './partitioned-models';

/** Migration SQL from one datamodel to the next, with the project's partitioning applied. */
export async function renderMigration(from: string | null, to: string): Promise<string | null> {
  const sql = await diffSchemas(from, to);
  if (isEmptyMigration(sql)) return null;
  return applyPartitioning(sql, partitionedTables(to));
}

/** Prisma's folder naming: a UTC timestamp to the second, then the name in snake case. */
export function migrationFolderName(name: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
  if (!slug) throw new Error('migration name: expected letters or digits, e.g. "add_deployments"');
  return `${stamp}_${slug}`;
}
