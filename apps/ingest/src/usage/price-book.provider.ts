import { Injectable } from '@nestjs/common';
import { UsageRecord } from '@tokenmeter/contracts';
import { PriceEntryRepository } from '@tokenmeter/db';
import { bundledPriceEntries, PriceBook, UsageCost, usageCost } from '@tokenmeter/finops';

const REFRESH_MS = 60_000;

export interface RecordPricer {
  price(record: UsageRecord): UsageCost;
}

/**
 * The price book the consumer prices with: the database's entries (seeded bundled prices and
 * the organization's overrides), reloaded every minute so a new override applies without a restart.
 * Before the database is seeded the bundled prices of the package are used directly.
 */
@Injectable()
export class PriceBookProvider {
  private book: PriceBook | null = null;
  private loadedAt = 0;
  private loading: Promise<PriceBook> | null = null;

  constructor(private readonly entries: PriceEntryRepository) {}

  async current(): Promise<RecordPricer> {
    if (!this.book || Date.now() - this.loadedAt > REFRESH_MS) {
      this.loading ??= this.load().finally(() => (this.loading = null));
      try {
        this.book = await this.loading;
        this.loadedAt = Date.now();
      } catch (error) {
        if (!this.book) throw error; // nothing to price with yet: the batch is retried
      }
    }
    const book = this.book;
    return {
      price: (record) =>
        usageCost(record, record.costUsd === null ? book.find(record.provider, record.model, new Date(record.time)) : null),
    };
  }

  private async load(): Promise<PriceBook> {
    const stored = await this.entries.listAll();
    const hasBundled = stored.some((entry) => !entry.organization);
    return new PriceBook(hasBundled ? stored : [...bundledPriceEntries(), ...stored]);
  }
}
