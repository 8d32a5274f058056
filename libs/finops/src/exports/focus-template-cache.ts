// What FocusCsvWriter renders once and then only copies: per row identity its line templates (by token
// class and price variant), its entry's rates and unit price texts, and per day the four dates, all as
// byte ranges in one arena. The same identities come back in every export (a team's models and price
// entries change seldom), so a cache held from export to export (FocusExportReader keeps one) spares each
// export rendering them again. Only ever added to: a template, once made, never changes.
import { ByteSink } from './byte-sink';
import { type EntryPrices, entryPrices } from './focus-row-figures';
import { type PriceVariant, type RowTemplate, usageRowTemplate } from './focus-row-template';
import {
  type ClassRates,
  cachedEntryClassRates,
  type DailyPricedUsage,
  dailyUsageColumns,
  isEntryPriced,
  PICO,
  TOKEN_CLASSES,
} from './focus-rows';

/** One row identity's rates and line templates (by token class and price variant, made when first needed). */
export interface IdentityTemplates {
  /** The row it was made for: its identity's values are compared with a row's (sameIdentity). */
  row: DailyPricedUsage;
  /** The entry's prices; null unless entry-priced. */
  prices: EntryPrices | null;
  /** The list unit prices' text by class: [start, end) pairs in the arena. */
  unitPriceText: number[] | null;
  /** By class × price variant (FocusTemplateCache.line()). */
  lines: (RowTemplate | undefined)[];
}

/** The date columns in the order of their slots (SLOTS from FIRST_DATE_SLOT on). */
const DATE_COLUMNS = ['BillingPeriodEnd', 'BillingPeriodStart', 'ChargePeriodEnd', 'ChargePeriodStart'] as const;
const VARIANTS: readonly PriceVariant[] = ['Standard', 'Other', 'unpriced'];
/** Past this many arena bytes (some 30,000 identities' templates) a holder starts a new cache. */
const FULL_ARENA_BYTES = 16 << 20;

export class FocusTemplateCache {
  /** Every constant part of every template, and the dates and unit prices, as bytes. */
  readonly arena = new ByteSink();
  /** Entry rates by price entry and rules (cachedEntryClassRates). */
  readonly rates = new Map<string, ClassRates>();
  /** By team, then model. */
  private readonly identities = new Map<string, Map<string, IdentityTemplates[]>>();
  /** Each day's dates as [start, end) pairs in the arena, in the date slots' order. */
  private readonly days = new Map<string, number[]>();

  /** True once the cache holds so much that a long-lived holder should start afresh. */
  get full(): boolean {
    return this.arena.size > FULL_ARENA_BYTES;
  }

  /**
   * The identity's templates: found by team and model (two lookups of the row's own strings, nothing
   * built per row), then among that pair's few identities by every other value a line's constant
   * columns or its rates depend on.
   */
  identity(row: DailyPricedUsage): IdentityTemplates {
    let byModel = this.identities.get(row.team);
    if (!byModel) {
      byModel = new Map();
      this.identities.set(row.team, byModel);
    }
    let candidates = byModel.get(row.model);
    if (!candidates) {
      candidates = [];
      byModel.set(row.model, candidates);
    }
    for (const candidate of candidates) if (sameIdentity(candidate.row, row)) return candidate;
    const identity = this.newIdentity(row);
    candidates.push(identity);
    return identity;
  }

  /** The template of token class `k` (TOKEN_CLASSES index) in `variant` of the row's identity. */
  line(identity: IdentityTemplates, row: DailyPricedUsage, k: number, variant: PriceVariant): RowTemplate {
    const index = k * VARIANTS.length + VARIANTS.indexOf(variant);
    identity.lines[index] ??= usageRowTemplate(row, TOKEN_CLASSES[k]!, variant, this.arena);
    return identity.lines[index];
  }

  /** The day's four dates as [start, end) pairs in the arena, in the date slots' order. */
  dates(day: string): number[] {
    let ranges = this.days.get(day);
    if (!ranges) {
      const columns = dailyUsageColumns(day);
      ranges = [];
      for (const column of DATE_COLUMNS) {
        ranges.push(this.arena.size);
        this.arena.writeText(columns[column]);
        ranges.push(this.arena.size);
      }
      this.days.set(day, ranges);
    }
    return ranges;
  }

  private newIdentity(row: DailyPricedUsage): IdentityTemplates {
    if (!isEntryPriced(row)) return { row, prices: null, unitPriceText: null, lines: [] };
    const prices = entryPrices(cachedEntryClassRates(row, this.rates));
    const unitPriceText = prices.list.flatMap((price) => {
      const start = this.arena.size;
      this.arena.writeScaled(price, PICO);
      return [start, this.arena.size];
    });
    return { row, prices, unitPriceText, lines: [] };
  }
}

/** Same team name, provider, tier, price entry, rules and prices (team and model are looked up first). */
function sameIdentity(a: DailyPricedUsage, b: DailyPricedUsage): boolean {
  return (
    a.provider === b.provider &&
    a.teamName === b.teamName &&
    (a.serviceTier ?? null) === (b.serviceTier ?? null) &&
    a.priceVersion === b.priceVersion &&
    (a.priceRules ?? null) === (b.priceRules ?? null) &&
    a.inputPerMTok === b.inputPerMTok &&
    a.cachedInputPerMTok === b.cachedInputPerMTok &&
    a.cacheWritePerMTok === b.cacheWritePerMTok &&
    a.outputPerMTok === b.outputPerMTok
  );
}
