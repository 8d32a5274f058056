import { KafkaMessage } from 'kafkajs';

/** A slice of one partition's fetched records, stored and committed as a unit. */
export interface MicroBatch {
  topic: string;
  partition: number;
  messages: KafkaMessage[];
}
