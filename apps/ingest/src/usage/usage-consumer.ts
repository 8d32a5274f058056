import { Injectable } from '@nestjs/common';
import { BatchConsumerFactory } from '../batch-consumer-factory';
import { ManagedConsumer } from '../managed-consumer';
import { UsageBatchHandler } from './usage-batch-handler';
import { DecodedUsage } from './usage-decoder';

/** The consumer group on usage.events; several ingest instances share its partitions. */
@Injectable()
export class UsageConsumer extends ManagedConsumer<DecodedUsage> {
  constructor(factory: BatchConsumerFactory, handler: UsageBatchHandler) {
    super(factory.create('usage', { prepare: (b) => handler.prepare(b), handle: (b, d) => handler.handle(b, d) }));
  }
}
