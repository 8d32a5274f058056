// The migrations folder in Prisma's layout: prisma/migrations/<timestamp>_<name>/migration.sql.
// Each folder also keeps the schema.prisma it was generated from, so the next migration can be
// diffed against it offline (stock Prisma ignores the extra file).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface MigrationFile {
  name: string;
  sql: string;
  /** What `prisma migrate deploy` stores in _prisma_migrations.checksum: SHA-256 of the script. */
  checksum: string;
  directory: string;
}

export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql, 'utf8').digest('hex');
}

export function readMigrations(migrationsDir: string): MigrationFile[] {
  if (!existsSync(migrationsDir)) return [];
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(migrationsDir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const directory = path.join(migrationsDir, name);
      const sql = readFileSync(path.join(directory, 'migration.sql'), 'utf8');
      return { name, sql, checksum: migrationChecksum(sql), directory };
    });
}

/** The datamodel the newest migration was generated from (null when there is no migration yet). */
export function lastMigratedSchema(migrationsDir: string): string | null {
  const last = readMigrations(migrationsDir).at(-1);
  if (!last) return null;
  const snapshot = path.join(last.directory, 'schema.prisma');
  if (!existsSync(snapshot)) {
    throw new Error(
      `${path.relative(process.cwd(), snapshot)} is missing: each migration keeps the schema it was generated from`,
    );
  }
  return readFileSync(snapshot, 'utf8');
}
