import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@tokenmeter/config';
import { TopicMap } from '@tokenmeter/contracts';
import { BatchConsumer, KAFKA, TOPICS } from '@tokenmeter/kafka';
import { MetricsService } from '@tokenmeter/observability';
import { Kafka } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { UsageBatchHandler } from './usage-batch-handler';

/** The consumer group on usage.events; several ingest instances share its partitions. */
@Injectable()
export class UsageConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly consumer: BatchConsumer;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(TOPICS) topics: TopicMap,
    @Inject(APP_CONFIG) config: AppConfig,
    handler: UsageBatchHandler,
    metrics: MetricsService,
    logger: PinoLogger,
  ) {
    logger.setContext(UsageConsumer.name);
    const retries = metrics.counter('tokenmeter_ingest_batch_retries_total', 'Micro-batches retried after a transient failure', ['topic']);
    this.consumer = new BatchConsumer(kafka, {
      groupId: config.INGEST_GROUP_ID,
      topic: topics.usageEvents,
      microBatchSize: config.INGEST_MICRO_BATCH,
      handle: (batch) => handler.handle(batch),
      logger: { info: (msg, fields) => logger.info(fields ?? {}, msg), warn: (msg, fields) => logger.warn(fields ?? {}, msg) },
      onRetry: () => retries.inc({ topic: topics.usageEvents }),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  /** SIGTERM: finish and commit the micro-batch in hand, then leave the group. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
  }
}
