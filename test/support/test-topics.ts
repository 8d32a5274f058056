// Each integration suite gets its own topics: the real names behind a unique prefix, with
// TokenMeter's principals granted their ACLs on them (the broker authorizes every request).
import { randomBytes } from 'node:crypto';
import type { SASLOptions } from 'kafkajs';
import { TopicMap, topicNames } from '../../libs/contracts/src/topics';
import { ensureTopics } from '../../libs/kafka/src/ensure-topics';
import { kafkaSasl } from '../../libs/kafka/src/kafka-client';

export const TEST_BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';

/** The tests' own sign-in (vitest.config.ts: the local stack's admin unless the environment says otherwise). */
export const TEST_KAFKA_CONNECTION = {
  KAFKA_BROKERS: TEST_BROKERS,
  KAFKA_SASL_MECHANISM: (process.env.KAFKA_SASL_MECHANISM ?? 'scram-sha-512') as
    | 'none'
    | 'plain'
    | 'scram-sha-256'
    | 'scram-sha-512',
  KAFKA_USERNAME: process.env.KAFKA_USERNAME ?? '',
  KAFKA_PASSWORD: process.env.KAFKA_PASSWORD ?? '',
};

export const TEST_SASL: SASLOptions | undefined = kafkaSasl(TEST_KAFKA_CONNECTION);

export async function createTestTopics(): Promise<{ prefix: string; topics: TopicMap }> {
  const prefix = `t${randomBytes(4).toString('hex')}.`;
  await ensureTopics(TEST_BROKERS.split(','), prefix, {
    sasl: TEST_SASL,
    // Suites name their ingest groups after their prefix (app-env.ts, usage-suite.ts).
    acls: TEST_SASL ? { ingestGroup: prefix } : undefined,
  });
  return { prefix, topics: topicNames(prefix) };
}

/** A principal of the local stack (scripts/stack.sh) with its password there, for suites that try ACLs. */
export function localStackSasl(principal: 'api' | 'ingest' | 'worker' | 'producer') {
  const passwords = {
    api: process.env.KAFKA_API_PASSWORD ?? 'api-local-secret',
    ingest: process.env.KAFKA_INGEST_PASSWORD ?? 'ingest-local-secret',
    worker: process.env.KAFKA_WORKER_PASSWORD ?? 'worker-local-secret',
    producer: process.env.KAFKA_PRODUCER_PASSWORD ?? 'producer-local-secret',
  };
  return {
    mechanism: 'scram-sha-512' as const,
    username: `tokenmeter-${principal}`,
    password: passwords[principal],
  } satisfies SASLOptions;
}
