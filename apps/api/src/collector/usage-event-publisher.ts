import { Inject, Injectable } from '@nestjs/common';
import {
  CLOUDEVENTS_CONTENT_TYPE,
  RecordSigner,
  signatureHeaders,
  TopicMap,
  UsageRecord,
  usageRecordToCloudEvent,
} from '@tokenmeter/contracts';
import { KafkaProducerService, TOPICS } from '@tokenmeter/kafka';

/**
 * Puts validated usage on usage.events, keyed by team so a team's records stay in order, each signed
 * with the caller's key (the consumer stores only records a key of their team signed).
 */
@Injectable()
export class UsageEventPublisher {
  constructor(
    private readonly producer: KafkaProducerService,
    @Inject(TOPICS) private readonly topics: TopicMap,
  ) {}

  /** Resolves once Kafka acknowledged every record (acks = all). */
  async publish(records: UsageRecord[], signer: RecordSigner): Promise<void> {
    await this.producer.send(
      this.topics.usageEvents,
      records.map((record) => {
        const value = JSON.stringify(usageRecordToCloudEvent(record));
        return {
          key: record.team,
          value,
          headers: { 'content-type': CLOUDEVENTS_CONTENT_TYPE, ...signatureHeaders(signer, value) },
        };
      }),
    );
  }
}
