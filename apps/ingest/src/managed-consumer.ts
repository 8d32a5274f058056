import { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import type { BatchConsumer } from '@tokenmeter/kafka';

/** A consumer that joins its group when the app has started, and on SIGTERM stores and commits the
 * micro-batches in hand before leaving it. */
export abstract class ManagedConsumer<P = void> implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected constructor(private readonly consumer: BatchConsumer<P>) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
  }
}
