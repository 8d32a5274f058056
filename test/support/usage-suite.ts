// Shared setup of the ingestion suites: a database, topics and a consumer group of their own.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { inject } from 'vitest';
import type { TopicMap } from '../../libs/contracts/src/topics';
import { BIGINT_AS_BIGINT_TYPES } from '../../libs/db/src/client/database-pool';
import type { TestEnv } from './ingest-harness';
import { createTestDatabase, TestDatabase } from './test-database';
import { createTestTopics } from './test-topics';

export interface UsageSuite {
  db: TestDatabase;
  sql: Client;
  topics: TopicMap;
  env: TestEnv;
  countStored(): Promise<number>;
  close(): Promise<void>;
}

export async function createUsageSuite(): Promise<UsageSuite> {
  const db = await createTestDatabase(inject('templateDatabase'));
  const { prefix, topics } = await createTestTopics();
  const sql = new Client({ connectionString: db.url, types: BIGINT_AS_BIGINT_TYPES });
  await sql.connect();
  return {
    db,
    sql,
    topics,
    env: {
      DATABASE_URL: db.url,
      TOPIC_PREFIX: prefix,
      INGEST_GROUP_ID: `${prefix}ingest-${randomBytes(2).toString('hex')}`,
    },
    countStored: async () => Number((await sql.query('SELECT count(*) AS n FROM usage_records')).rows[0].n),
    close: async () => {
      await sql.end();
      await db.drop();
    },
  };
}
