// What a self-hosted deployment's traffic would have cost on the paid API: its own input/output token
// mix (said per output token, the unit utilization counts in), priced at the list prices of the API
// model its open model stands in for in the substitute catalog (no tier guessed from the model's name).
import type { PriceBook } from '../pricing/price-book';
import { apiCostUsd } from '../tco/api-cost';
import { apiModelSubstitutedBy, DEFAULT_SUBSTITUTE_CATALOG, SubstituteEntry } from './substitute-catalog';

export interface ServedTokenMix {
  /** Input tokens of every class (full price, cached, cache writes). */
  inputSide: number;
  output: number;
}

export interface ReferenceApiPrice {
  provider: string;
  model: string;
  /** Per output token: utilization and the week's served figure count output tokens. */
  usdPerToken: number;
  /** Why this API model is the comparison (same quality class: the substitute catalog's entry). */
  reason: string;
}

/** Null when no API model lists the served model, it has no price at `at`, or nothing was served. */
export function referenceApiPrice(
  book: PriceBook,
  servedModel: string,
  served: ServedTokenMix | undefined,
  at: Date,
  catalog: readonly SubstituteEntry[] = DEFAULT_SUBSTITUTE_CATALOG,
): ReferenceApiPrice | null {
  const reference = apiModelSubstitutedBy(servedModel, catalog);
  if (!reference) return null;
  const price = book.find(reference.provider, reference.model, at);
  const total = served ? served.inputSide + served.output : 0;
  if (!price || !served || total === 0) return null;
  const usd = apiCostUsd(
    { inputTokens: served.inputSide, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: served.output },
    { inputPerMTok: Number(price.inputPerMTok), outputPerMTok: Number(price.outputPerMTok) },
  );
  return {
    ...reference,
    usdPerToken: served.output > 0 ? usd / served.output : usd / total,
    reason: `${servedModel} is listed as an open-weight substitute for ${reference.provider}/${reference.model}`,
  };
}
