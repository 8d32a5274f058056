// A Postgres restart in the middle of ingestion loses nothing and counts nothing twice: the
// consumer keeps retrying the micro-batch in hand without committing, then carries on.
import { exec } from 'node:child_process';
import { promisify } from 'node:util';
import { usageEvent } from '@tokenmeter/workload';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePorts, startApp, waitForHttp } from '../support/app-process';
import { produce } from '../support/kafka-helpers';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { createTestTopics } from '../support/test-topics';
import { waitFor } from '../support/wait-for';

// Asynchronous, so the producer below keeps sending while Postgres is down.
const restartPostgres = () =>
  promisify(exec)('pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql | head -1) main restart', {
    shell: '/bin/bash',
  });

async function count(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    return Number(
      (await client.query(`SELECT count(*) AS n FROM usage_records WHERE source = 'test:/pg-restart'`)).rows[0].n,
    );
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
    const ports = freePorts();
    const ingest = startApp('ingest', {
      DATABASE_URL: db.url,
      TOPIC_PREFIX: prefix,
      INGEST_GROUP_ID: `${prefix}ingest`,
      INGEST_HTTP_PORT: String(ports.ingest),
      INGEST_MICRO_BATCH: '1000',
    });
    // Events keep arriving before, during and after the restart, so it surely lands mid-stream.
    let sent = 0;
    let producing = true;
    const producer = (async () => {
      while (producing) {
        await produce(
          topics.usageEvents,
          Array.from({ length: 1_000 }, () => {
            const event = usageEvent({ id: `pg-${sent}`, source: 'test:/pg-restart', team: `team-${sent++ % 5}` });
            return { key: event.subject, value: JSON.stringify(event) };
          }),
        );
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    try {
      await waitForHttp(`http://127.0.0.1:${ports.ingest}/healthz`, ingest);
      await waitFor(
        () => count(db.url),
        (n) => n > 0,
        60_000,
        'ingestion to start',
      );
      await restartPostgres();
      await waitFor(
        () => count(db.url),
        (n) => n >= 0,
        60_000,
        'Postgres back',
      );
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      producing = false;
      await producer;
      await waitFor(
        () => count(db.url),
        (n) => n >= sent,
        120_000,
        `all ${sent} events`,
      ).catch((error: Error) => {
        throw new Error(`${error.message}\ningest output:\n${ingest.output().slice(-4_000)}`);
      });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(await count(db.url)).toBe(sent);
      expect(ingest.child.exitCode).toBeNull(); // it rode the outage out, it did not crash
      expect(ingest.output()).toMatch(/retrying without committing/);
    } finally {
      producing = false;
      await producer.catch(() => undefined);
      await ingest.stop();
    }
  });
});
