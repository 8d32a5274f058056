import { Injectable } from '@nestjs/common';
import { BatchConsumerFactory } from '../batch-consumer-factory';
import { ManagedConsumer } from '../managed-consumer';
import { VllmLogBatchHandler } from './vllm-log-batch-handler';

/** The consumer group on vllm.logs (every engine's logs), apart from usage.events' group. */
@Injectable()
export class VllmLogConsumer extends ManagedConsumer {
  constructor(factory: BatchConsumerFactory, handler: VllmLogBatchHandler) {
    super(factory.create('vllm-logs', { handle: (batch) => handler.handle(batch) }));
  }
}
