// A Postgres restart in the middle of ingestion loses nothing and counts nothing twice: the
// consumer keeps retrying the micro-batch in hand without committing, then carries on.
import { execSync } from 'node:child_process';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePorts, startApp, waitForHttp } from '../support/app-process';
import { produce } from '../support/kafka-helpers';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { createTestTopics } from '../support/test-topics';
import { usageEvent } from '../support/usage-events';
import { waitFor } from '../support/wait-for';

const restartPostgres = () =>
  execSync('pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql | head -1) main restart', { stdio: 'pipe', shell: '/bin/bash' });

async function count(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    return Number((await client.query(`SELECT count(*) AS n FROM usage_records WHERE source = 'test:/pg-restart'`)).rows[0].n);
  } catch {
    return -1; // Postgres is restarting
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe('ingest across a Postgres restart', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase(inject('templateDatabase'));
  });

  afterAll(async () => db?.drop());

  it('stores every event exactly once', async () => {
    const { prefix, topics } = await createTestTopics();
    const total = 40_000;
    await produce(
      topics.usageEvents,
      Array.from({ length: total }, (_, i) => {
        const event = usageEvent({ id: `pg-${i}`, source: 'test:/pg-restart', team: `team-${i % 5}` });
        return { key: event.subject, value: JSON.stringify(event) };
      }),
    );
    const ports = freePorts();
    const ingest = startApp('ingest', {
      DATABASE_URL: db.url,
      TOPIC_PREFIX: prefix,
      INGEST_GROUP_ID: `${prefix}ingest`,
      INGEST_HTTP_PORT: String(ports.ingest),
      INGEST_MICRO_BATCH: '1000',
    });
    try {
      await waitForHttp(`http://127.0.0.1:${ports.ingest}/healthz`, ingest);
      await waitFor(() => count(db.url), (n) => n > 0, 60_000, 'ingestion to start');
      restartPostgres();
      const afterRestart = await waitFor(() => count(db.url), (n) => n >= 0, 60_000, 'Postgres back');
      expect(afterRestart).toBeLessThan(total); // the restart did land mid-stream
      await waitFor(() => count(db.url), (n) => n >= total, 120_000, `all ${total} events`);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(await count(db.url)).toBe(total);
      expect(ingest.child.exitCode).toBeNull(); // it rode the outage out, it did not crash
      expect(ingest.output()).toMatch(/retrying without committing/);
    } finally {
      await ingest.stop();
    }
  });
});
