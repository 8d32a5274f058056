import { Injectable } from '@nestjs/common';
import { KafkaMessage } from 'kafkajs';
import { KafkaProducerService } from './kafka-producer.service';

export interface DeadLetter {
  message: KafkaMessage;
  sourceTopic: string;
  partition: number;
  reason: string;
}

/** Header names on dead letters: the original bytes stay in key and value, untouched. */
export const DLQ_HEADERS = {
  reason: 'tokenmeter-dlq-reason',
  sourceTopic: 'tokenmeter-dlq-source-topic',
  partition: 'tokenmeter-dlq-source-partition',
  offset: 'tokenmeter-dlq-source-offset',
} as const;

const MAX_REASON_BYTES = 8_192;

/** Sends records that can never succeed to a dead-letter topic, with the reason in headers. */
@Injectable()
export class DeadLetterPublisher {
  constructor(private readonly producer: KafkaProducerService) {}

  async publish(dlqTopic: string, letters: DeadLetter[]): Promise<void> {
    await this.producer.send(
      dlqTopic,
      letters.map(({ message, sourceTopic, partition, reason }) => ({
        key: message.key,
        value: message.value,
        headers: {
          ...message.headers,
          [DLQ_HEADERS.reason]: truncate(reason),
          [DLQ_HEADERS.sourceTopic]: sourceTopic,
          [DLQ_HEADERS.partition]: String(partition),
          [DLQ_HEADERS.offset]: message.offset,
        },
      })),
    );
  }
}

function truncate(reason: string): string {
  const bytes = Buffer.from(reason, 'utf8');
  return bytes.length <= MAX_REASON_BYTES ? reason : `${bytes.subarray(0, MAX_REASON_BYTES).toString('utf8')}…`;
}
