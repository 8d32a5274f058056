// What a self-hosted deployment's output would have cost on the paid API: its own input/output
// token mix, priced at the list prices of the reference API model of its open model's tier.
import type { PriceBook } from '../pricing/price-book';
import { apiCostUsd } from '../tco/api-cost';
import { REFERENCE_API_MODEL_BY_TIER, tierOfOpenModel } from './comparable-open-model';

export interface ServedTokenMix {
  /** Input tokens of every class (full price, cached, cache writes). */
  inputSide: number;
  output: number;
}

export interface ReferenceApiPrice {
  provider: string;
  model: string;
  usdPerToken: number;
}

/** Null when the reference model has no price at `at` or the deployment served nothing. */
export function referenceApiPrice(
  book: PriceBook,
  servedModel: string,
  served: ServedTokenMix | undefined,
  at: Date,
): ReferenceApiPrice | null {
  const reference = REFERENCE_API_MODEL_BY_TIER[tierOfOpenModel(servedModel)];
  const price = book.find(reference.provider, reference.model, at);
  const total = served ? served.inputSide + served.output : 0;
  if (!price || !served || total === 0) return null;
  const usd = apiCostUsd(
    { inputTokens: served.inputSide, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: served.output },
    { inputPerMTok: Number(price.inputPerMTok), outputPerMTok: Number(price.outputPerMTok) },
  );
  return { ...reference, usdPerToken: usd / total };
}
