// schema.prisma is the source of truth: the migrations must produce exactly what it describes,
// and be recorded the way `prisma migrate deploy` records them.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { lastMigratedSchema, migrationChecksum, readMigrations } from '../../libs/db/src/migrations/migration-files';
import { renderMigration } from '../../libs/db/src/migrations/migration-generator';
import { applyMigrations } from '../../libs/db/src/migrations/migration-runner';
import { schemaSnapshot } from '../support/schema-snapshot';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const root = path.resolve(__dirname, '../..');
const migrationsDir = path.join(root, 'prisma/migrations');
const schema = readFileSync(path.join(root, 'prisma/schema.prisma'), 'utf8');

describe('Prisma migrations', () => {
  let migrated: TestDatabase;
  let fromSchema: TestDatabase;

  beforeAll(async () => {
    migrated = await createTestDatabase(inject('templateDatabase'));
    fromSchema = await createTestDatabase('template0');
    const client = new Client({ connectionString: fromSchema.url });
    await client.connect();
    await client.query((await renderMigration(null, schema))!);
    await client.end();
  });

  afterAll(async () => {
    await migrated?.drop();
    await fromSchema?.drop();
  });

  it('the newest migration was generated from the current schema.prisma (no drift)', async () => {
    const pending = await renderMigration(lastMigratedSchema(migrationsDir), schema);
    expect(
      pending,
      'schema.prisma has changes that no migration covers: run `npm run db:migration:new -- <name>`',
    ).toBeNull();
  });

  it('detects a column added to schema.prisma without a migration', async () => {
    const drifted = schema.replace(
      '  requests          Int\n',
      '  requests          Int\n  region            String?\n',
    );
    expect(drifted).not.toBe(schema);
    const pending = await renderMigration(lastMigratedSchema(migrationsDir), drifted);
    expect(pending).toMatch(/ALTER TABLE "usage_facts" ADD COLUMN\s+"region" TEXT/);
  });

  it('the migrated database matches schema.prisma: every table, column, type, index and constraint', async () => {
    const [actual, expected] = await Promise.all([schemaSnapshot(migrated.url), schemaSnapshot(fromSchema.url)]);
    expect(actual.columns.length).toBeGreaterThan(20);
    expect(actual).toEqual(expected);
    expect(actual.partitioning).toEqual(['usage_facts RANGE ("time")']);
  });

  it('records each migration in _prisma_migrations as prisma migrate deploy does', async () => {
    const client = new Client({ connectionString: migrated.url });
    await client.connect();
    const { rows } = await client.query(
      'SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count, logs ' +
        'FROM "_prisma_migrations" ORDER BY migration_name',
    );
    await client.end();
    const files = readMigrations(migrationsDir);
    expect(rows.map((row) => row.migration_name)).toEqual(files.map((file) => file.name));
    for (const [i, row] of rows.entries()) {
      expect(row.checksum).toBe(
        migrationChecksum(readFileSync(path.join(files[i].directory, 'migration.sql'), 'utf8')),
      );
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it('applies nothing twice and refuses a migration edited after it was applied', async () => {
    const again = await applyMigrations(migrated.url, readMigrations(migrationsDir));
    expect(again.applied).toEqual([]);
    const edited = mkdtempSync(path.join(tmpdir(), 'migrations-'));
    cpSync(migrationsDir, edited, { recursive: true });
    const first = readMigrations(edited)[0];
    writeFileSync(path.join(first.directory, 'migration.sql'), `${first.sql}\n-- edited\n`);
    await expect(applyMigrations(migrated.url, readMigrations(edited))).rejects.toThrow(
      /was modified after it was applied/,
    );
  });
});
