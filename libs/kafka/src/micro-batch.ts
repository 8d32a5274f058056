import { KafkaMessage } from 'kafkajs';

/** A slice of one partition's fetched records, stored and committed as a unit. */
export interface MicroBatch {
  topic: string;
  partition: number;
  messages: KafkaMessage[];
  /**
   * Stand-ins for records of a batch that could not be read (compression/undecodable-batch.ts),
   * kept apart from `messages`: they go to the dead-letter topic, and are committed with the rest.
   */
  undecodable?: KafkaMessage[];
}

/** The offset after the micro-batch's last record: what to commit once it is stored. */
export function nextOffsetOf(batch: MicroBatch): string {
  let last = -1n;
  for (const list of [batch.messages, batch.undecodable ?? []]) {
    const tail = list[list.length - 1];
    if (tail && BigInt(tail.offset) > last) last = BigInt(tail.offset);
  }
  return (last + 1n).toString();
}
