// Runs once per `vitest run`: a freshly migrated template database that every integration
// suite clones (CREATE DATABASE … TEMPLATE is much faster than migrating per suite). Its name is
// unique per run, so two runs on one machine (two checkouts, two developers) never share one.

import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import type { TestProject } from 'vitest/node';
import { applyMigrations, ensureDatabase, readMigrations } from '../../libs/db/src/migrations/index-for-tests';
import { adminQuery, databaseUrl, TEMPLATE_DATABASE_PREFIX } from './test-database';
import { TEST_PRODUCER_KEY_SQL } from './test-signing-key';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const template = `${TEMPLATE_DATABASE_PREFIX}${process.pid}_${randomBytes(3).toString('hex')}`;
  await ensureDatabase(databaseUrl(template));
  await applyMigrations(databaseUrl(template), readMigrations(path.resolve(__dirname, '../../prisma/migrations')));
  await queryIn(template, TEST_PRODUCER_KEY_SQL);
  project.provide('templateDatabase', template);
  return async () => {
    await adminQuery(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

async function queryIn(database: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl(database) });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
