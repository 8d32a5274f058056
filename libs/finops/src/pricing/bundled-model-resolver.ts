// The model-matching rules that ship with @pydantic/genai-prices, evaluated here rather than
// through its calcPrice: the package's matcher reads module state that its auto-update can swap
// and builds a RegExp on every call, while the price book needs a pure, precompiled function.
// The semantics follow the package (genai-prices 0.1.x): ids are lower-cased before matching
// (regexes included), the first model whose rule matches wins, a compact date (`-20241022`) is
// retried in ISO form (`-2024-10-22`), and a provider may fall back to other providers' models
// (Azure serves OpenAI's and Anthropic's models, Vertex AI serves Anthropic's).
import type { MatchLogic } from '@pydantic/genai-prices';

export interface MatchableProvider {
  /** TokenMeter provider id. */
  id: string;
  models: ReadonlyArray<{ id: string; match: MatchLogic }>;
  /** TokenMeter provider ids whose models this provider also serves. */
  fallbackProviders: readonly string[];
}

export interface ResolvedModel {
  provider: string;
  model: string;
}

/** Maps (provider, model id as sent) to the price list's (provider, model id), or null. */
export type ModelResolver = (provider: string, model: string) => ResolvedModel | null;

type Predicate = (lowerId: string) => boolean;

export function compileMatchLogic(logic: MatchLogic): Predicate {
  if ('or' in logic) {
    const parts = logic.or.map(compileMatchLogic);
    return (id) => parts.some((part) => part(id));
  }
  if ('and' in logic) {
    const parts = logic.and.map(compileMatchLogic);
    return (id) => parts.every((part) => part(id));
  }
  if ('equals' in logic) {
    const value = logic.equals.toLowerCase();
    return (id) => id === value;
  }
  if ('starts_with' in logic) {
    const value = logic.starts_with.toLowerCase();
    return (id) => id.startsWith(value);
  }
  if ('ends_with' in logic) {
    const value = logic.ends_with.toLowerCase();
    return (id) => id.endsWith(value);
  }
  if ('contains' in logic) {
    const value = logic.contains.toLowerCase();
    return (id) => id.includes(value);
  }
  if ('regex' in logic) {
    const pattern = new RegExp(logic.regex);
    return (id) => pattern.test(id);
  }
  return () => false;
}

const COMPACT_DATE = /-(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=-|:|$)/g;

/** `claude-3-5-sonnet-20241022` → `claude-3-5-sonnet-2024-10-22` (real calendar dates only). */
export function isoDatedModelId(id: string): string {
  return id.replace(COMPACT_DATE, (whole, year: string, month: string, day: string) => {
    const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
    return date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day)
      ? `-${year}-${month}-${day}`
      : whole;
  });
}

export function createModelResolver(providers: readonly MatchableProvider[]): ModelResolver {
  const compiled = new Map(
    providers.map((provider) => [
      provider.id,
      {
        models: provider.models.map((model) => ({ id: model.id, matches: compileMatchLogic(model.match) })),
        fallbackProviders: provider.fallbackProviders,
      },
    ]),
  );

  const matchWithin = (providerId: string, id: string, withFallbacks: boolean): ResolvedModel | null => {
    const provider = compiled.get(providerId);
    if (provider === undefined) return null;
    const model = provider.models.find((candidate) => candidate.matches(id));
    if (model !== undefined) return { provider: providerId, model: model.id };
    if (!withFallbacks) return null;
    for (const fallback of provider.fallbackProviders) {
      const found = matchWithin(fallback, id, false);
      if (found !== null) return found;
    }
    return null;
  };

  return (provider, model) => {
    const id = model.trim().toLowerCase();
    const found = matchWithin(provider, id, true);
    if (found !== null) return found;
    const isoDated = isoDatedModelId(id);
    return isoDated === id ? null : matchWithin(provider, isoDated, true);
  };
}
