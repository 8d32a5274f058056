// Runs once per `vitest run`: a freshly migrated template database that every integration
// suite clones (CREATE DATABASE … TEMPLATE is much faster than migrating per suite).
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { applyMigrations, ensureDatabase, readMigrations } from '../../libs/db/src/migrations/index-for-tests';
import { adminQuery, TEMPLATE_DATABASE, databaseUrl } from './test-database';

export default async function setup(project: TestProject): Promise<void> {
  await adminQuery(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${TEMPLATE_DATABASE}'`);
  await adminQuery(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE}`);
  await ensureDatabase(databaseUrl(TEMPLATE_DATABASE));
  await applyMigrations(databaseUrl(TEMPLATE_DATABASE), readMigrations(path.resolve(__dirname, '../../prisma/migrations')));
  project.provide('templateDatabase', TEMPLATE_DATABASE);
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}
