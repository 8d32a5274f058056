import { describe, expect, it } from 'vitest';
import { normalizeBedrockConverse } from './bedrock-converse';
import converse from './fixtures/bedrock-converse.json';
import oneHourCache from './fixtures/bedrock-converse-1h-cache.json';

describe('Bedrock Converse usage', () => {
  it('requires the modelId, which the Converse response does not carry', () => {
    const { modelId: _modelId, ...withoutModel } = converse;
    const result = normalizeBedrockConverse(withoutModel);
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          path: 'modelId',
          message:
            'modelId: missing; expected the Bedrock modelId that was called ' +
            '(the Converse response has no model id; add "modelId" beside "usage")',
        },
      ],
    });
  });

  it('accepts the ConverseStream metadata event', () => {
    const result = normalizeBedrockConverse({
      modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
      metadata: { usage: { inputTokens: 5, outputTokens: 7, totalTokens: 12 }, metrics: { latencyMs: 100 } },
    });
    expect(result).toMatchObject({
      ok: true,
      usage: { inputTokens: 5, outputTokens: 7, cachedInputTokens: 0, totalTokens: 12 },
    });
  });

  it('says what is missing when there is no usage at all', () => {
    expect(normalizeBedrockConverse({ modelId: 'amazon.nova-pro-v1:0' })).toMatchObject({
      ok: false,
      errors: [{ path: 'usage' }],
    });
  });

  it('counts the cache writes cacheDetails gives a 1-hour TTL, and no more than the writes', () => {
    const result = normalizeBedrockConverse(oneHourCache);
    expect(result).toMatchObject({ ok: true, usage: { cacheWriteTokens: 10_000, cacheWrite1hTokens: 10_000 } });
    const fiveMinutes = {
      ...oneHourCache,
      usage: { ...oneHourCache.usage, cacheDetails: [{ ttl: '5m', inputTokens: 10_000 }] },
    };
    const fiveMinuteWrites = normalizeBedrockConverse(fiveMinutes);
    expect(fiveMinuteWrites).toMatchObject({ ok: true, usage: { cacheWriteTokens: 10_000 } });
    expect(fiveMinuteWrites.ok && fiveMinuteWrites.usage.cacheWrite1hTokens).toBeFalsy(); // none of them 1-hour
    const tooMany = {
      ...oneHourCache,
      usage: { ...oneHourCache.usage, cacheDetails: [{ ttl: '1h', inputTokens: 10_001 }] },
    };
    const refused = normalizeBedrockConverse(tooMany);
    expect(refused.ok).toBe(false);
    expect(JSON.stringify(refused)).toContain('usage.cacheDetails');
  });
});
