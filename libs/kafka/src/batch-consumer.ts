// A kafkajs consumer-group loop that never commits what it has not stored (after PostHog's):
// eachBatch with auto-resolve and auto-commit off; each fetched batch is cut into micro-batches and
// queued on its partition's lane (partition-lane.ts), which prepares, handles and then commits them
// in order while the loop fetches on. A handler failure is taken as passing (database down): the
// micro-batch is retried with backoff and nothing after it is committed until it succeeds. Records
// that can never succeed are the handler's to route (dead letters), so the loop always moves on.
import { TOPIC_PARTITIONS } from '@tokenmeter/contracts';
import { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { MicroBatch } from './micro-batch';
import { PartitionLane } from './partition-lane';

export type { MicroBatch } from './micro-batch';

export interface BatchConsumerLogger {
  info(message: string, fields?: object): void;
  warn(message: string, fields?: object): void;
}

export interface BatchConsumerOptions<P = void> {
  groupId: string;
  topic: string;
  microBatchSize: number;
  /**
   * Side-effect free work on a micro-batch (decoding) that may run while the micro-batches before
   * it are still being handled; its result is handed to `handle`.
   */
  prepare?(batch: MicroBatch): Promise<P>;
  handle(batch: MicroBatch, prepared: P): Promise<void>;
  logger: BatchConsumerLogger;
  /** Called after each failed attempt, e.g. to count retries in metrics. */
  onRetry?(error: unknown, attempt: number): void;
  maxBackoffMs?: number;
  /**
   * Micro-batches per partition queued or in hand before the fetch loop waits (default 8). A lane
   * must hold more than one fetch (up to 4 MB a partition, ~11,000 usage events) to still have work
   * while the next fetch is on its way.
   */
  laneDepth?: number;
}

export class BatchConsumer<P = void> {
  private readonly consumer: Consumer;
  private readonly lanes = new Map<string, PartitionLane<P>>();
  /** Counts the group joins: work queued before the latest join is fetched again after it. */
  private generation = 0;
  private stopping = false;

  constructor(
    kafka: Kafka,
    private readonly options: BatchConsumerOptions<P>,
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
    // kafkajs emits this after every join and sync, before it fetches from the committed offsets
    // again, and only once no eachBatch of the old generation is running.
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
      this.generation++;
      for (const lane of this.lanes.values()) lane.dropQueued();
    });
  }

  async start(): Promise<void> {
    this.stopping = false;
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.options.topic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      // Each partition's batch is queued as soon as it is fetched (the lanes do the work), so no
      // lane waits for another partition's turn.
      partitionsConsumedConcurrently: TOPIC_PARTITIONS,
      eachBatch: (payload) => this.eachBatch(payload),
    });
  }

  /** Stores and commits what the lanes hold, then leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.lanesIdle();
    await this.consumer.disconnect();
  }

  private async lanesIdle(): Promise<void> {
    await Promise.all([...this.lanes.values()].map((lane) => lane.idle()));
  }

  private async eachBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const { topic, partition, messages } = batch;
    const generation = this.generation;
    const lane = this.laneOf(topic, partition);
    const stillOurs = () => isRunning() && !isStale() && !this.stopping && generation === this.generation;
    for (let start = 0; start < messages.length; start += this.options.microBatchSize) {
      while (stillOurs() && !lane.hasRoom) {
        await lane.changed(1_000);
        // A lane stuck retrying (database down) must not cost the group membership.
        await heartbeat();
      }
      if (!stillOurs()) {
        // Stopping: hold the fetch loop until the lanes are done rather than let it fetch again.
        if (this.stopping) await this.lanesIdle();
        return;
      }
      const chunk = messages.slice(start, start + this.options.microBatchSize);
      lane.push({ topic, partition, messages: chunk }, generation);
      // Moves only the fetch position: the lane commits once the micro-batch is handled.
      resolveOffset(chunk[chunk.length - 1]!.offset);
    }
  }

  private laneOf(topic: string, partition: number): PartitionLane<P> {
    const key = `${topic}\u0000${partition}`;
    let lane = this.lanes.get(key);
    if (!lane) {
      const { options } = this;
      lane = new PartitionLane<P>({
        depth: options.laneDepth ?? 8,
        maxBackoffMs: options.maxBackoffMs ?? 5_000,
        prepare: options.prepare ? (batch) => options.prepare!(batch) : () => Promise.resolve(undefined as P),
        handle: (batch, prepared) => options.handle(batch, prepared),
        commit: (batch) => {
          const last = batch.messages[batch.messages.length - 1]!.offset;
          return this.consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() }]);
        },
        isCurrent: (generation) => generation === this.generation,
        isStopping: () => this.stopping,
        onFailure: (stage, error, attempt, batch, retryInMs) => {
          options.onRetry?.(error, attempt);
          options.logger.warn(stage === 'handle' ? 'micro-batch failed; retrying without committing' : 'offset commit failed; retrying', {
            attempt,
            backoffMs: retryInMs,
            partition: batch.partition,
            error: error instanceof Error ? error.message : String(error),
          });
        },
        onRecovered: (stage, attempt, batch) =>
          options.logger.info(stage === 'handle' ? 'micro-batch stored after retrying' : 'offsets committed after retrying', { attempt, partition: batch.partition }),
      });
      this.lanes.set(key, lane);
    }
    return lane;
  }
}
