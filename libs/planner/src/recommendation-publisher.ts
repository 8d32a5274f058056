// Publishes new or changed recommendations to finops.recommendations (key: team), in sends of at
// most a quarter of the topic's record-batch limit: a send puts each partition's share in one batch,
// and a night that announces 10,000 recommendations (about 11 KB each) is over 100 MB, which one send
// would put in batches the broker refuses (MESSAGE_TOO_LARGE).
import { Inject, Injectable } from '@nestjs/common';
import type { TopicMap } from '@tokenmeter/contracts';
import type { RecommendationRow } from '@tokenmeter/db';
import { KafkaProducerService, TOPIC_MAX_MESSAGE_BYTES, TOPICS } from '@tokenmeter/kafka';
import type { Message } from 'kafkajs';

/** Bytes of record values per send (keys and headers are small beside them). */
export const PUBLISH_SEND_BYTES = TOPIC_MAX_MESSAGE_BYTES / 4;

@Injectable()
export class RecommendationPublisher {
  constructor(
    private readonly producer: KafkaProducerService,
    @Inject(TOPICS) private readonly topics: TopicMap,
  ) {}

  async publish(rows: RecommendationRow[]): Promise<void> {
    let batch: Message[] = [];
    let bytes = 0;
    for (const r of rows) {
      const value = JSON.stringify(r);
      const size = Buffer.byteLength(value);
      if (batch.length > 0 && bytes + size > PUBLISH_SEND_BYTES) {
        await this.producer.send(this.topics.finopsRecommendations, batch);
        batch = [];
        bytes = 0;
      }
      batch.push({ key: r.team, value, headers: { 'tm-kind': r.kind } });
      bytes += size;
    }
    await this.producer.send(this.topics.finopsRecommendations, batch);
  }
}
