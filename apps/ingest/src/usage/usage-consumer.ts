import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@tokenmeter/config';
import { TopicMap } from '@tokenmeter/contracts';
import { BatchConsumer, TOPICS } from '@tokenmeter/kafka';
import { BatchConsumerFactory } from '../batch-consumer-factory';
import { UsageBatchHandler } from './usage-batch-handler';
import { DecodedUsage } from './usage-decoder';

/** The consumer group on usage.events; several ingest instances share its partitions. */
@Injectable()
export class UsageConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly consumer: BatchConsumer<DecodedUsage>;

  constructor(
    factory: BatchConsumerFactory,
    handler: UsageBatchHandler,
    @Inject(TOPICS) topics: TopicMap,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.consumer = factory.create({
      name: 'usage',
      groupId: config.INGEST_GROUP_ID,
      topic: topics.usageEvents,
      prepare: (batch) => handler.prepare(batch),
      deadLetterTopic: topics.usageEventsDlq,
      handle: (batch, decoded) => handler.handle(batch, decoded),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  /** SIGTERM: store and commit the micro-batches in hand, then leave the group. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
  }
}
