// One micro-batch of usage.events: decode and validate each record, price it, store the whole
// batch in one statement, and route records that can never succeed to usage.events.dlq.
// Throws only for failures that may pass (database down); the consumer then retries the batch.
import { Inject, Injectable } from '@nestjs/common';
import { decodeUsageMessage, TopicMap, UsageRecord } from '@tokenmeter/contracts';
import { isTransientDatabaseError, UsageRecordRepository, UsageRow } from '@tokenmeter/db';
import { DeadLetter, DeadLetterPublisher, MicroBatch, TOPICS } from '@tokenmeter/kafka';
import { MetricsService } from '@tokenmeter/observability';
import { KafkaMessage } from 'kafkajs';
import { PriceBookProvider } from './price-book.provider';

const DECODE_SLICE = 500;
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

@Injectable()
export class UsageBatchHandler {
  private readonly stored;
  private readonly duplicates;
  private readonly deadLettered;

  constructor(
    private readonly repository: UsageRecordRepository,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly prices: PriceBookProvider,
    @Inject(TOPICS) private readonly topics: TopicMap,
    metrics: MetricsService,
  ) {
    this.stored = metrics.counter('tokenmeter_usage_records_stored_total', 'Usage records stored (new idempotency keys)');
    this.duplicates = metrics.counter('tokenmeter_usage_records_duplicate_total', 'Usage records already stored, skipped');
    this.deadLettered = metrics.counter('tokenmeter_usage_records_dead_lettered_total', 'Usage records sent to the DLQ');
  }

  async handle(batch: MicroBatch): Promise<void> {
    const now = new Date();
    const priceBook = await this.prices.current();
    const rows: UsageRow[] = [];
    const rowMessages: KafkaMessage[] = [];
    const letters: DeadLetter[] = [];
    for (const [index, message] of batch.messages.entries()) {
      // Decoding is synchronous; pausing every few hundred records lets the other partitions'
      // COPY streams and commits move meanwhile, so Postgres is not left waiting for data.
      if (index % DECODE_SLICE === DECODE_SLICE - 1) await yieldToIo();
      const decoded = decodeUsageMessage(message.value, { now });
      if (!decoded.ok) {
        letters.push(this.letter(batch, message, decoded.errors.map((e) => e.message).join('; ')));
        continue;
      }
      rows.push(toRow(decoded.record, priceBook.price(decoded.record)));
      rowMessages.push(message);
    }
    const { stored, refused } = await this.store(batch, rows, rowMessages, letters);
    // Dead letters go out before the offsets are committed, so none is lost if we die here.
    if (letters.length) await this.deadLetters.publish(this.topics.usageEventsDlq, letters);
    this.stored.inc(stored);
    this.duplicates.inc(rows.length - stored - refused);
    this.deadLettered.inc(letters.length);
  }

  /** The whole batch in one statement; if the data itself is refused, find the culprits one by one. */
  private async store(batch: MicroBatch, rows: UsageRow[], messages: KafkaMessage[], letters: DeadLetter[]) {
    try {
      return { stored: await this.repository.insertBatch(rows), refused: 0 };
    } catch (error) {
      if (isTransientDatabaseError(error)) throw error;
    }
    let stored = 0;
    let refused = 0;
    for (let i = 0; i < rows.length; i++) {
      try {
        stored += await this.repository.insertBatch([rows[i]]);
      } catch (rowError) {
        if (isTransientDatabaseError(rowError)) throw rowError;
        refused++;
        letters.push(this.letter(batch, messages[i], `database refused the record: ${(rowError as Error).message}`));
      }
    }
    return { stored, refused };
  }

  private letter(batch: MicroBatch, message: KafkaMessage, reason: string): DeadLetter {
    return { message, reason, sourceTopic: batch.topic, partition: batch.partition };
  }
}

function toRow(record: UsageRecord, cost: { costUsd: string | null; priceVersion: string | null }): UsageRow {
  return {
    source: record.source,
    id: record.id,
    time: new Date(record.time),
    team: record.team,
    project: record.project ?? null,
    tags: record.tags ?? {},
    provider: record.provider,
    model: record.model,
    deployment: record.deployment ?? null,
    inputTokens: record.inputTokens,
    cachedInputTokens: record.cachedInputTokens,
    cacheWriteTokens: record.cacheWriteTokens,
    outputTokens: record.outputTokens,
    reasoningTokens: record.reasoningTokens,
    requests: record.requests,
    costUsd: cost.costUsd,
    priceVersion: cost.priceVersion,
  };
}
