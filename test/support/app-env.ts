// Everything a test needs to run the apps as their own processes: a database cloned from the
// migrated template, its own topics, queue prefix, consumer group and ports, as environment variables.
import { inject } from 'vitest';
import type { TopicMap } from '../../libs/contracts/src/topics';
import { freePorts } from './app-process';
import { createTestDatabase, TestDatabase } from './test-database';
import { createTestTopics } from './test-topics';

export interface AppEnv {
  db: TestDatabase;
  env: Record<string, string>;
  ports: { api: number; ingest: number; worker: number };
  /** The topics' full names (the prefix included), for a test that reads what the apps wrote. */
  topics: TopicMap;
}

export async function createAppEnv(): Promise<AppEnv> {
  const db = await createTestDatabase(inject('templateDatabase'));
  const { prefix, topics } = await createTestTopics();
  const ports = freePorts();
  return {
    db,
    ports,
    topics,
    env: {
      DATABASE_URL: db.url,
      TOPIC_PREFIX: prefix,
      QUEUE_PREFIX: prefix.replace(/\W/g, ''),
      INGEST_GROUP_ID: `${prefix}ingest`,
      API_PORT: String(ports.api),
      INGEST_HTTP_PORT: String(ports.ingest),
      WORKER_HTTP_PORT: String(ports.worker),
    },
  };
}
