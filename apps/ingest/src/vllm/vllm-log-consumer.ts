import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@tokenmeter/config';
import { TopicMap } from '@tokenmeter/contracts';
import { BatchConsumer, TOPICS } from '@tokenmeter/kafka';
import { BatchConsumerFactory } from '../batch-consumer-factory';
import { VllmLogBatchHandler } from './vllm-log-batch-handler';

/**
 * The consumer group on vllm.logs (`<INGEST_GROUP_ID>-vllm`), separate from usage.events' so a
 * burst of logs never delays usage events and each topic's offsets are its own.
 */
@Injectable()
export class VllmLogConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly consumer: BatchConsumer;

  constructor(
    factory: BatchConsumerFactory,
    handler: VllmLogBatchHandler,
    @Inject(TOPICS) topics: TopicMap,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.consumer = factory.create({
      name: 'vllm-logs',
      groupId: `${config.INGEST_GROUP_ID}-vllm`,
      topic: topics.vllmLogs,
      deadLetterTopic: topics.vllmLogsDlq,
      handle: (batch) => handler.handle(batch),
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
