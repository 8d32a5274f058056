import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@tokenmeter/config';
import { BatchConsumer, KAFKA, MicroBatch } from '@tokenmeter/kafka';
import { MetricsService } from '@tokenmeter/observability';
import { Kafka } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';

/** Builds the app's commit-after-write consumers with the shared settings, logs and retry metric. */
@Injectable()
export class BatchConsumerFactory {
  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: MetricsService,
    private readonly logger: PinoLogger,
  ) {}

  create<P = void>(options: {
    name: string;
    groupId: string;
    topic: string;
    prepare?(batch: MicroBatch): Promise<P>;
    handle(batch: MicroBatch, prepared: P): Promise<void>;
  }): BatchConsumer<P> {
    const retries = this.metrics.counter('tokenmeter_ingest_batch_retries_total', 'Micro-batches retried after a transient failure', ['topic']);
    const fields = (extra?: object) => ({ consumer: options.name, ...extra });
    return new BatchConsumer<P>(this.kafka, {
      groupId: options.groupId,
      topic: options.topic,
      microBatchSize: this.config.INGEST_MICRO_BATCH,
      prepare: options.prepare,
      handle: options.handle,
      logger: {
        info: (msg, extra) => this.logger.info(fields(extra), msg),
        warn: (msg, extra) => this.logger.warn(fields(extra), msg),
      },
      onRetry: () => retries.inc({ topic: options.topic }),
    });
  }
}
