// Kafka is not an open door (issue #17): the broker signs every client in (SASL/SCRAM) and lets each
// principal do only its part (ACLs), and a record that a registered producer writes straight to
// usage.events counts only for the team whose key signed it. Holding team A's key never yields usage
// for team B: such records go to the dead-letter topic with the reason.
import { randomUUID } from 'node:crypto';
import { usageEvent } from '@tokenmeter/workload';
import { Kafka, logLevel, SASLOptions } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSignature, signatureHeaders, signingSecretOf } from '../../libs/contracts/src/record-signature';
import { insertDeployment } from '../support/deployments';
import { startIngestInProcess } from '../support/ingest-harness';
import { produce, readTopic } from '../support/kafka-helpers';
import { localStackSasl, TEST_BROKERS, TEST_SASL } from '../support/test-topics';
import { createUsageSuite, UsageSuite } from '../support/usage-suite';
import { waitFor } from '../support/wait-for';

const SOURCE = 'test:/kafka-binding';

interface TeamKey {
  team: string;
  keyId: string;
  key: string;
}

describe.skipIf(!TEST_SASL)('Kafka: one team against another', () => {
  let suite: UsageSuite;
  let ingest: Awaited<ReturnType<typeof startIngestInProcess>>;
  let search: TeamKey;
  let ads: TeamKey;
  let revoked: TeamKey;

  async function teamKey(team: string, revokedAt: Date | null = null): Promise<TeamKey> {
    const key = { team, keyId: randomUUID(), key: `tm_ingest_${randomUUID()}` };
    await suite.sql.query(`INSERT INTO teams (id, slug, name) VALUES ($1, $2, $2) ON CONFLICT (slug) DO NOTHING`, [
      randomUUID(),
      team,
    ]);
    await suite.sql.query(
      `INSERT INTO api_keys (id, team_id, role, name, prefix, hash, revoked_at)
       SELECT $1, id, 'ingest', 'binding test', 'tm_ingest_x', $2, $3 FROM teams WHERE slug = $4`,
      [key.keyId, signingSecretOf(key.key), revokedAt, team],
    );
    return key;
  }

  const record = (id: string, team: string) => JSON.stringify(usageEvent({ id, source: SOURCE, team }));
  const signedBy = (key: TeamKey, value: string) =>
    signatureHeaders({ keyId: key.keyId, signingSecret: signingSecretOf(key.key) }, value);

  beforeAll(async () => {
    suite = await createUsageSuite();
    search = await teamKey('search');
    ads = await teamKey('ads');
    revoked = await teamKey('search', new Date());
    await insertDeployment(suite.sql, { name: 'search-pool', team: 'search', servedModel: 'llama-3.1-8b' });
    await insertDeployment(suite.sql, { name: 'ads-pool', team: 'ads', servedModel: 'llama-3.1-8b' });
    // The consumer as its own principal: it may read usage.events and write the DLQ, nothing else.
    ingest = await startIngestInProcess({
      ...suite.env,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_USERNAME: 'tokenmeter-ingest',
      KAFKA_PASSWORD: localStackSasl('ingest').password,
    });
  });

  afterAll(async () => {
    await ingest?.close();
    await suite?.close();
  });

  it("stores a producer's records only for the team whose key signed them; the rest go to the DLQ", async () => {
    const own = record('own', 'search');
    const otherTeam = record('claims-ads', 'ads');
    const unsigned = record('unsigned', 'ads');
    const forged = record('forged', 'ads');
    const byRevoked = record('revoked-key', 'search');
    const tampered = record('tampered', 'search');
    const messages = [
      { key: 'search', value: own, headers: signedBy(search, own) },
      // Team A's key, team B's usage.
      { key: 'ads', value: otherTeam, headers: signedBy(search, otherTeam) },
      { key: 'ads', value: unsigned },
      // Team B's key id, signed with a secret guessed from team A's.
      {
        key: 'ads',
        value: forged,
        headers: {
          'tokenmeter-key-id': ads.keyId,
          'tokenmeter-signature': recordSignature(signingSecretOf(search.key), forged),
        },
      },
      { key: 'search', value: byRevoked, headers: signedBy(revoked, byRevoked) },
      // A signed record whose value was changed afterwards (its team, say).
      { key: 'ads', value: tampered.replace('"search"', '"ads"'), headers: signedBy(search, tampered) },
    ];
    // As a registered producer principal, which may write usage.events.
    await produce(suite.topics.usageEvents, messages, { sign: false, sasl: localStackSasl('producer') });

    const dead = await readTopic(suite.topics.usageEventsDlq, 5, 60_000);
    const reasons = Object.fromEntries(
      dead.map((letter) => [JSON.parse(letter.value!.toString()).id, letter.headers['tokenmeter-dlq-reason']]),
    );
    expect(reasons).toEqual({
      'claims-ads': `subject: key ${search.keyId} belongs to team "search"; the record claims team "ads"`,
      unsigned: expect.stringMatching(/^headers\.tokenmeter-key-id, headers\.tokenmeter-signature: unsigned record/),
      forged: `headers.tokenmeter-signature: does not match the record's value for key ${ads.keyId}`,
      'revoked-key': `headers.tokenmeter-key-id: no active ingest or finops key with id "${revoked.keyId}"`,
      tampered: `headers.tokenmeter-signature: does not match the record's value for key ${search.keyId}`,
    });
    await waitFor(
      () => suite.sql.query(`SELECT id, team FROM usage_records WHERE source = $1`, [SOURCE]).then((r) => r.rows),
      (rows) => rows.length >= 1,
      30_000,
      'the signed record',
    );
    const stored = await suite.sql.query(`SELECT id, team FROM usage_records WHERE source = $1 ORDER BY id`, [SOURCE]);
    expect(stored.rows).toEqual([{ id: 'own', team: 'search' }]);
  });

  it('counts a log line only for a deployment of the team whose key signed it; the rest go to the DLQ', async () => {
    const line = (time: string) =>
      `INFO 11-27 ${time} [loggers.py:116] Engine 000: Avg prompt throughput: 100.0 tokens/s, ` +
      'Avg generation throughput: 50.0 tokens/s, Running: 2 reqs, Waiting: 0 reqs, GPU KV cache usage: 10.0%, ' +
      'Prefix cache hit rate: 0.0%';
    const at = String(Date.parse('2026-11-27T10:00:00Z'));
    const own = line('10:00:00');
    const foreign = line('10:00:10');
    const unsigned = line('10:00:20');
    const messages = [
      { key: 'search-pool', value: own, timestamp: at, headers: signedBy(search, own) },
      // Team A's key on team B's deployment: it would inflate B's served tokens.
      { key: 'ads-pool', value: foreign, timestamp: at, headers: signedBy(search, foreign) },
      { key: 'ads-pool', value: unsigned, timestamp: at },
    ];
    await produce(suite.topics.vllmLogs, messages, { sign: false, sasl: localStackSasl('producer') });

    const dead = await readTopic(suite.topics.vllmLogsDlq, 2, 60_000);
    expect(dead.map((letter) => letter.headers['tokenmeter-dlq-reason']).sort()).toEqual([
      expect.stringMatching(/^deployment ads-pool of team "ads": headers\.tokenmeter-key-id, .*unsigned record/),
      expect.stringMatching(
        new RegExp(`^deployment ads-pool of team "ads": subject: key ${search.keyId} belongs to team "search"`),
      ),
    ]);
    const samples = await waitFor(
      () => suite.sql.query(`SELECT deployment FROM utilization_samples`).then((r) => r.rows),
      (rows) => rows.length >= 1,
      30_000,
      'the signed line',
    );
    expect(samples).toEqual([{ deployment: 'search-pool' }]);
  });

  it('lets each principal do only its part', async () => {
    const value = record('acl', 'search');
    // Few retries: a refusal is final, there is nothing to wait out.
    const kafka = (sasl: SASLOptions | undefined) =>
      new Kafka({ brokers: TEST_BROKERS.split(','), sasl, logLevel: logLevel.NOTHING, retry: { retries: 1 } });
    const send = async (sasl: SASLOptions | undefined, topic: string) => {
      const producer = kafka(sasl).producer();
      await producer.connect();
      try {
        await producer.send({
          topic,
          acks: -1,
          messages: [{ key: 'search', value, headers: signedBy(search, value) }],
        });
      } finally {
        await producer.disconnect();
      }
    };
    // The consumer, the planner and the collector may not put usage where it does not belong.
    await expect(send(localStackSasl('ingest'), suite.topics.usageEvents)).rejects.toThrow(/not authorized/i);
    await expect(send(localStackSasl('worker'), suite.topics.usageEvents)).rejects.toThrow(/not authorized/i);
    await expect(send(localStackSasl('api'), suite.topics.vllmLogs)).rejects.toThrow(/not authorized/i);
    await expect(send(localStackSasl('producer'), suite.topics.usageEventsDlq)).rejects.toThrow(/not authorized/i);
    // Each may do its own part.
    await send(localStackSasl('api'), suite.topics.usageEvents);
    await send(localStackSasl('producer'), suite.topics.vllmLogs);

    // Only the ingest principal reads usage.events: a producer cannot join even the ingest group.
    const consumer = kafka(localStackSasl('producer')).consumer({ groupId: suite.env.INGEST_GROUP_ID });
    const crashed = new Promise<Error>((resolve) =>
      consumer.on(consumer.events.CRASH, (event) => resolve(event.payload.error)),
    );
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [suite.topics.usageEvents], fromBeginning: true });
      await consumer.run({ eachMessage: async () => undefined });
      // kafkajs reports the refused FindCoordinator (GROUP_AUTHORIZATION_FAILED) as no coordinator found.
      expect((await crashed).message).toMatch(/not authorized|failed to find group coordinator/i);
    } finally {
      await consumer.disconnect();
    }

    // No credentials, or a wrong password: the broker takes nothing.
    await expect(send(undefined, suite.topics.usageEvents)).rejects.toThrow(/closed connection/i);
    const wrong = { ...localStackSasl('producer'), password: 'not-the-password' };
    await expect(send(wrong, suite.topics.usageEvents)).rejects.toThrow(/authentication failed/i);
  });
});
