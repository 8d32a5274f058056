// One micro-batch of usage.events: decode, validate and price each record (in a decode thread,
// ahead of time), store the whole batch with two COPYs, and route records that can never succeed to
// usage.events.dlq. Throws only for failures that may pass (database down); the consumer then
// retries the batch.
import { Inject, Injectable } from '@nestjs/common';
import { TopicMap, USAGE_RECORD_COUNTERS } from '@tokenmeter/contracts';
import { isTransientDatabaseError, pickUsageRows, UsageRecordRepository, usageRowCount } from '@tokenmeter/db';
import { DeadLetter, DeadLetterPublisher, MicroBatch, TOPICS } from '@tokenmeter/kafka';
import { MetricsService } from '@tokenmeter/observability';
import { KafkaMessage } from 'kafkajs';
import { DecodedUsage, UsageDecoder } from './usage-decoder';

@Injectable()
export class UsageBatchHandler {
  private readonly stored;
  private readonly duplicates;
  private readonly deadLettered;

  constructor(
    private readonly repository: UsageRecordRepository,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly decoder: UsageDecoder,
    @Inject(TOPICS) private readonly topics: TopicMap,
    metrics: MetricsService,
  ) {
    this.stored = metrics.counter(USAGE_RECORD_COUNTERS.stored, 'Usage records stored (new idempotency keys)');
    this.duplicates = metrics.counter(USAGE_RECORD_COUNTERS.duplicate, 'Usage records already stored, skipped');
    this.deadLettered = metrics.counter(USAGE_RECORD_COUNTERS.deadLettered, 'Usage records sent to the DLQ');
  }

  /** Decoding has no side effects, so the consumer runs it ahead of the micro-batches before. */
  prepare(batch: MicroBatch): Promise<DecodedUsage> {
    return this.decoder.decode(batch.messages, new Date());
  }

  async handle(batch: MicroBatch, decoded: DecodedUsage): Promise<void> {
    const letters = decoded.rejected.map(({ index, reason }) => this.letter(batch, batch.messages[index], reason));
    const { stored, refused } = await this.store(batch, decoded, letters);
    // Dead letters go out before the offsets are committed, so none is lost if we die here.
    if (letters.length) await this.deadLetters.publish(this.topics.usageEventsDlq, letters);
    this.stored.inc(stored);
    this.duplicates.inc(decoded.valid - stored - refused);
    this.deadLettered.inc(letters.length);
  }

  /** The whole batch at once; if the data itself is refused, find the culprits one by one. */
  private async store(batch: MicroBatch, decoded: DecodedUsage, letters: DeadLetter[]) {
    try {
      return { stored: await this.repository.insertEncoded(decoded.rows), refused: 0 };
    } catch (error) {
      if (isTransientDatabaseError(error)) throw error;
    }
    let stored = 0;
    let refused = 0;
    for (let i = 0; i < usageRowCount(decoded.rows); i++) {
      try {
        stored += await this.repository.insertEncoded(pickUsageRows(decoded.rows, [i]));
      } catch (rowError) {
        if (isTransientDatabaseError(rowError)) throw rowError;
        refused++;
        letters.push(
          this.letter(
            batch,
            batch.messages[decoded.messageIndexes[i]],
            `database refused the record: ${(rowError as Error).message}`,
          ),
        );
      }
    }
    return { stored, refused };
  }

  private letter(batch: MicroBatch, message: KafkaMessage, reason: string): DeadLetter {
    return { message, reason, sourceTopic: batch.topic, partition: batch.partition };
  }
}
