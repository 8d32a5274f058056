// npm run bench:ingest — end-to-end ingest throughput and latency on the real local stack.
// Prints one JSON line: eventsPerSec (sustained, preloaded topic → queryable in Postgres),
// rawLimitEventsPerSec (the lower of a bare kafkajs drain and a bare COPY of the same rows and their
// ledger keys; the COPY is timed right before and right after the consumer and the faster run counts, since this
// machine's speed drifts by tens of percent within minutes and a slow baseline would flatter the
// ratio), their ratio, the drain and the COPY run at once (drainAndCopyAtOnceEventsPerSec: what two cores allow
// before any of the ingest's own work), p50/p99 event-to-queryable latency at a steady 20k events/s, the ingest
// process's peak RSS, the CPU each event cost the ingest process, Postgres and Kafka (and the idle
// time), the rate at which those costs would keep every core busy (cpuBoundEventsPerSec, and its ratio
// to the raw limit: the highest `ratio` this machine allows at those costs), and a naive
// one-row-at-a-time consumer measured the same way for comparison. The real consumer runs as its own
// process, started the way production starts apps/ingest.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AppConfig } from '@tokenmeter/config';
import { decodeUsageMessage, topicNames, USAGE_QUANTITY_FIELDS } from '@tokenmeter/contracts';
import {
  factLinesWithDimensions,
  ledgerKey,
  USAGE_FACT_COPY_COLUMNS,
  UsageCopyRowsBuilder,
  usageRowOf,
} from '@tokenmeter/db/usage-copy-rows';
import { Partitioners } from 'kafkajs';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DatabasePool } from '../../libs/db/src/client/database-pool';
import { type CopyLines, copyChunks } from '../../libs/db/src/copy/copy-lines';
import { UsageDimensionRepository } from '../../libs/db/src/repositories/usage-dimension-repository';
import { bundledPriceEntries, PriceBook, usageCost, usageCostByRules } from '../../libs/finops/src';
import { ensureTopics } from '../../libs/kafka/src/ensure-topics';
import { dropScratchDatabase, runBench } from '../support/scratch-database';
import { BENCH_SASL, BROKERS, freshDatabase, kafka, produce, signed, startIngest, workload } from './bench-stack';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 300_000);
const STEADY_RATE = 20_000;
const STEADY_SECONDS = Number(process.env.BENCH_STEADY_SECONDS ?? 10);
const NAIVE_EVENTS = 5_000;
/** Linux's USER_HZ: /proc reports CPU time in these ticks. */
const TICKS_PER_SECOND = 100;

function log(message: string) {
  process.stderr.write(`bench:ingest ${message}\n`);
}

async function count(sql: Client, source: string): Promise<number> {
  return Number((await sql.query('SELECT count(*) AS n FROM usage_records WHERE source = $1', [source])).rows[0].n);
}

/** A bare kafkajs drain: fetch and count, nothing else. `onFirstBatch` runs when its clock starts. */
async function drainRate(topic: string, total: number, onFirstBatch?: () => void): Promise<number> {
  const consumer = kafka.consumer({
    groupId: `bench-drain-${randomBytes(3).toString('hex')}`,
    maxBytesPerPartition: 4 * 1024 * 1024,
    maxWaitTimeInMs: 50,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  let started = 0;
  let seenAtStart = 0;
  const done = new Promise<void>((resolve) => {
    void consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: 3,
      eachBatch: async ({ batch }) => {
        seen += batch.messages.length;
        if (started === 0) {
          started = performance.now();
          seenAtStart = seen;
          onFirstBatch?.();
        }
        if (seen >= total) resolve();
      },
    });
  });
  await done;
  // As the real consumer's rate is taken (main): from the first unit of work done (here a batch handed over,
  // there a micro-batch stored), counting only what came after it. In both, the other partitions' batches
  // of the first fetch were fetched before the clock started and still count. Group join is not throughput.
  const seconds = (performance.now() - started) / 1000;
  await consumer.disconnect();
  return (total - seenAtStart) / seconds;
}

/** The rows a bare COPY writes: decoded and priced beforehand, their dimensions' ids known. */
interface CopyRows {
  count: number;
  keyLines: CopyLines;
  factLines: CopyLines;
}

async function copyRows(url: string, values: Buffer[]): Promise<CopyRows> {
  const book = new PriceBook(bundledPriceEntries());
  const now = new Date();
  // The rows as the ingest path encodes them (UsageCopyRowsBuilder), each id made unique so the
  // COPY needs no ledger.
  const rows = new UsageCopyRowsBuilder();
  let count = 0;
  for (const value of values) {
    const result = decodeUsageMessage(value, { now });
    if (!result.ok) continue;
    const r = result.record;
    const time = new Date(r.time);
    const cost = usageCostByRules(r, book.find(r.provider, r.model, time), time);
    rows.add(usageRowOf({ ...r, id: `${r.id}#${count++}` }, time, cost, null));
  }
  const encoded = rows.build().encoded;
  const pool = new DatabasePool({ DATABASE_URL: url } as AppConfig);
  const dimensionIds = await new UsageDimensionRepository(pool).idsOf(encoded.dimensionLines);
  await pool.pool.end();
  return { count, keyLines: encoded.keyLines, factLines: factLinesWithDimensions(encoded, dimensionIds) };
}

/**
 * A bare COPY of the rows into logged tables with the facts' and the ledger's columns and indexes: the cost
 * of durably writing these rows.
 */
async function copyRate(url: string, { count, keyLines, factLines }: CopyRows, go?: Promise<void>): Promise<number> {
  const sql = new Client({ connectionString: url });
  await sql.connect();
  // The same rows as the ingest stores them: the facts and their ledger keys (usage_facts has no key
  // of its own; the ledger's primary key is what makes an event count once), each COPYed bare.
  await sql.query('CREATE TABLE bench_copy (LIKE usage_facts INCLUDING DEFAULTS INCLUDING INDEXES)');
  await sql.query('CREATE TABLE bench_copy_keys (LIKE usage_event_keys INCLUDING DEFAULTS INCLUDING INDEXES)');
  await checkpoint(sql);
  await go;
  const t0 = performance.now();
  await pipeline(Readable.from(copyChunks(keyLines)), sql.query(copyFrom('COPY bench_copy_keys (key) FROM STDIN')));
  await pipeline(
    Readable.from(copyChunks(factLines)),
    sql.query(copyFrom(`COPY bench_copy (${USAGE_FACT_COPY_COLUMNS}) FROM STDIN`)),
  );
  const seconds = (performance.now() - t0) / 1000;
  await sql.query('DROP TABLE bench_copy, bench_copy_keys');
  await sql.end();
  return count / seconds;
}

/**
 * The bare drain and the bare COPY started together, as the ingest must do both on the same cores: the
 * slower of their two rates (the one that ends first hands the other the cores for its last part, so this
 * flatters the pair a little). What the machine allows before any of the ingest's own work.
 */
async function drainAndCopyAtOnce(topic: string, total: number, url: string, rows: CopyRows): Promise<number> {
  let go = () => {};
  const copying = copyRate(url, rows, new Promise<void>((resolve) => (go = resolve)));
  const drain = await drainRate(topic, total, go);
  return Math.min(drain, await copying);
}

/**
 * Every timed write phase starts right after a checkpoint, so none of them has a timed checkpoint
 * (and its full-page writes) land in its middle by chance. Needs a superuser; skipped without one.
 */
async function checkpoint(sql: Client): Promise<void> {
  await sql.query('CHECKPOINT').catch((error: Error) => log(`no CHECKPOINT before the phase: ${error.message}`));
}

/** What a first attempt looks like: eachMessage, one INSERT and one commit per event. */
async function naiveRate(url: string, topic: string, values: Buffer[]): Promise<number> {
  const book = new PriceBook(bundledPriceEntries());
  const sql = new Client({ connectionString: url });
  await sql.connect();
  const consumer = kafka.consumer({ groupId: `bench-naive-${randomBytes(3).toString('hex')}`, maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  const t0 = performance.now();
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async ({ message }) => {
        const result = decodeUsageMessage(message.value, { now: new Date() });
        if (result.ok) {
          const r = result.record;
          const cost = usageCost(r, book.find(r.provider, r.model, new Date(r.time)));
          await sql.query(
            `WITH k AS (INSERT INTO usage_event_keys (key) VALUES ($17) ON CONFLICT DO NOTHING RETURNING 1)
             INSERT INTO usage_records (source, id, time, team, project, tags, provider, model,
               input_tokens, cached_input_tokens, cache_write_tokens, output_tokens,
               reasoning_tokens, requests, cost_usd, price_version)
             SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16 FROM k`,
            [
              `naive:${r.source}`,
              r.id,
              r.time,
              r.team,
              r.project,
              JSON.stringify(r.tags),
              r.provider,
              r.model,
              ...USAGE_QUANTITY_FIELDS.map((field) => r[field]),
              cost.costUsd,
              cost.priceVersion,
              ledgerKey(r.team, `naive:${r.source}`, r.id),
            ],
          );
        }
        if (++seen >= values.length) resolve();
      },
    });
  });
  const seconds = (performance.now() - t0) / 1000;
  await consumer.disconnect();
  await sql.end();
  return values.length / seconds;
}

/**
 * CPU time so far, in clock ticks: the ingest process (all its threads), every Postgres process,
 * the Kafka broker (the only java process here), and the whole machine's idle time.
 */
function cpuTicks(ingestPid: number): { ingest: number; postgres: number; kafka: number; idle: number } {
  const ticks = { ingest: 0, postgres: 0, kafka: 0, idle: 0 };
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const used = Number(fields[11]) + Number(fields[12]); // utime + stime
    if (Number(pid) === ingestPid) ticks.ingest += used;
    else if (name.startsWith('postgres')) ticks.postgres += used;
    else if (name === 'java') ticks.kafka += used;
  }
  const machine = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  ticks.idle = machine[3]! + machine[4]!; // idle + iowait
  return ticks;
}

/**
 * What the stored events take on disk: usage_facts' partitions and the dimension dictionary (what the
 * usage_records view reads), with their indexes and TOAST, and the ledger.
 */
async function storedBytes(sql: Client): Promise<number> {
  const { rows } = await sql.query<{ bytes: string }>(
    `SELECT (SELECT sum(pg_total_relation_size(relid)) FROM pg_partition_tree('usage_facts'))
            + pg_total_relation_size('usage_dimensions') + pg_total_relation_size('usage_event_keys') AS bytes`,
  );
  return Number(rows[0].bytes);
}

async function main() {
  // A database of its own (BENCH_DATABASE to choose another), so two checkouts can measure side by side.
  const database = process.env.BENCH_DATABASE ?? 'tokenmeter_bench_ingest';
  const url = await freshDatabase(database);
  const prefix = `bench${randomBytes(3).toString('hex')}.`;
  const topics = topicNames(prefix);
  await ensureTopics(BROKERS, prefix, { sasl: BENCH_SASL, acls: BENCH_SASL ? { ingestGroup: prefix } : undefined });
  const sql = new Client({ connectionString: url });
  await sql.connect();

  const source = 'bench:preload';
  const values = workload(EVENTS, source);
  const unique = new Set(values).size;
  log(
    `preloading ${values.length} events (${values.length - Math.round(values.length / 1.1)} duplicates) ` +
      `into ${topics.usageEvents}`,
  );
  await produce(topics.usageEvents, values);

  log('raw limits: bare kafkajs drain, bare COPY, and the two at once');
  const rows = await copyRows(url, values);
  const drain = await drainRate(topics.usageEvents, values.length);
  const copyBefore = await copyRate(url, rows);
  const atOnce = await drainAndCopyAtOnce(topics.usageEvents, values.length, url, rows);

  log('the real consumer (apps/ingest), from the preloaded topic until every event is queryable');
  await checkpoint(sql);
  const ingest = startIngest(url, prefix);
  const uniqueIds = Math.round(values.length / 1.1);
  // Sustained rate: from the first stored micro-batch to the last (start-up and group join excluded).
  // The ingest process's own counter is polled (it counts after each commit); a count(*) every
  // 200 ms would make Postgres scan the growing table while it is being measured.
  await ingest.waitForStored(1);
  const cpuBefore = cpuTicks(ingest.pid);
  const t0 = performance.now();
  const storedAtStart = await ingest.stored();
  await ingest.waitForStored(uniqueIds);
  const seconds = (performance.now() - t0) / 1000;
  const cpuAfter = cpuTicks(ingest.pid);
  const queryable = await count(sql, source);
  if (queryable !== uniqueIds) throw new Error(`expected ${uniqueIds} queryable events, found ${queryable}`);
  const bytesPerEvent = (await storedBytes(sql)) / uniqueIds;
  const eventsInWindow = (uniqueIds - storedAtStart) * (values.length / uniqueIds);
  const eventsPerSec = eventsInWindow / seconds;
  // Where the time went while the consumer ran, in µs per event (idle counts both cores).
  const cpuUsPerEvent = Object.fromEntries(
    (Object.keys(cpuAfter) as Array<keyof typeof cpuAfter>).map((k) => [
      k,
      Number((((cpuAfter[k] - cpuBefore[k]) * (1e6 / TICKS_PER_SECOND)) / eventsInWindow).toFixed(2)),
    ]),
  );
  // No overlap of the stages can go past the rate at which the consumer's own CPU, Postgres's and the
  // broker's fill every core: when eventsPerSec is close to it, only cheaper events make ingest faster.
  const cpuBoundEventsPerSec =
    (availableParallelism() * 1e6) / (cpuUsPerEvent.ingest! + cpuUsPerEvent.postgres! + cpuUsPerEvent.kafka!);
  log('bare COPY again');
  const copyAfter = await copyRate(url, rows);

  log(`latency at a steady ${STEADY_RATE} events/s for ${STEADY_SECONDS} s`);
  const steadySource = 'bench:steady';
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const template = JSON.parse(values[0].toString());
  const perTick = STEADY_RATE / 10;
  let sent = 0;
  const steadyStart = performance.now();
  for (let tick = 0; tick < STEADY_SECONDS * 10; tick++) {
    const due = steadyStart + tick * 100;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const time = new Date().toISOString();
    const messages = Array.from({ length: perTick }, () =>
      signed(`k${sent % 12}`, JSON.stringify({ ...template, id: `steady-${sent++}`, source: steadySource, time })),
    );
    await producer.send({ topic: topics.usageEvents, acks: -1, messages });
  }
  await producer.disconnect();
  await ingest.waitForStored(uniqueIds + sent);
  const latency = await sql.query(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99
     FROM (SELECT extract(epoch FROM ingested_at - time) * 1000 AS ms FROM usage_records WHERE source = $1) t`,
    [steadySource],
  );
  const rssMb = ingest.peakRssMb();
  await ingest.stop();

  log(`naive one-row-at-a-time consumer over ${NAIVE_EVENTS} events`);
  const naive = await naiveRate(url, topics.usageEvents, values.slice(0, NAIVE_EVENTS));

  const copy = Math.max(copyBefore, copyAfter);
  const rawLimit = Math.min(drain, copy);
  const result = {
    events: values.length,
    uniqueEvents: uniqueIds,
    distinctPayloads: unique,
    eventsPerSec: Math.round(eventsPerSec),
    rawLimitEventsPerSec: Math.round(rawLimit),
    kafkaDrainEventsPerSec: Math.round(drain),
    copyRowsPerSec: Math.round(copy),
    copyRowsPerSecBeforeAfter: [Math.round(copyBefore), Math.round(copyAfter)],
    ratio: Number((eventsPerSec / rawLimit).toFixed(3)),
    ratioTarget: 0.5,
    drainAndCopyAtOnceEventsPerSec: Math.round(atOnce),
    ratioToDrainAndCopyAtOnce: Number((eventsPerSec / atOnce).toFixed(3)),
    cpuBoundEventsPerSec: Math.round(cpuBoundEventsPerSec),
    cpuBoundRatio: Number((cpuBoundEventsPerSec / rawLimit).toFixed(3)),
    p50Ms: Math.round(Number(latency.rows[0].p50)),
    p99Ms: Math.round(Number(latency.rows[0].p99)),
    steadyEventsPerSec: STEADY_RATE,
    rssMb,
    cpuUsPerEvent,
    bytesPerEvent: Math.round(bytesPerEvent),
    bytesPerEventTarget: 250,
    naiveEventsPerSec: Math.round(naive),
    speedupOverNaive: Number((eventsPerSec / naive).toFixed(1)),
  };
  await sql.end();
  // Dropped like every scratch database: it held the run's 300,000 events (114 MB after a run) until the next one.
  await dropScratchDatabase(database);
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
  await admin.disconnect();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

runBench('bench:ingest', main);
