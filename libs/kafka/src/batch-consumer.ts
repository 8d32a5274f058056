// A kafkajs consumer-group loop that never commits what it has not stored (after PostHog's):
// eachBatch with auto-resolve and auto-commit off; the batch is handled in micro-batches; after each
// micro-batch is durably handled its offsets are resolved and committed and the session heartbeats.
// A handler failure is taken as passing (database down): the same micro-batch is retried with
// backoff, heartbeating meanwhile, and nothing is committed until it succeeds. Records that can
// never succeed are the handler's to route (dead letters), so the loop always moves on.
import { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';

export interface MicroBatch {
  topic: string;
  partition: number;
  messages: KafkaMessage[];
}

export interface BatchConsumerLogger {
  info(message: string, fields?: object): void;
  warn(message: string, fields?: object): void;
}

export interface BatchConsumerOptions {
  groupId: string;
  topic: string;
  microBatchSize: number;
  handle(batch: MicroBatch): Promise<void>;
  logger: BatchConsumerLogger;
  /** Called after each failed attempt, e.g. to count retries in metrics. */
  onRetry?(error: unknown, attempt: number): void;
  maxBackoffMs?: number;
}

export class BatchConsumer {
  private readonly consumer: Consumer;

  constructor(
    kafka: Kafka,
    private readonly options: BatchConsumerOptions,
  ) {
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      maxBytesPerPartition: 4 * 1024 * 1024,
      maxBytes: 32 * 1024 * 1024,
      maxWaitTimeInMs: 100,
      allowAutoTopicCreation: false,
    });
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.options.topic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      // Postgres does its share on the other cores while this process decodes the next micro-batch.
      partitionsConsumedConcurrently: 3,
      eachBatch: (payload) => this.eachBatch(payload),
    });
  }

  /** Leaves the group after the micro-batch in hand is stored and committed. */
  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }

  private async eachBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const { topic, partition, messages } = batch;
    for (let start = 0; start < messages.length; start += this.options.microBatchSize) {
      if (!isRunning() || isStale()) return;
      const chunk = messages.slice(start, start + this.options.microBatchSize);
      await this.handleWithRetry({ topic, partition, messages: chunk }, heartbeat, isRunning);
      const last = chunk[chunk.length - 1].offset;
      resolveOffset(last);
      await this.consumer.commitOffsets([{ topic, partition, offset: (BigInt(last) + 1n).toString() }]);
      await heartbeat();
    }
  }

  private async handleWithRetry(batch: MicroBatch, heartbeat: () => Promise<void>, isRunning: () => boolean) {
    const maxBackoff = this.options.maxBackoffMs ?? 5_000;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.handle(batch);
        if (attempt > 1) this.options.logger.info('micro-batch stored after retrying', { attempt, partition: batch.partition });
        return;
      } catch (error) {
        this.options.onRetry?.(error, attempt);
        // Shutting down: leave the records uncommitted for whoever takes the partition next.
        if (!isRunning()) throw error;
        const backoff = Math.min(maxBackoff, 100 * 2 ** Math.min(attempt, 10));
        this.options.logger.warn('micro-batch failed; retrying without committing', {
          attempt,
          backoffMs: backoff,
          partition: batch.partition,
          error: error instanceof Error ? error.message : String(error),
        });
        await sleepWithHeartbeats(backoff, heartbeat);
      }
    }
  }
}

async function sleepWithHeartbeats(ms: number, heartbeat: () => Promise<void>): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, until - Date.now())));
    await heartbeat();
  }
}
