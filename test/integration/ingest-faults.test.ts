// Faults lose nothing and count nothing twice: a consumer killed with SIGKILL mid-batch (again and
// again), one stopped with SIGTERM mid-stream, and two consumers sharing the partitions across
// rebalances.

import { usageEvent } from '@tokenmeter/workload';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePorts, startApp, waitForHttp } from '../support/app-process';
import { startIngestInProcess } from '../support/ingest-harness';
import { produce, testKafka } from '../support/kafka-helpers';
import { createTestTopics } from '../support/test-topics';
import { createUsageSuite, UsageSuite } from '../support/usage-suite';
import { waitFor } from '../support/wait-for';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function events(source: string, count: number) {
  return Array.from({ length: count }, (_, i) => {
    const event = usageEvent({ id: `${source}-${i}`, source, team: `team-${i % 11}` });
    return { key: event.subject, value: JSON.stringify(event) };
  });
}

/** The group's committed offsets summed over the topic's partitions: records it has taken as done. */
async function committedCount(topic: string, groupId: string): Promise<number> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return offsets!.partitions.reduce((sum, { offset }) => sum + Math.max(Number(offset), 0), 0);
  } finally {
    await admin.disconnect();
  }
}

describe('ingest under faults', () => {
  let suite: UsageSuite;

  beforeAll(async () => {
    suite = await createUsageSuite();
  });

  afterAll(async () => suite?.close());

  const countSource = (source: string) =>
    suite.sql
      .query(`SELECT count(*)::int AS n FROM usage_records WHERE source = $1`, [source])
      .then((r) => r.rows[0].n as number);

  it('a consumer killed with SIGKILL mid-batch, three times, loses and duplicates nothing', async () => {
    const total = 60_000;
    await produce(suite.topics.usageEvents, events('test:/sigkill', total));
    const env = { ...suite.env, INGEST_MICRO_BATCH: '2000' };
    for (let kill = 0; kill < 3; kill++) {
      const ports = freePorts();
      const proc = startApp('ingest', { ...env, INGEST_HTTP_PORT: String(ports.ingest) });
      await waitForHttp(`http://127.0.0.1:${ports.ingest}/healthz`, proc);
      const before = await countSource('test:/sigkill');
      // Kill as soon as it has stored something more: it is then in the middle of the stream.
      await waitFor(
        () => countSource('test:/sigkill'),
        (n) => n > before || n === total,
        60_000,
        'progress before the kill',
      );
      await sleep(50 + Math.floor(Math.random() * 200));
      proc.child.kill('SIGKILL');
      await proc.exited;
    }
    const stored = await countSource('test:/sigkill');
    expect(stored).toBeLessThanOrEqual(total);
    const ports = freePorts();
    const last = startApp('ingest', { ...env, INGEST_HTTP_PORT: String(ports.ingest) });
    try {
      await waitFor(
        () => countSource('test:/sigkill'),
        (n) => n >= total,
        120_000,
        `all ${total} events`,
      );
      await sleep(1_000);
      expect(await countSource('test:/sigkill')).toBe(total);
      const distinct = await suite.sql.query(
        `SELECT count(DISTINCT id)::int AS n FROM usage_records WHERE source = 'test:/sigkill'`,
      );
      expect(distinct.rows[0].n).toBe(total);
    } finally {
      await last.stop();
    }
  }, 300_000); // four process starts and 60,000 events; its own waits alone allow up to 4 × 60 s + 120 s

  it('a consumer stopped by SIGTERM mid-stream commits exactly what it stored; the next resumes there', async () => {
    const source = 'test:/sigterm';
    const total = 40_000;
    // Topics of its own: the committed offsets then count this test's events only.
    const { prefix, topics } = await createTestTopics();
    const env = { ...suite.env, TOPIC_PREFIX: prefix, INGEST_GROUP_ID: `${prefix}ingest`, INGEST_MICRO_BATCH: '1000' };
    await produce(topics.usageEvents, events(source, total));
    const ports = freePorts();
    const first = startApp('ingest', { ...env, INGEST_HTTP_PORT: String(ports.ingest) });
    await waitForHttp(`http://127.0.0.1:${ports.ingest}/healthz`, first);
    await waitFor(
      () => countSource(source),
      (n) => n > 0,
      60_000,
      'progress before the stop',
    );
    await first.stop('SIGTERM');
    // Every stored event is committed and nothing beyond: the lanes were drained before leaving.
    const stored = await countSource(source);
    expect(await committedCount(topics.usageEvents, env.INGEST_GROUP_ID)).toBe(stored);
    const next = startApp('ingest', { ...env, INGEST_HTTP_PORT: String(freePorts().ingest) });
    try {
      await waitFor(
        () => countSource(source),
        (n) => n >= total,
        120_000,
        `all ${total} events`,
      );
      await sleep(1_000);
      expect(await countSource(source)).toBe(total);
    } finally {
      await next.stop();
    }
  });

  it('two consumers in one group lose and duplicate nothing across rebalances', async () => {
    const source = 'test:/rebalance';
    // Decoding on the consumers' own threads: closing one in-process app's decode threads while the
    // other app runs kills vitest's fork process (the same sequence outside vitest is fine); the
    // decode threads are covered by the SIGKILL test above, whose consumers are real processes.
    const env = {
      ...suite.env,
      INGEST_GROUP_ID: `${suite.env.INGEST_GROUP_ID}-rebalance`,
      INGEST_MICRO_BATCH: '500',
      INGEST_DECODE_THREADS: '0',
    };
    const first = await startIngestInProcess(env);
    await produce(suite.topics.usageEvents, events(source, 20_000).slice(0, 10_000));
    // A second instance joins mid-stream (rebalance), then the first leaves (another rebalance).
    const second = await startIngestInProcess(env);
    await produce(suite.topics.usageEvents, events(source, 20_000).slice(10_000));
    await waitFor(
      () => countSource(source),
      (n) => n >= 5_000,
      60_000,
      'progress',
    );
    await first.close();
    try {
      await waitFor(
        () => countSource(source),
        (n) => n >= 20_000,
        120_000,
        'all 20,000 events',
      );
      await sleep(1_000);
      expect(await countSource(source)).toBe(20_000);
    } finally {
      await second.close();
    }
  });
});
