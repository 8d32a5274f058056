// Publishes new or changed recommendations to finops.recommendations (key: team).
import { Inject, Injectable } from '@nestjs/common';
import type { TopicMap } from '@tokenmeter/contracts';
import type { RecommendationRow } from '@tokenmeter/db';
import { KafkaProducerService, TOPICS } from '@tokenmeter/kafka';

@Injectable()
export class RecommendationPublisher {
  constructor(
    private readonly producer: KafkaProducerService,
    @Inject(TOPICS) private readonly topics: TopicMap,
  ) {}

  async publish(rows: RecommendationRow[]): Promise<void> {
    await this.producer.send(
      this.topics.finopsRecommendations,
      rows.map((r) => ({ key: r.team, value: JSON.stringify(r), headers: { 'tm-kind': r.kind } })),
    );
  }
}
