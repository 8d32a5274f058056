// Each integration suite gets its own topics: the real names behind a unique prefix.
import { randomBytes } from 'node:crypto';
import { TopicMap, topicNames } from '../../libs/contracts/src/topics';
import { ensureTopics } from '../../libs/kafka/src/ensure-topics';

export const TEST_BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';

export async function createTestTopics(): Promise<{ prefix: string; topics: TopicMap }> {
  const prefix = `t${randomBytes(4).toString('hex')}.`;
  await ensureTopics(TEST_BROKERS.split(','), prefix);
  return { prefix, topics: topicNames(prefix) };
}
