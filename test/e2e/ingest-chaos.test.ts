// Faults during ingestion lose nothing and count nothing twice (issue #17). On a Kafka broker and a
// Postgres of their own (test/support/isolated-stack.ts, so the machine's shared services are never
// touched): the broker restarted under one consumer; then chaos under two replicas consuming at once,
// one killed with SIGKILL several times, the broker restarted and Postgres restarted, in one run.
// Counts and token sums are checked exactly, and every malformed record must be in the dead-letter
// topic with its reason.
import { randomUUID } from 'node:crypto';
import { usageEvent } from '@tokenmeter/workload';
import { Kafka, logLevel, Message, SASLOptions } from 'kafkajs';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signatureHeaders, signingSecretOf } from '../../libs/contracts/src/record-signature';
import { Topics } from '../../libs/contracts/src/topics';
import { AppProcess, freePorts, startApp, waitForHttp } from '../support/app-process';
import { IsolatedKafka, IsolatedPostgres, startIsolatedKafka, startIsolatedPostgres } from '../support/isolated-stack';
import { localStackSasl } from '../support/test-topics';
import { waitFor } from '../support/wait-for';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ADMIN: SASLOptions = {
  mechanism: 'scram-sha-512',
  username: 'admin',
  password: process.env.KAFKA_ADMIN_PASSWORD ?? 'admin-local-secret',
};

interface Signer {
  team: string;
  keyId: string;
  signingSecret: string;
}

/** What one run sent: the good events' exact totals, and each malformed record's id and expected reason. */
interface Sent {
  good: number;
  inputTokens: number;
  outputTokens: number;
  malformed: Map<string, RegExp>;
}

describe('ingest under broker, Postgres and consumer faults', () => {
  let kafka: IsolatedKafka;
  let postgres: IsolatedPostgres;
  let sql: Client;
  let search: Signer;
  let ads: Signer;

  async function teamKey(team: string): Promise<Signer> {
    const key = `tm_ingest_${randomUUID()}`;
    const keyId = randomUUID();
    await sql.query(`INSERT INTO teams (id, slug, name) VALUES ($1, $2, $2)`, [randomUUID(), team]);
    await sql.query(
      `INSERT INTO api_keys (id, team_id, role, name, prefix, hash)
       SELECT $1, id, 'ingest', 'chaos', 'tm_ingest_x', $2 FROM teams WHERE slug = $3`,
      [keyId, signingSecretOf(key), team],
    );
    return { team, keyId, signingSecret: signingSecretOf(key) };
  }

  beforeAll(async () => {
    [kafka, postgres] = await Promise.all([startIsolatedKafka(), startIsolatedPostgres()]);
    sql = new Client({ connectionString: postgres.url });
    await sql.connect();
    search = await teamKey('search');
    ads = await teamKey('ads');
    // Only for the setup above: the restart below ends this session.
    await sql.end();
  }, 600_000);

  afterAll(async () => {
    await Promise.all([kafka?.stop(), postgres?.stop()]);
  });

  /** An ingest replica as production runs it, signed in as the ingest principal. */
  function startIngest(): AppProcess & { port: number } {
    const port = freePorts().ingest;
    const app = startApp('ingest', {
      DATABASE_URL: postgres.url,
      KAFKA_BROKERS: kafka.brokers,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_USERNAME: 'tokenmeter-ingest',
      KAFKA_PASSWORD: localStackSasl('ingest').password,
      TOPIC_PREFIX: '',
      INGEST_GROUP_ID: 'tokenmeter-ingest',
      INGEST_HTTP_PORT: String(port),
      INGEST_MICRO_BATCH: '500',
    });
    return Object.assign(app, { port });
  }

  /**
   * Sends `batches` batches of good events (some sent twice) with malformed records among them, as the
   * registered producer principal; a send that fails (broker down) is retried until it is acknowledged.
   */
  async function produceStream(source: string, batches: number, sent: Sent, stop: () => boolean): Promise<void> {
    const producer = new Kafka({
      clientId: 'chaos-producer',
      brokers: [kafka.brokers],
      sasl: localStackSasl('producer'),
      logLevel: logLevel.NOTHING,
      retry: { retries: 3 },
    }).producer({ maxInFlightRequests: 1 });
    const signed = (signer: Signer, value: string): Message => ({
      key: signer.team,
      value,
      headers: signatureHeaders(signer, value),
    });
    for (let b = 0; b < batches && !stop(); b++) {
      const messages: Message[] = [];
      for (let i = 0; i < 200; i++) {
        const n = b * 200 + i;
        const signer = n % 2 === 0 ? search : ads;
        const data = {
          provider: 'openai',
          model: 'gpt-4o',
          inputTokens: 100 + (n % 7),
          outputTokens: 10 + (n % 3),
          requests: 1,
        };
        messages.push(
          signed(signer, JSON.stringify(usageEvent({ id: `${source}-${n}`, source, team: signer.team, data }))),
        );
        sent.good++;
        sent.inputTokens += data.inputTokens;
        sent.outputTokens += data.outputTokens;
      }
      // The same events again (a client retry): stored once.
      messages.push(...messages.slice(0, 20));
      const bad = (kind: string) => `${source}-bad-${kind}-${b}`;
      const negative = JSON.stringify(
        usageEvent({
          id: bad('negative'),
          source,
          team: 'search',
          data: { provider: 'openai', model: 'gpt-4o', inputTokens: 1, outputTokens: -5 },
        }),
      );
      const unsigned = JSON.stringify(usageEvent({ id: bad('unsigned'), source, team: 'ads' }));
      const otherTeam = JSON.stringify(usageEvent({ id: bad('other-team'), source, team: 'ads' }));
      messages.push(
        { key: 'search', value: `{"id":"${bad('json')}", not json` },
        signed(search, negative),
        { key: 'ads', value: unsigned },
        signed(search, otherTeam),
      );
      sent.malformed.set(bad('json'), /not valid JSON/);
      sent.malformed.set(bad('negative'), /outputTokens: expected a non-negative integer/);
      sent.malformed.set(bad('unsigned'), /unsigned record/);
      sent.malformed.set(bad('other-team'), /belongs to team "search"; the record claims team "ads"/);
      for (;;) {
        try {
          await producer.connect();
          await producer.send({ topic: Topics.usageEvents, acks: -1, messages });
          break;
        } catch {
          // The broker is restarting: the whole batch again (what was written already is stored once).
          await sleep(1_000);
        }
      }
      await sleep(150);
    }
    await producer.disconnect().catch(() => undefined);
  }

  /** A connection per look: a Postgres restart ends every session, this test's own too. */
  async function query<T>(text: string, values: unknown[]): Promise<T[]> {
    const client = new Client({ connectionString: postgres.url });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return (await client.query(text, values)).rows as T[];
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  const stored = (source: string) =>
    query<{ n: number; ids: number; input: string; output: string }>(
      `SELECT count(*)::int AS n, count(DISTINCT id)::int AS ids, coalesce(sum(input_tokens), 0)::text AS input,
                coalesce(sum(output_tokens), 0)::text AS output
         FROM usage_records WHERE source = $1`,
      [source],
    )
      .then((rows) => rows[0]!)
      .catch(() => ({ n: -1, ids: -1, input: '', output: '' })); // Postgres is restarting

  /** Every stored count and sum exactly as sent, and every malformed record dead-lettered with its reason. */
  async function expectExactly(source: string, sent: Sent, replicas: AppProcess[]): Promise<void> {
    await waitFor(
      () => stored(source),
      (s) => s.n >= sent.good,
      240_000,
      `all ${sent.good} events of ${source}`,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${replicas.map((r) => r.output().slice(-3_000)).join('\n---\n')}`);
    });
    await sleep(2_000);
    expect(await stored(source)).toEqual({
      n: sent.good,
      ids: sent.good,
      input: String(sent.inputTokens),
      output: String(sent.outputTokens),
    });
    const reasons = await deadLetterReasons(source, sent.malformed.size);
    for (const [id, reason] of sent.malformed) {
      expect(reasons.get(id), `dead letter of ${id}`).toMatch(reason);
    }
  }

  /** usage.events.dlq read from the start, as the admin: the reason of each dead record of `source` by its id. */
  async function deadLetterReasons(source: string, expected: number): Promise<Map<string, string>> {
    const consumer = new Kafka({ brokers: [kafka.brokers], sasl: ADMIN, logLevel: logLevel.NOTHING }).consumer({
      groupId: `dlq-reader-${randomUUID()}`,
      maxWaitTimeInMs: 100,
    });
    const reasons = new Map<string, string>();
    await consumer.connect();
    await consumer.subscribe({ topics: [Topics.usageEventsDlq], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const value = message.value?.toString() ?? '';
        const id = new RegExp(`"id":"(${source.replace(/[/:]/g, '\\$&')}-bad-[a-z-]+-\\d+)"`).exec(value)?.[1];
        if (id) reasons.set(id, message.headers?.['tokenmeter-dlq-reason']?.toString() ?? '');
      },
    });
    const until = Date.now() + 60_000;
    while (reasons.size < expected && Date.now() < until) await sleep(250);
    await consumer.disconnect();
    return reasons;
  }

  it('a broker restart mid-stream loses nothing and counts nothing twice', async () => {
    const source = 'test:/broker-restart';
    const sent: Sent = { good: 0, inputTokens: 0, outputTokens: 0, malformed: new Map() };
    const ingest = startIngest();
    let producing = true;
    const producer = produceStream(source, 30, sent, () => !producing);
    try {
      await waitForHttp(`http://127.0.0.1:${ingest.port}/healthz`, ingest, 120_000);
      await waitFor(
        () => stored(source),
        (s) => s.n > 0,
        120_000,
        'ingestion to start',
      );
      await kafka.restart();
      await producer;
      await expectExactly(source, sent, [ingest]);
      expect(ingest.child.exitCode).toBeNull(); // it rode the restart out
    } finally {
      producing = false;
      await producer.catch(() => undefined);
      await ingest.stop();
    }
  }, 900_000);

  it('two replicas, one SIGKILLed three times, a broker restart and a Postgres restart: exact counts', async () => {
    const source = `test:/chaos-${randomUUID().slice(0, 8)}`;
    const sent: Sent = { good: 0, inputTokens: 0, outputTokens: 0, malformed: new Map() };
    const steady = startIngest();
    let victim = startIngest();
    const everyone: AppProcess[] = [steady, victim];
    let producing = true;
    const producer = produceStream(source, Number.POSITIVE_INFINITY, sent, () => !producing);
    const progress = async (what: string) => {
      const before = (await stored(source)).n;
      await waitFor(
        () => stored(source),
        (s) => s.n > before,
        120_000,
        `progress ${what}`,
      );
    };
    try {
      await waitForHttp(`http://127.0.0.1:${steady.port}/healthz`, steady, 120_000);
      await waitForHttp(`http://127.0.0.1:${victim.port}/healthz`, victim, 120_000);
      // The stream runs until every fault is through and ingestion has moved on after the last one: a
      // fixed number of batches could all be stored before the later faults, and "progress" would never come.
      for (const fault of ['kill', 'broker', 'kill', 'postgres', 'kill'] as const) {
        await progress(`before the ${fault}`);
        if (fault === 'kill') {
          await sleep(Math.floor(Math.random() * 300));
          victim.child.kill('SIGKILL');
          await victim.exited;
          victim = startIngest();
          everyone.push(victim);
        } else if (fault === 'broker') {
          await kafka.restart();
        } else {
          await postgres.restart();
        }
      }
      await progress('after the last kill');
      producing = false;
      await producer;
      await expectExactly(source, sent, everyone);
      expect(steady.child.exitCode).toBeNull();
    } finally {
      producing = false;
      await producer.catch(() => undefined);
      await Promise.all([steady.stop(), victim.stop()]);
    }
  }, 1_200_000);
});
