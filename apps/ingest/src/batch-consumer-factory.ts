import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@tokenmeter/config';
import { TopicMap } from '@tokenmeter/contracts';
import { BatchConsumer, DeadLetterPublisher, KAFKA, MicroBatch, TOPICS, undecodableReason } from '@tokenmeter/kafka';
import { MetricsService } from '@tokenmeter/observability';
import { Kafka } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { ConsumerHealth } from './consumer-health';

/**
 * Builds the app's commit-after-write consumers with the shared settings, logs and retry metric;
 * sends the stand-ins of unreadable batches to the consumer's dead-letter topic; and makes each
 * consumer part of /readyz and of the partition metrics (consumer-health.ts).
 */
/** Ingest's two streams: usage events, and self-hosted engines' logs. */
export type IngestStream = 'usage' | 'vllm-logs';

@Injectable()
export class BatchConsumerFactory {
  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(TOPICS) private readonly topics: TopicMap,
    private readonly metrics: MetricsService,
    private readonly health: ConsumerHealth,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly logger: PinoLogger,
  ) {}

  /**
   * The consumer of one of ingest's two streams. Each has its own group, so a burst of vLLM logs
   * never delays usage events and each topic's offsets are its own: usage.events in INGEST_GROUP_ID,
   * vllm.logs in `<INGEST_GROUP_ID>-vllm`.
   */
  create<P = void>(
    name: IngestStream,
    work: { prepare?(batch: MicroBatch): Promise<P>; handle(batch: MicroBatch, prepared: P): Promise<void> },
  ): BatchConsumer<P> {
    const { topics, config } = this;
    const options = {
      name,
      ...work,
      ...(name === 'usage'
        ? { groupId: config.INGEST_GROUP_ID, topic: topics.usageEvents, deadLetterTopic: topics.usageEventsDlq }
        : { groupId: `${config.INGEST_GROUP_ID}-vllm`, topic: topics.vllmLogs, deadLetterTopic: topics.vllmLogsDlq }),
    };
    const { metrics } = this;
    const retries = metrics.counter(
      'tokenmeter_ingest_batch_retries_total',
      'Micro-batches retried after a transient failure',
      ['topic'],
    );
    const unreadable = metrics.counter(
      'tokenmeter_ingest_undecodable_batches_total',
      'Record batches that could not be read (corrupt bytes, unknown codec), sent to the dead-letter topic',
      ['topic'],
    );
    const fields = (extra?: object) => ({ consumer: options.name, ...extra });
    const consumer = new BatchConsumer<P>(this.kafka, {
      groupId: options.groupId,
      topic: options.topic,
      microBatchSize: this.config.INGEST_MICRO_BATCH,
      prepare: options.prepare,
      handle: options.handle,
      undecodable: async (batch, standIns) => {
        // The first stand-in of each batch carries its bytes; the others only hold its offsets.
        const letters = standIns
          .filter((message) => message.value !== null)
          .map((message) => ({
            message,
            sourceTopic: batch.topic,
            partition: batch.partition,
            reason: undecodableReason(message) ?? 'undecodable batch',
          }));
        await this.deadLetters.publish(options.deadLetterTopic, letters);
        unreadable.inc({ topic: options.topic }, letters.length);
        for (const letter of letters)
          this.logger.warn(fields({ partition: batch.partition, offset: letter.message.offset }), letter.reason);
      },
      logger: {
        info: (msg, extra) => this.logger.info(fields(extra), msg),
        warn: (msg, extra) => this.logger.warn(fields(extra), msg),
      },
      onRetry: () => retries.inc({ topic: options.topic }),
    });
    this.health.watch(options.name, options.topic, consumer as BatchConsumer<unknown>);
    return consumer;
  }
}
