// What a self-hosted deployment's output would have cost on the paid API: its own input/output
// token mix, priced at the list prices of the API model of the same quality class. The class comes
// from the open-model catalog's parameter count when the served model is in it, else from the
// size in the model id; the reason says which.
import { OPEN_MODEL_CATALOG } from '../catalogs/open-models';
import type { PriceBook } from '../pricing/price-book';
import { apiCostUsd } from '../tco/api-cost';
import { QualityTier, REFERENCE_API_MODEL_BY_TIER, tierOfOpenModel } from './comparable-open-model';

export interface ServedTokenMix {
  /** Input tokens of every class (full price, cached, cache writes). */
  inputSide: number;
  output: number;
}

export interface ReferenceApiPrice {
  provider: string;
  model: string;
  usdPerToken: number;
  qualityClass: QualityTier;
  reason: string;
}

/** Quality class of an open model: small below 20B parameters, frontier from 200B, large between. */
export function qualityClassOfOpenModel(servedModel: string): { qualityClass: QualityTier; reason: string } {
  const model = OPEN_MODEL_CATALOG.find((m) => m.id === servedModel);
  if (model) {
    const b = model.totalParamsB;
    const qualityClass: QualityTier = b < 20 ? 'small' : b < 200 ? 'large' : 'frontier';
    return { qualityClass, reason: `${servedModel} has ${b}B parameters (catalog): ${qualityClass} class` };
  }
  const qualityClass = tierOfOpenModel(servedModel);
  return {
    qualityClass,
    reason: `${servedModel} is not in the catalog; ${qualityClass} class read from the size in its id`,
  };
}

/** Null when the reference model has no price at `at` or the deployment served nothing. */
export function referenceApiPrice(
  book: PriceBook,
  servedModel: string,
  served: ServedTokenMix | undefined,
  at: Date,
): ReferenceApiPrice | null {
  const { qualityClass, reason } = qualityClassOfOpenModel(servedModel);
  const reference = REFERENCE_API_MODEL_BY_TIER[qualityClass];
  const price = book.find(reference.provider, reference.model, at);
  const total = served ? served.inputSide + served.output : 0;
  if (!price || !served || total === 0) return null;
  const usd = apiCostUsd(
    { inputTokens: served.inputSide, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: served.output },
    { inputPerMTok: Number(price.inputPerMTok), outputPerMTok: Number(price.outputPerMTok) },
  );
  // Priced per output token: utilization and the week's served figure count output tokens.
  return {
    ...reference,
    usdPerToken: served.output > 0 ? usd / served.output : usd / total,
    qualityClass,
    reason: `${reason}; ${reference.provider}/${reference.model} is the ${qualityClass}-class reference`,
  };
}
