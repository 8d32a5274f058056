// The price of an open-weight model on a hosted open-model API (Together, Fireworks, Groq and the
// like), from the price book: the fourth way to serve a workload, next to the paid API, buying and
// renting GPUs. The catalog's short model id (`llama-3.1-70b`) is matched at the start of the
// provider's model name, after its organization prefix (`meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo`),
// so fine-tunes of the model under another name (`Nous-Hermes-2-Mixtral-8x7B`) are not taken for it.
// Among the providers that list it, the cheapest for the workload's token mix is taken.
import { blendedApiUsdPerToken, TokenMixShares } from '../tco/api-cost';
import { bundledPriceEntries } from './bundled-prices';
import { PriceBook } from './price-book';
import type { PriceEntry } from './price-entry';

/** Providers in the price book that serve open-weight models only. */
export const OPEN_WEIGHT_HOSTS: readonly string[] = ['together', 'fireworks', 'groq', 'cerebras', 'novita', 'baseten'];

export interface HostedOpenModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
  cachedInputPerMTok: number | null;
  provider: string;
  model: string;
  entryId: string;
  /** The entry's source and the provider's model name, for the reader. */
  source: string;
}

/** A newest-price lookup for callers without a date (the CLI); the planner passes its night. */
const LATEST = new Date(8.64e15);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `llama-3.1-70b` → matches `llama-3.1-70b…`, `meta-llama-3.1-70b…`, `llama3.1-70b…` (case-insensitive). */
export function openModelNamePattern(modelId: string): RegExp {
  const parts = modelId.toLowerCase().split('-').map(escapeRegExp);
  return new RegExp(`^(?:meta-)?${parts.join('[-_ ]?')}(?:$|[-_ :.])`);
}

/**
 * The open-weight hosts' entries of a price list and their book, built once per list: the planner prices
 * every workload at several volumes, and building a book of the whole list each time was most of its work.
 */
interface HostedBook {
  hosted: readonly PriceEntry[];
  book: PriceBook;
  /** Per catalog model id, the hosts' (provider, model) pairs whose name is that model's. */
  namesByModel: Map<string, ReadonlyArray<{ provider: string; model: string }>>;
}

const hostedBooks = new WeakMap<readonly PriceEntry[], HostedBook>();

function hostedBookOf(entries: readonly PriceEntry[]): HostedBook {
  let found = hostedBooks.get(entries);
  if (!found) {
    const hosted = entries.filter((entry) => OPEN_WEIGHT_HOSTS.includes(entry.provider));
    found = { hosted, book: new PriceBook(hosted), namesByModel: new Map() };
    hostedBooks.set(entries, found);
  }
  return found;
}

/** The hosts' names for a model, matched once per list and model (a workload asks at every volume it prices). */
function hostedNamesOf(hostedBook: HostedBook, modelId: string) {
  let names = hostedBook.namesByModel.get(modelId);
  if (!names) {
    const pattern = openModelNamePattern(modelId);
    const byKey = new Map<string, { provider: string; model: string }>();
    for (const entry of hostedBook.hosted) {
      const name = entry.model.toLowerCase().split('/').pop() as string;
      if (pattern.test(name)) byKey.set(`${entry.provider}\u0000${entry.model}`, entry);
    }
    names = [...byKey.values()];
    hostedBook.namesByModel.set(modelId, names);
  }
  return names;
}

export function hostedOpenModelPrice(
  modelId: string,
  mix: TokenMixShares,
  entries: readonly PriceEntry[] = bundledPriceEntries(),
  at: Date = LATEST,
): HostedOpenModelPrice | null {
  const hostedBook = hostedBookOf(entries);
  const { book } = hostedBook;
  let best: { price: HostedOpenModelPrice; usdPerToken: number } | null = null;
  for (const { provider, model } of hostedNamesOf(hostedBook, modelId)) {
    const entry = book.find(provider, model, at);
    if (!entry) continue;
    const price: HostedOpenModelPrice = {
      inputPerMTok: Number(entry.inputPerMTok),
      outputPerMTok: Number(entry.outputPerMTok),
      cachedInputPerMTok: entry.cachedInputPerMTok === null ? null : Number(entry.cachedInputPerMTok),
      provider,
      model: entry.model,
      entryId: entry.id,
      source: `${provider}/${entry.model}, price entry ${entry.id} (${entry.source})`,
    };
    const usdPerToken = blendedApiUsdPerToken(mix, price);
    if (best === null || usdPerToken < best.usdPerToken) best = { price, usdPerToken };
  }
  return best?.price ?? null;
}
