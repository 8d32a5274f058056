// Decoding, validation, pricing and COPY encoding cost the consumer's JavaScript thread more than
// everything else it does per event; they run in worker threads (Piscina) so that thread is left
// with Kafka fetches and Postgres I/O, and both cores of a small machine get used. With
// INGEST_DECODE_THREADS=0 they run on the consumer's own thread instead.
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@tokenmeter/config';
import { KafkaMessage } from 'kafkajs';
import path from 'node:path';
import { Piscina } from 'piscina';
import { PriceBookProvider } from './price-book.provider';
import { decodeUsageTask, UsageDecodeResult, UsageDecodeTask } from './usage-decode-task';

export type DecodedUsage = Extract<UsageDecodeResult, { needPrices: false }>;

@Injectable()
export class UsageDecoder implements OnModuleDestroy {
  private readonly pool: Piscina<UsageDecodeTask, UsageDecodeResult> | null;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly prices: PriceBookProvider,
  ) {
    const threads = config.INGEST_DECODE_THREADS;
    this.pool = threads === 0 ? null : new Piscina({ filename: path.join(__dirname, 'usage-decode.worker.js'), minThreads: threads, maxThreads: threads, recordTiming: false });
  }

  async decode(messages: KafkaMessage[], now: Date): Promise<DecodedUsage> {
    const prices = await this.prices.current();
    // A thread that has not seen this version of the prices asks for them once.
    for (const entries of [null, prices.entries]) {
      const { bytes, lengths } = packValues(messages);
      const task = { bytes, lengths, now: now.getTime(), prices: { version: prices.version, entries } };
      const result = this.pool ? await this.pool.run(task, { transferList: [bytes.buffer, lengths.buffer] }) : decodeUsageTask(task);
      if (!result.needPrices) return result;
    }
    throw new Error('a decode thread refused the price book it was sent');
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool?.destroy();
  }
}

/** The messages' values in one buffer that moves to the thread without a copy. */
function packValues(messages: KafkaMessage[]): { bytes: Uint8Array<ArrayBuffer>; lengths: Int32Array<ArrayBuffer> } {
  const lengths = new Int32Array(messages.length);
  let total = 0;
  messages.forEach((message, i) => {
    lengths[i] = message.value === null ? -1 : message.value.length;
    total += message.value?.length ?? 0;
  });
  const bytes = new Uint8Array(new ArrayBuffer(total));
  let offset = 0;
  for (const message of messages) {
    if (message.value === null) continue;
    bytes.set(message.value, offset);
    offset += message.value.length;
  }
  return { bytes, lengths };
}
