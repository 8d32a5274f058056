// One partition's micro-batches on their way to the database, in offset order. The next one is
// prepared (decoded) while this one is handled (stored); then its end offset is committed. The
// consumer's fetch loop only queues and waits for room, so the next fetch overlaps the writes too
// (kafkajs alone fetches again only when every partition of the last fetch is fully handled, which
// left both cores idle a quarter of the time).
//
// Why this loses nothing: an offset is committed only after every record below it in the lane was
// handled, and a micro-batch that gives up (shutdown, or a rebalance took its generation away)
// takes every later one of its generation with it, so nothing after a gap is ever committed.
import type { MicroBatch } from './micro-batch';

export interface PartitionLaneOptions<P> {
  /** Micro-batches queued or in hand at most; the fetch loop waits for room beyond that. */
  depth: number;
  /** Side-effect free work that may run ahead (decoding). */
  prepare(batch: MicroBatch): Promise<P>;
  /** Stores the micro-batch; a failure is taken as passing and retried. */
  handle(batch: MicroBatch, prepared: P): Promise<void>;
  commit(batch: MicroBatch): Promise<void>;
  /** False once a rebalance has started a newer generation than the micro-batch's. */
  isCurrent(generation: number): boolean;
  isStopping(): boolean;
  /** A failed attempt (for logs and metrics); `retryInMs` is the backoff before the next one. */
  onFailure(stage: 'handle' | 'commit', error: unknown, attempt: number, batch: MicroBatch, retryInMs: number): void;
  /** After a success that took more than one attempt. */
  onRecovered?(stage: 'handle' | 'commit', attempt: number, batch: MicroBatch): void;
  maxBackoffMs: number;
}

interface LaneItem<P> {
  batch: MicroBatch;
  generation: number;
  /** Started for the micro-batch in hand and the next one only, so the work ahead stays short. */
  prepared: Promise<P> | null;
}

/**
 * Micro-batches prepared beyond the one in hand: enough to overlap, and few enough that the decode
 * queue all lanes share stays short, so each lane's next micro-batch is ready when it is due.
 */
const PREPARED_AHEAD = 1;

export class PartitionLane<P> {
  private readonly queue: LaneItem<P>[] = [];
  private running: Promise<void> | null = null;
  private waiters: Array<() => void> = [];

  constructor(private readonly options: PartitionLaneOptions<P>) {}

  /** Micro-batches queued or in hand. */
  get size(): number {
    return this.queue.length;
  }

  get hasRoom(): boolean {
    return this.queue.length < this.options.depth;
  }

  /** Resolves when a micro-batch leaves the lane (or after `timeoutMs`, so the caller can heartbeat). */
  changed(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        // A timed-out waiter leaves too: a lane retrying through a long outage must not collect them.
        this.waiters = this.waiters.filter((waiter) => waiter !== done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.push(done);
    });
  }

  push(batch: MicroBatch, generation: number): void {
    this.queue.push({ batch, generation, prepared: null });
    this.prepareAhead();
    this.running ??= this.run();
  }

  /** Drops the micro-batches not yet started: after a rebalance kafkajs fetches them again. */
  dropQueued(): void {
    this.queue.splice(this.running ? 1 : 0);
    this.notify();
  }

  /** Resolves when the lane has nothing queued or in hand. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async run(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const item = this.queue[0]!;
        const handled = await this.attempt('handle', item, async (attempt) => {
          const prepared = await (attempt === 1 && item.prepared ? item.prepared : this.prepare(item.batch));
          await this.options.handle(item.batch, prepared);
        });
        if (!handled) {
          // Nothing after a gap may be committed: its generation's later micro-batches go too.
          const rest = this.queue.slice(1).filter((later) => later.generation > item.generation);
          this.queue.splice(0, this.queue.length, item, ...rest);
        } else if (this.options.isCurrent(item.generation)) {
          // Commits are cumulative: one that cannot be made is covered by the next one.
          await this.attempt('commit', item, () => this.options.commit(item.batch));
        }
        this.queue.shift();
        this.prepareAhead();
        this.notify();
      }
    } finally {
      // In the same step as the loop's last check: a push right after it starts a new loop.
      this.running = null;
    }
  }

  private prepareAhead(): void {
    for (const item of this.queue.slice(0, 1 + PREPARED_AHEAD)) item.prepared ??= this.prepare(item.batch);
  }

  /**
   * Runs `work` until it succeeds (true) or its micro-batch no longer counts (false): the consumer
   * is stopping, or a rebalance began a newer generation that fetches the records again.
   */
  private async attempt(
    stage: 'handle' | 'commit',
    item: LaneItem<P>,
    work: (attempt: number) => Promise<void>,
  ): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await work(attempt);
        if (attempt > 1) this.options.onRecovered?.(stage, attempt, item.batch);
        return true;
      } catch (error) {
        const backoff = Math.min(this.options.maxBackoffMs, 100 * 2 ** Math.min(attempt, 10));
        this.options.onFailure(stage, error, attempt, item.batch, backoff);
        for (const until = Date.now() + backoff; ; ) {
          if (this.options.isStopping() || !this.options.isCurrent(item.generation)) return false;
          const left = until - Date.now();
          if (left <= 0) break;
          await new Promise((resolve) => setTimeout(resolve, Math.min(left, 250)));
        }
      }
    }
  }

  private prepare(batch: MicroBatch): Promise<P> {
    const prepared = Promise.resolve().then(() => this.options.prepare(batch));
    // Awaited (and its failure retried) when the micro-batch's turn comes.
    prepared.catch(() => undefined);
    return prepared;
  }

  private notify(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}
