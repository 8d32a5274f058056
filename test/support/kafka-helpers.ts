import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, Message, SASLOptions } from 'kafkajs';
import { SIGNATURE_HEADER, signatureHeaders } from '../../libs/contracts/src/record-signature';
import { Topics } from '../../libs/contracts/src/topics';
import { TEST_SIGNER } from './test-signing-key';
import { TEST_BROKERS, TEST_SASL } from './test-topics';

/** `sasl`: whom to sign in as (the tests' own sign-in by default); null signs in as no one. */
export const testKafka = (sasl: SASLOptions | null | undefined = TEST_SASL) =>
  new Kafka({
    clientId: 'tokenmeter-tests',
    brokers: TEST_BROKERS.split(','),
    sasl: sasl ?? undefined,
    logLevel: logLevel.NOTHING,
  });

/**
 * Produces in chunks with acks = all. Records for a usage.events or vllm.logs topic are signed with the
 * test producer's key (test-signing-key.ts) unless they carry a signature already or `sign` is false.
 */
export async function produce(
  topic: string,
  messages: Message[],
  { sign = true, sasl = TEST_SASL }: { sign?: boolean; sasl?: SASLOptions | null } = {},
): Promise<void> {
  const producer = testKafka(sasl).producer();
  const signs = topic.endsWith(Topics.usageEvents) || topic.endsWith(Topics.vllmLogs);
  const signed = sign && signs ? messages.map(signedByTestProducer) : messages;
  await producer.connect();
  try {
    for (let i = 0; i < signed.length; i += 2_000) {
      await producer.send({ topic, acks: -1, messages: signed.slice(i, i + 2_000) });
    }
  } finally {
    await producer.disconnect();
  }
}

export interface ReadMessage {
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/** Reads a topic from the beginning until `count` messages arrived (or the timeout passed). */
export async function readTopic(topic: string, count: number, timeoutMs = 30_000): Promise<ReadMessage[]> {
  const consumer = testKafka().consumer({ groupId: `reader-${randomBytes(4).toString('hex')}`, maxWaitTimeInMs: 100 });
  const messages: ReadMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  await consumer.run({
    eachMessage: async ({ message }) => {
      messages.push({
        key: message.key?.toString() ?? null,
        value: message.value,
        headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
      });
      if (messages.length >= count) done();
    },
  });
  await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, timeoutMs))]);
  await consumer.disconnect();
  return messages;
}

/** How many records a topic holds in all (end offsets summed). */
export async function topicSize(topic: string): Promise<number> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

/** A message with the test producer's signature, unless it has one. */
function signedByTestProducer(message: Message): Message {
  if (message.headers?.[SIGNATURE_HEADER] !== undefined) return message;
  const value = message.value ?? '';
  return { ...message, headers: { ...message.headers, ...signatureHeaders(TEST_SIGNER, value as Buffer | string) } };
}
