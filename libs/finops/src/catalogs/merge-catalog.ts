// Catalogs are defaults, not truths: a caller passes a partial catalog and it is merged by id.
// An overridden figure without its own source is attributed to the caller, so a report never
// shows a vendor page as the source of a number the user typed.
import type { FigureSource } from './figure-source';

interface SourcedEntry {
  id: string;
  sources: Readonly<Record<string, FigureSource>>;
}

/** A change to one entry (or a new entry): any fields, plus sources for the figures it sets. */
export type CatalogOverride<T extends SourcedEntry> = { id: string } & Partial<Omit<T, 'id' | 'sources'>> & {
    sources?: Partial<T['sources']>;
  };

/** What merging needs to know about one catalog. */
export interface CatalogShape<T extends SourcedEntry> {
  name: string;
  /** Fields a new entry must supply. */
  requiredFields: readonly Exclude<keyof T, 'sources'>[];
  /** Fields that carry a source. */
  figureFields: readonly (keyof T['sources'])[];
}

export class CatalogOverrideError extends Error {}

export const CALLER_SOURCE: FigureSource = { source: 'override supplied by the caller' };

export function mergeCatalog<T extends SourcedEntry>(
  shape: CatalogShape<T>,
  base: readonly T[],
  overrides: readonly CatalogOverride<T>[] = [],
): T[] {
  const merged = new Map<string, T>(base.map((entry) => [entry.id, entry]));
  const problems: string[] = [];
  for (const override of overrides) {
    const existing = merged.get(override.id);
    const { sources: overrideSources = {}, ...fields } = override;
    const sources: Record<string, FigureSource> = { ...(existing?.sources ?? {}) };
    for (const figure of shape.figureFields as string[]) {
      const given = (overrideSources as Record<string, FigureSource | undefined>)[figure];
      if (given) sources[figure] = given;
      else if (figure in fields || !existing) sources[figure] = CALLER_SOURCE;
    }
    if (!existing) {
      const missing = shape.requiredFields.filter(
        (field) => (fields as Record<string, unknown>)[field as string] === undefined,
      );
      if (missing.length > 0) {
        problems.push(`catalogs.${shape.name}: new entry "${override.id}" is missing ${missing.join(', ')}`);
        continue;
      }
    }
    merged.set(override.id, { ...(existing ?? {}), ...fields, sources } as unknown as T);
  }
  if (problems.length > 0) throw new CatalogOverrideError(problems.join('\n'));
  return [...merged.values()];
}
