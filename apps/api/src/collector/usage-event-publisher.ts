import { Inject, Injectable } from '@nestjs/common';
import { CLOUDEVENTS_CONTENT_TYPE, TopicMap, UsageRecord, usageRecordToCloudEvent } from '@tokenmeter/contracts';
import { KafkaProducerService, TOPICS } from '@tokenmeter/kafka';

/** Puts validated usage on usage.events, keyed by team so a team's records stay in order. */
@Injectable()
export class UsageEventPublisher {
  constructor(
    private readonly producer: KafkaProducerService,
    @Inject(TOPICS) private readonly topics: TopicMap,
  ) {}

  /** Resolves once Kafka acknowledged every record (acks = all). */
  async publish(records: UsageRecord[]): Promise<void> {
    await this.producer.send(
      this.topics.usageEvents,
      records.map((record) => ({
        key: record.team,
        value: JSON.stringify(usageRecordToCloudEvent(record)),
        headers: { 'content-type': CLOUDEVENTS_CONTENT_TYPE },
      })),
    );
  }
}
