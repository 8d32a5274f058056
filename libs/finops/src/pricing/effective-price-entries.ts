// The entries a PriceBook is built from: the stored ones (the seeded bundled prices plus the
// organization's overrides), or, before the database has been seeded, the package's bundled prices
// with the stored overrides on top. The ingest consumer and the nightly planner both price this way.
// The price_entries table holds flat rates only; the rules (tiers, time-of-day windows, 1-hour cache
// writes, service tiers) are attached here: a seeded bundled entry gets its package rules by id, an
// organization's price gets the provider's service tiers (a batch call is half price on any rate card).
import { bundledPriceEntries } from './bundled-prices';
import type { PriceEntry } from './price-entry';
import { serviceTierPrices } from './service-tier-prices';

export function effectivePriceEntries(stored: readonly PriceEntry[]): readonly PriceEntry[] {
  const bundled = bundledPriceEntries();
  if (!stored.some((entry) => !entry.organization)) return [...bundled, ...stored.map(withRules(new Map()))];
  const bundledRules = new Map(bundled.flatMap((entry) => (entry.rules ? [[entry.id, entry.rules] as const] : [])));
  return stored.map(withRules(bundledRules));
}

function withRules(bundledRules: ReadonlyMap<string, NonNullable<PriceEntry['rules']>>) {
  return (entry: PriceEntry): PriceEntry => {
    if (entry.rules) return entry;
    const rules = entry.organization ? undefined : bundledRules.get(entry.id);
    if (rules) return { ...entry, rules };
    const serviceTiers = serviceTierPrices(entry.provider, entry.model);
    return serviceTiers ? { ...entry, rules: { serviceTiers } } : entry;
  };
}
