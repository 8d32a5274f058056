// A kafkajs consumer-group loop that never commits what it has not stored (after PostHog's):
// eachBatch with auto-resolve and auto-commit off; each fetched batch is cut into micro-batches and
// queued on its partition's lane (partition-lane.ts), which prepares, handles and then commits them
// in order while the loop fetches on. A handler failure is taken as passing (database down): the
// micro-batch is retried with backoff and nothing after it is committed until it succeeds. Records
// that can never succeed are the handler's to route (dead letters), so the loop always moves on.
import { TOPIC_PARTITIONS } from '@tokenmeter/contracts';
import { Admin, Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { registerCompressionCodecs } from './compression/compression-codecs';
import { undecodableReason } from './compression/undecodable-batch';
import { ConsumerProgress, type ConsumerVerdict } from './consumer-progress';
import { type MicroBatch, nextOffsetOf } from './micro-batch';
import { PartitionLane } from './partition-lane';

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
  /**
   * Stand-ins for a batch that could not be read (corrupt, or an unknown codec): the first of each
   * batch carries its compressed bytes and the reason. Called before the micro-batch is committed;
   * usually sends them to the dead-letter topic.
   */
  undecodable(batch: MicroBatch, standIns: KafkaMessage[]): Promise<void>;
  logger: BatchConsumerLogger;
  /** Called after each failed attempt, e.g. to count retries in metrics. */
  onRetry?(error: unknown, attempt: number): void;
  maxBackoffMs?: number;
  /**
   * Micro-batches per partition queued or in hand before the fetch loop waits (default 4). A lane
   * must hold more than one fetch (up to 4 MB a partition, ~11,000 usage events) to still have work
   * while the next fetch is on its way: 4 micro-batches of the default 10,000 records hold about four.
   */
  laneDepth?: number;
}

/** How long a status read from the broker is reused. */
const STATUS_MAX_AGE_MS = 1_000;

export class BatchConsumer<P = void> {
  private readonly consumer: Consumer;
  private readonly progress: ConsumerProgress;
  private admin: Admin | null = null;
  private lastStatus: { at: number; verdict: Promise<ConsumerVerdict> } | null = null;
  private readonly lanes = new Map<string, PartitionLane<P>>();
  /** Counts the group joins: work queued before the latest join is fetched again after it. */
  private generation = 0;
  private stopping = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: BatchConsumerOptions<P>,
  ) {
    this.progress = new ConsumerProgress(options.topic, Date.now());
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
    const { events } = this.consumer;
    this.consumer.on(events.GROUP_JOIN, ({ payload }) => {
      this.generation++;
      for (const lane of this.lanes.values()) lane.dropQueued();
      this.progress.joined(payload.memberAssignment[options.topic] ?? [], Date.now());
    });
    this.consumer.on(events.CRASH, ({ payload }) => this.progress.crashed(payload.error.message, Date.now()));
    for (const left of [events.REBALANCING, events.STOP, events.DISCONNECT] as const) {
      this.consumer.on(left, () => this.progress.left(Date.now()));
    }
  }

  /**
   * Readiness: a member of its group, not crash-looping, and no partition of its own with lag
   * whose committed offset has stood still for `stallMs`. Offsets are read from the broker at most
   * once a second however often /readyz and /metrics are asked (each read costs two admin requests).
   */
  status(stallMs: number): Promise<ConsumerVerdict> {
    const now = Date.now();
    if (!this.lastStatus || now - this.lastStatus.at >= STATUS_MAX_AGE_MS) {
      this.lastStatus = { at: now, verdict: this.freshStatus(stallMs) };
    }
    return this.lastStatus.verdict;
  }

  private async freshStatus(stallMs: number): Promise<ConsumerVerdict> {
    const partitions = new Set(this.progress.assignedPartitions());
    if (partitions.size > 0) {
      try {
        this.admin ??= this.kafka.admin();
        await this.admin.connect();
        const { topic, groupId } = this.options;
        const [ends, [group]] = await Promise.all([
          this.admin.fetchTopicOffsets(topic),
          this.admin.fetchOffsets({ groupId, topics: [topic] }),
        ]);
        const now = Date.now();
        const low = new Map(ends.map((end) => [end.partition, BigInt(end.low)]));
        for (const end of ends)
          if (partitions.has(end.partition)) this.progress.logEnd(end.partition, BigInt(end.high));
        for (const { partition, offset } of group?.partitions ?? []) {
          // -1: nothing committed yet, so the group starts from the log's first offset.
          const committed = offset === '-1' ? (low.get(partition) ?? 0n) : BigInt(offset);
          if (partitions.has(partition)) this.progress.committed(partition, committed, now);
        }
      } catch {
        // Unreachable broker: the process's own Kafka check says so; judge on what is known.
      }
    }
    return this.progress.assess(Date.now(), stallMs);
  }

  async start(): Promise<void> {
    this.stopping = false;
    await registerCompressionCodecs();
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
    await this.admin?.disconnect();
    this.admin = null;
  }

  private async lanesIdle(): Promise<void> {
    await Promise.all([...this.lanes.values()].map((lane) => lane.idle()));
  }

  private async eachBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const { topic, partition, messages } = batch;
    const generation = this.generation;
    const lane = this.laneOf(topic, partition);
    this.progress.logEnd(partition, BigInt(batch.highWatermark));
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
      lane.push(splitUndecodable({ topic, partition, messages: chunk }), generation);
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
        depth: options.laneDepth ?? 4,
        maxBackoffMs: options.maxBackoffMs ?? 5_000,
        prepare: (batch) =>
          options.prepare && batch.messages.length ? options.prepare(batch) : Promise.resolve(undefined as P),
        handle: async (batch, prepared) => {
          if (batch.undecodable?.length) await options.undecodable(batch, batch.undecodable);
          if (batch.messages.length) await options.handle(batch, prepared);
        },
        commit: async (batch) => {
          const offset = nextOffsetOf(batch);
          await this.consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset }]);
          this.progress.committed(batch.partition, BigInt(offset), Date.now());
        },
        isCurrent: (generation) => generation === this.generation,
        isStopping: () => this.stopping,
        onFailure: (stage, error, attempt, batch, retryInMs) => {
          options.onRetry?.(error, attempt);
          options.logger.warn(
            stage === 'handle' ? 'micro-batch failed; retrying without committing' : 'offset commit failed; retrying',
            {
              attempt,
              backoffMs: retryInMs,
              partition: batch.partition,
              error: error instanceof Error ? error.message : String(error),
            },
          );
        },
        onRecovered: (stage, attempt, batch) =>
          options.logger.info(
            stage === 'handle' ? 'micro-batch stored after retrying' : 'offsets committed after retrying',
            { attempt, partition: batch.partition },
          ),
      });
      this.lanes.set(key, lane);
    }
    return lane;
  }
}

/** Stand-ins are rare: a micro-batch without them is passed on as it is. */
function splitUndecodable(batch: MicroBatch): MicroBatch {
  if (!batch.messages.some((message) => undecodableReason(message) !== null)) return batch;
  const messages: KafkaMessage[] = [];
  const undecodable: KafkaMessage[] = [];
  for (const message of batch.messages) (undecodableReason(message) === null ? messages : undecodable).push(message);
  return { ...batch, messages, undecodable };
}
