// The API side of DESIGN §6: a month's bill from its token classes and a price entry. Classes are
// disjoint, as in the usage record (DESIGN §4): `inputTokens` excludes cache reads and writes.

/** Prices per million tokens. A null cache price means the class is billed at the input price. */
export interface ApiTokenPrices {
  inputPerMTok: number;
  outputPerMTok: number;
  cachedInputPerMTok?: number | null;
  cacheWritePerMTok?: number | null;
}

export interface TokenClassVolumes {
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
}

/** Shares of all tokens per class; output is whatever remains. */
export interface TokenMixShares {
  inputShare: number;
  cachedInputShare: number;
  cacheWriteShare: number;
}

const TOKENS_PER_MTOK = 1_000_000;

export function outputShare(mix: TokenMixShares): number {
  return 1 - mix.inputShare - mix.cachedInputShare - mix.cacheWriteShare;
}

/** Splits a monthly volume by class. Fractional tokens are fine: these are monthly averages. */
export function splitMonthlyTokens(tokensPerMonth: number, mix: TokenMixShares): TokenClassVolumes {
  return {
    inputTokens: tokensPerMonth * mix.inputShare,
    cachedInputTokens: tokensPerMonth * mix.cachedInputShare,
    cacheWriteTokens: tokensPerMonth * mix.cacheWriteShare,
    outputTokens: tokensPerMonth * outputShare(mix),
  };
}

export function apiCostUsd(tokens: TokenClassVolumes, prices: ApiTokenPrices): number {
  const cached = prices.cachedInputPerMTok ?? prices.inputPerMTok;
  const cacheWrite = prices.cacheWritePerMTok ?? prices.inputPerMTok;
  return (
    (tokens.inputTokens * prices.inputPerMTok +
      tokens.cachedInputTokens * cached +
      tokens.cacheWriteTokens * cacheWrite +
      tokens.outputTokens * prices.outputPerMTok) /
    TOKENS_PER_MTOK
  );
}

/** The blended price of one token of this mix: API cost is linear in volume at a fixed mix. */
export function blendedApiUsdPerToken(mix: TokenMixShares, prices: ApiTokenPrices): number {
  return apiCostUsd(splitMonthlyTokens(1, mix), prices);
}
