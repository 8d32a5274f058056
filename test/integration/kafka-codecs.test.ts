// Records that librdkafka producers send (kcat here) are stored once whatever their codec; a batch
// that cannot be read goes to the dead-letter topic with its bytes and reason while the records
// after it are stored; /readyz of ingest says when a consumer has stopped making progress.

import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { usageEvent } from '@tokenmeter/workload';
import { ConfigResourceTypes } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../libs/config/src/load-config';
import { createKafka, KafkaProducerService } from '../../libs/kafka/src';
import { freePorts } from '../support/app-process';
import { startIngestInProcess } from '../support/ingest-harness';
import { readTopic, testKafka } from '../support/kafka-helpers';
import { kcatProduce, kcatSaslArgs } from '../support/kcat';
import { TEST_BROKERS, TEST_KAFKA_CONNECTION } from '../support/test-topics';
import { createUsageSuite, UsageSuite } from '../support/usage-suite';
import { waitFor } from '../support/wait-for';

const CODECS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
const PER_CODEC = 25;
/** Partition for the corrupted batch: nothing else is written there before it. */
const CORRUPT_PARTITION = 5;

function records(source: string, count: number) {
  return Array.from({ length: count }, (_, i) => {
    const event = usageEvent({ id: `${source}-${i}`, source, team: `team-${i % 5}` });
    return { key: event.subject, value: JSON.stringify(event) };
  });
}

/** The broker's data directory, as it reports it. */
async function brokerLogDir(): Promise<string> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    const { brokers } = await admin.describeCluster();
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.BROKER, name: String(brokers[0]!.nodeId), configNames: ['log.dirs'] }],
    });
    return described.resources[0]!.configEntries.find((e) => e.configName === 'log.dirs')!.configValue.split(',')[0]!;
  } finally {
    await admin.disconnect();
  }
}

/** Flips bytes inside the first batch's compressed records, in the broker's segment file. */
function corruptFirstBatch(logDir: string, topic: string, partition: number): void {
  const dir = path.join(logDir, `${topic}-${partition}`);
  const segment = path.join(dir, readdirSync(dir).find((name) => name.endsWith('.log'))!);
  const bytes = readFileSync(segment);
  for (let i = 70; i < 78; i++) bytes[i]! ^= 0xa5;
  writeFileSync(segment, bytes);
}

describe('Kafka codecs and undecodable batches (kcat / librdkafka producers)', () => {
  let suite: UsageSuite;
  let ingest: Awaited<ReturnType<typeof startIngestInProcess>> | null = null;
  const port = freePorts().ingest;
  const countSource = (source: string) =>
    suite.sql
      .query('SELECT count(*)::int AS n FROM usage_records WHERE source = $1', [source])
      .then((r) => r.rows[0].n as number);
  const readyz = async () => {
    const response = await fetch(`http://127.0.0.1:${port}/readyz`);
    return {
      status: response.status,
      body: (await response.json()) as { ready: boolean; checks: Record<string, { ok: boolean; error?: string }> },
    };
  };

  beforeAll(async () => {
    suite = await createUsageSuite();
    // The corrupt batch first, so the consumer meets it before the good records of its partition.
    await kcatProduce({
      topic: suite.topics.usageEvents,
      records: records('kcat:/corrupt', 10),
      codec: 'lz4',
      partition: CORRUPT_PARTITION,
    });
    corruptFirstBatch(await brokerLogDir(), suite.topics.usageEvents, CORRUPT_PARTITION);
    for (const codec of CODECS) {
      const batch = records(`kcat:/${codec}`, PER_CODEC);
      await kcatProduce({ topic: suite.topics.usageEvents, records: batch, codec });
      // A client retry: the same records again, in the same codec.
      await kcatProduce({ topic: suite.topics.usageEvents, records: batch, codec });
    }
    await kcatProduce({
      topic: suite.topics.usageEvents,
      records: records('kcat:/after', 10),
      codec: 'gzip',
      partition: CORRUPT_PARTITION,
    });
    ingest = await startIngestInProcess({
      ...suite.env,
      INGEST_HTTP_PORT: String(port),
      INGEST_STALL_SECONDS: '2',
      // kcat sends one set of headers for a whole batch, so it cannot sign record by record: this suite is
      // about codecs, and runs the consumer the way a cluster of trusted shippers would (README "Security").
      INGEST_REQUIRE_SIGNED_RECORDS: 'false',
    });
  });

  afterAll(async () => {
    await ingest?.close();
    await suite?.close();
  });

  it.each(CODECS)('stores each %s record once', async (codec) => {
    await waitFor(
      () => countSource(`kcat:/${codec}`),
      (n) => n >= PER_CODEC,
      60_000,
      `${codec} records stored`,
    );
    expect(await countSource(`kcat:/${codec}`)).toBe(PER_CODEC);
  });

  it('sends a corrupt batch to the dead-letter topic with its bytes and reason, stores what follows it', async () => {
    await waitFor(
      () => countSource('kcat:/after'),
      (n) => n >= 10,
      60_000,
      'records after the corrupt batch',
    );
    expect(await countSource('kcat:/corrupt')).toBe(0);
    const [letter] = await readTopic(suite.topics.usageEventsDlq, 1);
    expect(letter!.headers['tokenmeter-dlq-reason']).toBe('lz4 batch: CRC-32C mismatch (corrupt bytes)');
    expect(letter!.headers['tokenmeter-dlq-source-partition']).toBe(String(CORRUPT_PARTITION));
    expect(letter!.headers['tokenmeter-undecodable-first-offset']).toBe('0');
    expect(letter!.headers['tokenmeter-undecodable-last-offset']).toBe('9');
    expect(letter!.value!.length).toBeGreaterThan(0);
  });

  it('is ready while consuming, with per-partition lag and last-commit age as metrics', async () => {
    await waitFor(readyz, (r) => r.status === 200, 30_000, 'ingest ready');
    const { body } = await readyz();
    expect(body.checks['consumer:usage']).toMatchObject({ ok: true });
    expect(body.checks['consumer:vllm-logs']).toMatchObject({ ok: true });
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(
      new RegExp(
        `tokenmeter_ingest_partition_lag\\{topic="${suite.topics.usageEvents.replace(/\./g, '\\.')}",` +
          `partition="5"\\} 0`,
      ),
    );
    expect(metrics).toMatch(/tokenmeter_ingest_partition_last_commit_age_seconds\{topic="[^"]+",partition="\d"\} \d+/);
  });

  it('turns not-ready when records wait and nothing is committed, and ready again once they are stored', async () => {
    await suite.sql.query('ALTER TABLE usage_facts RENAME TO usage_facts_away');
    try {
      await kcatProduce({ topic: suite.topics.usageEvents, records: records('kcat:/stalled', 5), codec: 'snappy' });
      const stalled = await waitFor(readyz, (r) => r.status === 503, 60_000, 'not ready while stalled');
      expect(stalled.body.checks['consumer:usage']!.error).toMatch(/records behind and no offset committed for \d+ s/);
      expect(stalled.body.checks.postgres).toMatchObject({ ok: true });
    } finally {
      await suite.sql.query('ALTER TABLE usage_facts_away RENAME TO usage_facts');
    }
    await waitFor(
      () => countSource('kcat:/stalled'),
      (n) => n === 5,
      60_000,
      'stalled records stored',
    );
    await waitFor(readyz, (r) => r.status === 200, 30_000, 'ready again');
  });
});

describe('KAFKA_COMPRESSION: what TokenMeter produces, read by librdkafka (kcat)', () => {
  let suite: UsageSuite;
  beforeAll(async () => {
    suite = await createUsageSuite();
  });
  afterAll(async () => suite?.close());

  it.each(['gzip', 'snappy', 'lz4', 'zstd'] as const)('%s', async (codec) => {
    const config = parseConfig({ ...TEST_KAFKA_CONNECTION, KAFKA_COMPRESSION: codec });
    const producer = new KafkaProducerService(createKafka(config, 'codec-test', 'error'), config);
    const topic = suite.topics.finopsAlerts;
    const values = Array.from({ length: 50 }, (_, i) => `${codec}-${i}-${'x'.repeat(200)}`);
    await producer.send(
      topic,
      values.map((value) => ({ key: codec, value })),
    );
    await producer.onModuleDestroy();
    const { stdout } = await promisify(execFile)('kcat', [
      '-C',
      '-b',
      TEST_BROKERS,
      '-t',
      topic,
      '-e',
      '-q',
      '-f',
      '%s\n',
      ...kcatSaslArgs(),
    ]);
    const read = stdout.split('\n').filter((line) => line.startsWith(`${codec}-`));
    expect(read.sort()).toEqual([...values].sort());
  });
});
