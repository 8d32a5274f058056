// What both ingest benchmarks share: the workload as Kafka values, a fresh migrated database, and
// apps/ingest started as its own process the way production starts it, observed through /metrics.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_TEAMS, usageWorkload } from '@tokenmeter/workload';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { Client } from 'pg';
import { signatureHeaders, signingSecretOf } from '../../libs/contracts/src/record-signature';
import { USAGE_RECORD_COUNTERS } from '../../libs/contracts/src/usage-record-counters';
import { KafkaConnection, kafkaSasl } from '../../libs/kafka/src/kafka-client';
import { build, builtCommand } from '../../scripts/build';
import { BENCH_KAFKA_ENV } from '../support/bench-kafka-env';
import { scratchDatabase } from '../support/scratch-database';

export const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
export const BENCH_SASL = kafkaSasl({ KAFKA_BROKERS: BROKERS.join(','), ...BENCH_KAFKA_ENV } as KafkaConnection);
export const kafka = new Kafka({ clientId: 'bench', brokers: BROKERS, sasl: BENCH_SASL, logLevel: logLevel.NOTHING });

/**
 * The finops key freshDatabase stores, which signs every record the benches produce: the consumer
 * verifies each signature, a cost the measurements include.
 */
const BENCH_KEY = 'tm_finops_bench-producer-key';
export const BENCH_SIGNER = {
  keyId: '00000000-0000-4000-8000-0000000be4c4',
  signingSecret: signingSecretOf(BENCH_KEY),
};
export const signed = (key: string, value: Buffer | string) => ({
  key,
  value,
  headers: signatureHeaders(BENCH_SIGNER, value),
});

/**
 * The workload's events with 10 % of them sent twice. BENCH_DUPS=late (default): the copies come
 * after all originals, like a replayed backlog; BENCH_DUPS=near: each copy follows its original
 * within 3,000 events, like a client retry.
 */
export function workload(count: number, source: string): Buffer[] {
  const unique = Math.round(count / 1.1);
  const start = new Date(Date.now() - 3 * 86_400_000);
  const originals: Buffer[] = [];
  const generator = usageWorkload({ teams: DEMO_TEAMS, start, days: 365, scale: 10, source, seed: 7 });
  for (const event of generator) {
    originals.push(
      Buffer.from(
        JSON.stringify({
          ...event,
          time: new Date(start.getTime() + (originals.length % 200_000) * 1_000).toISOString(),
        }),
      ),
    );
    if (originals.length === unique) break;
  }
  if (process.env.BENCH_DUPS === 'near') {
    const events: Buffer[] = [];
    originals.forEach((event, i) => {
      events.push(event);
      if (i % 10 === 9) events.push(originals[i - (((i * 7_919) % 3_000) % (i + 1))]);
    });
    for (let i = 0; events.length < count; i += 11) events.push(originals[i % unique]);
    return events.slice(0, count);
  }
  const events = [...originals];
  for (let i = 0; events.length < count; i += 11) events.push(originals[i % unique]);
  return events;
}

export async function produce(topic: string, values: Buffer[]): Promise<void> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  for (let i = 0; i < values.length; i += 5_000) {
    await producer.send({
      topic,
      acks: -1,
      messages: values.slice(i, i + 5_000).map((value, j) => signed(`k${(i + j) % 12}`, value)),
    });
  }
  await producer.disconnect();
}

export async function freshDatabase(name: string): Promise<string> {
  const url = await scratchDatabase(name);
  const db = new Client({ connectionString: url });
  await db.connect();
  await db.query(
    `INSERT INTO api_keys (id, team_id, role, name, prefix, hash)
     VALUES ($1, NULL, 'finops', 'bench', 'tm_finops_b', $2)`,
    [BENCH_SIGNER.keyId, BENCH_SIGNER.signingSecret],
  );
  await db.end();
  return url;
}

const ROOT = path.resolve(__dirname, '../..');
let ingestBuild: string | null = null;

/** The repository compiled (npm run build) into a directory of its own, once per run, as the image holds it. */
function buildOnce(): string {
  if (ingestBuild === null) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tokenmeter-bench-build-'));
    build(dir);
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    ingestBuild = dir;
  }
  return ingestBuild;
}

/**
 * apps/ingest as its own process, started as its image starts it (the build, compiled ahead of time), with
 * its /metrics counter of stored records and its peak RSS.
 */
export function startIngest(url: string, prefix: string, groupId = `${prefix}ingest`) {
  const port = 26_000 + Math.floor(Math.random() * 1000);
  // `npm run start:ingest`'s command line as the image runs it, without npm in between (its pid is the app's).
  const [, ...args] = builtCommand(
    JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts['start:ingest'] as string,
  );
  const root = buildOnce();
  const extraArgs = (process.env.BENCH_INGEST_NODE_ARGS ?? '').split(' ').filter(Boolean); // e.g. --cpu-prof
  // A cgroup directory (e.g. one with memory.limit_in_bytes set to the Kubernetes limit): the app starts
  // inside it, so Node sizes its heaps from that limit as it would in its pod, and the kernel enforces it.
  const cgroup = process.env.BENCH_INGEST_CGROUP;
  const command = [process.execPath, ...extraArgs, ...args];
  const [file, ...argv] = cgroup
    ? ['/bin/sh', '-c', `echo $$ > '${cgroup}/cgroup.procs' && exec "$@"`, 'sh', ...command]
    : command;
  const child = spawn(file!, argv, {
    cwd: root,
    env: {
      ...process.env,
      ...BENCH_KAFKA_ENV,
      DATABASE_URL: url,
      TOPIC_PREFIX: prefix,
      INGEST_GROUP_ID: groupId,
      INGEST_HTTP_PORT: String(port),
      LOG_LEVEL: 'warn',
    },
    // The app logs to stdout; the bench's stdout is its one JSON line, so the app's logs go to stderr.
    stdio: ['ignore', 2, 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stored = async (): Promise<number> => {
    if (child.exitCode !== null) throw new Error(`apps/ingest exited with ${child.exitCode}`);
    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`).then(
      (res) => res.text(),
      () => '',
    );
    return Number(new RegExp(`^${USAGE_RECORD_COUNTERS.stored} (\\d+)`, 'm').exec(metrics)?.[1] ?? 0);
  };
  /** Records the group has yet to commit, over the partitions this instance holds. */
  const lag = async (): Promise<number> => {
    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`).then(
      (res) => res.text(),
      () => '',
    );
    const lines = [
      ...metrics.matchAll(/^tokenmeter_ingest_partition_lag\{topic="[^"]*usage\.events",partition="\d+"\} (\d+)/gm),
    ];
    return lines.reduce((sum, match) => sum + Number(match[1]), 0);
  };
  /** Partitions of usage.events this instance holds. */
  const partitions = async (): Promise<number> => {
    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`).then(
      (res) => res.text(),
      () => '',
    );
    return [...metrics.matchAll(/^tokenmeter_ingest_partition_last_commit_age_seconds\{topic="[^"]*usage\.events"/gm)]
      .length;
  };
  return {
    pid: child.pid!,
    stored,
    lag,
    partitions,
    /** Polls seldom while far from the target and often near it: each scrape costs the measured process. */
    async waitForStored(target: number) {
      for (let now = await stored(); now < target; now = await stored()) {
        await new Promise((resolve) => setTimeout(resolve, target - now > 20_000 ? 250 : 20));
      }
    },
    /** VmHWM: the resident set's high-water mark over the process's life. */
    peakRssMb: () =>
      Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024),
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
