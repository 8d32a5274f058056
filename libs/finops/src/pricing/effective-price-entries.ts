// The entries a PriceBook is built from: the stored ones (the seeded bundled prices plus the
// organization's overrides), or, before the database has been seeded, the package's bundled prices
// with the stored overrides on top. The ingest consumer and the nightly planner both price this way.
import { bundledPriceEntries } from './bundled-prices';
import type { PriceEntry } from './price-entry';

export function effectivePriceEntries(stored: readonly PriceEntry[]): readonly PriceEntry[] {
  return stored.some((entry) => !entry.organization) ? stored : [...bundledPriceEntries(), ...stored];
}
