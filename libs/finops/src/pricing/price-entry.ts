// One model price, as stored in the `price_entries` table: USD per 1M tokens for each token class.
// Bundled entries come from @pydantic/genai-prices (organization = false); an organization's own
// negotiated or self-computed prices are stored with organization = true and win over bundled ones.
import type { PriceRules } from './price-rules';

export interface PriceEntry {
  /** Stable id, ≤ 128 characters; stored on each usage record as its `priceVersion`. */
  id: string;
  /** Canonical provider id (libs/contracts PROVIDER_IDS), e.g. `openai`, `bedrock`. */
  provider: string;
  /** The model id prices are looked up by (case-insensitive), e.g. `gpt-4o`. */
  model: string;
  /** Decimal strings with at most 6 decimal places (the column is `Decimal(14, 6)`). */
  inputPerMTok: string;
  /** Cache reads; null means "no cache discount": billed at the input price. */
  cachedInputPerMTok: string | null;
  /** Cache writes; null means billed at the input price. */
  cacheWritePerMTok: string | null;
  outputPerMTok: string;
  /** The first instant this price applies (UTC). */
  effectiveFrom: Date;
  /** Where the price comes from: a package and version, a contract, a person. */
  source: string;
  /** True for an organization's own price, which wins over bundled prices. */
  organization: boolean;
  /** Tiers, time-of-day windows, 1-hour cache writes, service tiers; absent: the flat rates above. */
  rules?: PriceRules;
}
