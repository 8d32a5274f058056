import { Injectable } from '@nestjs/common';
import { PriceEntryRepository } from '@tokenmeter/db';
import { effectivePriceEntries, PriceEntry } from '@tokenmeter/finops';
import { ReloadingCache } from '../reloading-cache';

const REFRESH_MS = 60_000;

/** The entries the consumer prices with, and a version that changes whenever they are reloaded. */
export interface PriceSnapshot {
  version: number;
  entries: readonly PriceEntry[];
}

/**
 * The price entries the consumer prices with: the database's (seeded bundled prices and the
 * organization's overrides), reloaded every minute so a new override applies without a restart.
 * Before the database is seeded the bundled prices of the package are used (effectivePriceEntries).
 * The decode threads build their PriceBook from a snapshot and keep it until the version changes.
 */
@Injectable()
export class PriceBookProvider {
  private readonly cache: ReloadingCache<PriceSnapshot>;

  constructor(entries: PriceEntryRepository) {
    this.cache = new ReloadingCache(async (previous) => ({
      version: (previous?.version ?? 0) + 1,
      entries: effectivePriceEntries(await entries.listAll()),
    }));
  }

  current(): Promise<PriceSnapshot> {
    return this.cache.get(REFRESH_MS);
  }
}
