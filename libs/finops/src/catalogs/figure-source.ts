/**
 * Where a catalog figure comes from. FinOps must be able to trace every number back to a vendor
 * page or a published benchmark; `estimate: true` marks figures nobody publishes as such
 * (street prices, derived bit widths, quality judgements).
 */
export interface FigureSource {
  source: string;
  estimate?: boolean;
}

/** One source per figure of a catalog entry, keyed by the figure's field name. */
export type FigureSources<K extends string> = Readonly<Record<K, FigureSource>>;

/** The same source for several figures, e.g. everything read from one model's config.json. */
export function sameSource<K extends string>(keys: readonly K[], source: FigureSource): Record<K, FigureSource> {
  return Object.fromEntries(keys.map((key) => [key, source])) as Record<K, FigureSource>;
}
