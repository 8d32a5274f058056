import { describe, expect, it } from 'vitest';
import { apiCostUsd, blendedApiUsdPerToken, outputShare, splitMonthlyTokens } from './api-cost';

describe('API cost', () => {
  const prices = { inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3, cacheWritePerMTok: 3.75 };

  it('prices each token class at its own rate', () => {
    const tokens = { inputTokens: 1e6, cachedInputTokens: 2e6, cacheWriteTokens: 1e6, outputTokens: 0.5e6 };
    expect(apiCostUsd(tokens, prices)).toBeCloseTo(3 + 0.6 + 3.75 + 7.5, 9);
  });

  it('bills cache reads and writes at the input price when the price entry has no cache price', () => {
    const tokens = { inputTokens: 0, cachedInputTokens: 1e6, cacheWriteTokens: 1e6, outputTokens: 0 };
    expect(apiCostUsd(tokens, { inputPerMTok: 2, outputPerMTok: 8, cachedInputPerMTok: null })).toBe(4);
  });

  it('splits a volume by disjoint shares, output taking the rest', () => {
    const mix = { inputShare: 0.5, cachedInputShare: 0.2, cacheWriteShare: 0.1 };
    expect(outputShare(mix)).toBeCloseTo(0.2, 12);
    expect(splitMonthlyTokens(1000, mix)).toEqual({
      inputTokens: 500,
      cachedInputTokens: 200,
      cacheWriteTokens: 100,
      outputTokens: expect.closeTo(200, 9),
    });
    expect(blendedApiUsdPerToken(mix, prices) * 1e6).toBeCloseTo(0.5 * 3 + 0.2 * 0.3 + 0.1 * 3.75 + 0.2 * 15, 9);
  });
});
