// Finds the price entry for a usage record: (provider, model id as sent, usage time) → PriceEntry.
//
// Rules, in order:
// 1. An organization entry wins over a bundled one whenever one applies at that time.
// 2. Within each, the entry with the latest effectiveFrom ≤ time.
// 3. Model ids are matched the way they vary in practice (model-id-matcher.ts):
//    organization entries: the id and its route forms, then looser forms (dates, versions removed),
//    then the id the bundled package rules resolve it to (so an override of `claude-3-5-sonnet`
//    also prices `claude-3-5-sonnet-20241022`);
//    bundled entries: the exact id, then the package's own matching rules on each route form (they
//    know `gpt-4o-2024-05-13` is not `gpt-4o`), then looser forms.
//
// The ingest consumer prices ~100k records/s, so matching happens once per (provider, model) and
// is cached; a lookup is then a map hit plus a scan of that model's few dated entries.
import { canonicalProviderId } from '@tokenmeter/contracts';
import type { ModelResolver } from './bundled-model-resolver';
import { bundledModelResolver } from './bundled-prices';
import { looseForms, routeForms } from './model-id-matcher';
import type { PriceEntry } from './price-entry';
import { parsePricePerMTok } from './price-per-mtok';

export interface PriceBookOptions {
  /** The package's model-matching rules; defaults to the bundled ones, null turns them off. */
  modelResolver?: ModelResolver | null;
  /** Distinct (provider, model) pairs remembered before the cache starts over. */
  maxCachedModels?: number;
}

/** One model's entries, oldest first. */
type Series = readonly PriceEntry[];

interface ResolvedSeries {
  organization: Series | null;
  bundled: Series | null;
}

const DEFAULT_MAX_CACHED_MODELS = 50_000;

export class PriceBook {
  private readonly organization = new Map<string, PriceEntry[]>();
  private readonly bundled = new Map<string, PriceEntry[]>();
  private readonly resolver: ModelResolver | null;
  private readonly cache = new Map<string, ResolvedSeries>();
  private readonly maxCachedModels: number;
  readonly size: number;

  constructor(entries: Iterable<PriceEntry>, options: PriceBookOptions = {}) {
    let size = 0;
    for (const entry of entries) {
      validateEntry(entry);
      const index = entry.organization ? this.organization : this.bundled;
      const key = seriesKey(providerKey(entry.provider), entry.model.trim().toLowerCase());
      const series = index.get(key);
      if (series === undefined) index.set(key, [entry]);
      else series.push(entry);
      size++;
    }
    for (const index of [this.organization, this.bundled]) {
      for (const series of index.values()) series.sort((a, b) => a.effectiveFrom.getTime() - b.effectiveFrom.getTime());
    }
    this.size = size;
    this.resolver = options.modelResolver === undefined ? bundledModelResolver() : options.modelResolver;
    this.maxCachedModels = options.maxCachedModels ?? DEFAULT_MAX_CACHED_MODELS;
  }

  /** The price that applied to `model` of `provider` at `at`, or null when none is known. */
  find(provider: string, model: string, at: Date): PriceEntry | null {
    const cacheKey = seriesKey(provider, model);
    let resolved = this.cache.get(cacheKey);
    if (resolved === undefined) {
      resolved = this.resolve(providerKey(provider), model);
      // Model ids come from clients; a bound keeps a flood of distinct junk ids from growing memory.
      if (this.cache.size >= this.maxCachedModels) this.cache.clear();
      this.cache.set(cacheKey, resolved);
    }
    const time = at.getTime();
    return latestAt(resolved.organization, time) ?? latestAt(resolved.bundled, time);
  }

  private resolve(provider: string, model: string): ResolvedSeries {
    const routes = routeForms(model);
    const loose = looseForms(model);
    const packageMatches = this.resolver === null ? [] : routes.map((form) => this.resolver!(provider, form));
    const packageMatch = packageMatches.find((match) => match !== null) ?? null;

    const organization =
      this.firstSeries(this.organization, provider, [...routes, ...loose]) ??
      (packageMatch === null
        ? null
        : this.firstSeries(this.organization, provider, [packageMatch.model.toLowerCase()]));

    let bundled = this.firstSeries(this.bundled, provider, [routes[0]!]);
    for (const match of packageMatches) {
      if (bundled !== null) break;
      if (match !== null)
        bundled = this.bundled.get(seriesKey(providerKey(match.provider), match.model.toLowerCase())) ?? null;
    }
    bundled ??= this.firstSeries(this.bundled, provider, [...routes.slice(1), ...loose]);
    return { organization, bundled };
  }

  private firstSeries(index: Map<string, PriceEntry[]>, provider: string, models: readonly string[]): Series | null {
    for (const model of models) {
      const series = index.get(seriesKey(provider, model));
      if (series !== undefined) return series;
    }
    return null;
  }
}

function latestAt(series: Series | null, time: number): PriceEntry | null {
  if (series === null) return null;
  for (let i = series.length - 1; i >= 0; i--) {
    if (series[i]!.effectiveFrom.getTime() <= time) return series[i]!;
  }
  return null;
}

function seriesKey(provider: string, model: string): string {
  return `${provider}\u0000${model}`;
}

/** Aliases such as `aws` or `vertex_ai` index the same entries as their canonical id. */
function providerKey(provider: string): string {
  const lower = provider.trim().toLowerCase();
  return canonicalProviderId(lower) ?? lower;
}

function validateEntry(entry: PriceEntry): void {
  try {
    parsePricePerMTok(entry.inputPerMTok);
    parsePricePerMTok(entry.outputPerMTok);
    if (entry.cachedInputPerMTok !== null) parsePricePerMTok(entry.cachedInputPerMTok);
    if (entry.cacheWritePerMTok !== null) parsePricePerMTok(entry.cacheWritePerMTok);
    if (Number.isNaN(entry.effectiveFrom.getTime())) throw new Error('effectiveFrom: expected a valid date');
  } catch (error) {
    throw new Error(`price entry ${entry.id}: ${(error as Error).message}`);
  }
}
