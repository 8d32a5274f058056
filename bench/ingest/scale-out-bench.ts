// npm run bench:scale-out — what more ingest replicas do on this one machine. For 1, 2 and 4
// replicas of apps/ingest in one consumer group (each its own process, as on Kubernetes), the same
// preloaded backlog is drained into a fresh database. Prints one JSON line: per replica count, the
// sustained events/s, the partitions each replica held, the peak lag seen on the replicas' own
// /metrics, and the ratio to one replica in the same run. Replicas share this machine's cores with
// Postgres and Kafka, so here they show the mechanics (partitions spread, lag drains, nothing lost
// or counted twice), not the speed-up of replicas on machines of their own.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { TOPIC_PARTITIONS, topicNames } from '../../libs/contracts/src';
import { ensureTopics } from '../../libs/kafka/src/ensure-topics';
import { dropScratchDatabase, runBench } from '../support/scratch-database';
import { BENCH_SASL, BROKERS, freshDatabase, kafka, produce, startIngest, workload } from './bench-stack';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const REPLICAS = (process.env.BENCH_REPLICAS ?? '1,2,4').split(',').map(Number);

function log(message: string) {
  process.stderr.write(`bench:scale-out ${message}\n`);
}

async function run(replicas: number, prefix: string, unique: number) {
  const database = `tokenmeter_bench_scale_${replicas}`;
  const url = await freshDatabase(database);
  const groupId = `${prefix}scale-${replicas}-${randomBytes(2).toString('hex')}`;
  const instances = Array.from({ length: replicas }, () => startIngest(url, prefix, groupId));
  const stored = async () =>
    (await Promise.all(instances.map((i) => i.stored().catch(() => 0)))).reduce((a, b) => a + b, 0);
  let peakLag = 0;
  let started = 0;
  let startCount = 0;
  for (let total = await stored(); total < unique; total = await stored()) {
    if (!started && total > 0) [started, startCount] = [performance.now(), total];
    const lag = (await Promise.all(instances.map((i) => i.lag().catch(() => 0)))).reduce((a, b) => a + b, 0);
    peakLag = Math.max(peakLag, lag);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const seconds = (performance.now() - started) / 1000;
  const partitions = await Promise.all(instances.map((i) => i.partitions()));
  await Promise.all(instances.map((i) => i.stop()));
  const sql = new Client({ connectionString: url });
  await sql.connect();
  const rows = Number((await sql.query('SELECT count(*) AS n FROM usage_records')).rows[0].n);
  await sql.end();
  await dropScratchDatabase(database);
  if (rows !== unique) throw new Error(`${replicas} replicas stored ${rows} records; expected ${unique}`);
  return {
    replicas,
    eventsPerSec: Math.round((unique - startCount) / seconds),
    partitionsPerReplica: partitions,
    peakLag,
  };
}

async function main() {
  const prefix = `bench${randomBytes(3).toString('hex')}.`;
  const topics = topicNames(prefix);
  await ensureTopics(BROKERS, prefix, { sasl: BENCH_SASL, acls: BENCH_SASL ? { ingestGroup: prefix } : undefined });
  const values = workload(EVENTS, 'bench:scale-out');
  const unique = new Set(values.map((v) => v.toString())).size;
  log(`preloading ${values.length} events into ${topics.usageEvents}`);
  await produce(topics.usageEvents, values);
  const results = [];
  for (const replicas of REPLICAS) {
    log(`${replicas} replica(s)`);
    results.push(await run(replicas, prefix, unique));
  }
  const base = results[0]!.eventsPerSec;
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
  await admin.disconnect();
  const runs = results.map((r) => ({ ...r, ratioToFirst: Number((r.eventsPerSec / base).toFixed(2)) }));
  process.stdout.write(
    `${JSON.stringify({ events: values.length, uniqueEvents: unique, partitions: TOPIC_PARTITIONS, runs })}\n`,
  );
}

runBench('bench:scale-out', main);
