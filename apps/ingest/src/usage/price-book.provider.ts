import { Injectable } from '@nestjs/common';
import { PriceEntryRepository } from '@tokenmeter/db';
import { effectivePriceEntries, PriceEntry } from '@tokenmeter/finops';

const REFRESH_MS = 60_000;

/** The entries the consumer prices with, and a version that changes whenever they are reloaded. */
export interface PriceSnapshot {
  version: number;
  entries: readonly PriceEntry[];
}

/**
 * The price entries the consumer prices with: the database's (seeded bundled prices and the
 * organization's overrides), reloaded every minute so a new override applies without a restart.
 * Before the database is seeded the bundled prices of the package are used (effectivePriceEntries). The decode
 * threads build their PriceBook from a snapshot and keep it until the version changes.
 */
@Injectable()
export class PriceBookProvider {
  private snapshot: PriceSnapshot | null = null;
  private loadedAt = 0;
  private loading: Promise<PriceSnapshot> | null = null;

  constructor(private readonly entries: PriceEntryRepository) {}

  async current(): Promise<PriceSnapshot> {
    if (!this.snapshot || Date.now() - this.loadedAt > REFRESH_MS) {
      this.loading ??= this.load().finally(() => (this.loading = null));
      try {
        this.snapshot = await this.loading;
        this.loadedAt = Date.now();
      } catch (error) {
        if (!this.snapshot) throw error; // nothing to price with yet: the batch is retried
      }
    }
    return this.snapshot;
  }

  private async load(): Promise<PriceSnapshot> {
    return { version: (this.snapshot?.version ?? 0) + 1, entries: effectivePriceEntries(await this.entries.listAll()) };
  }
}
