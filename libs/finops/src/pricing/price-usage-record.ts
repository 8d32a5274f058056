// Prices a normalized usage record: finds the entry in force at the record's time and keeps both
// the cost and the entry id that produced it, so every stored cost can be traced to its price.
import type { UsageRecord } from '@tokenmeter/contracts';
import type { PriceBook } from './price-book';
import type { UsageCost } from './usage-cost';
import { usageCostByRules } from './usage-price';

export type PricedUsageRecord = UsageRecord & UsageCost;

export function priceUsageRecord(record: UsageRecord, priceBook: PriceBook): PricedUsageRecord {
  // A client cost wins, so skip the lookup entirely for it.
  const time = new Date(record.time);
  const entry = record.costUsd === null ? priceBook.find(record.provider, record.model, time) : null;
  return { ...record, ...usageCostByRules(record, entry, time) };
}
