import { describe, expect, it } from 'vitest';
import { normalizeBedrockConverse } from './bedrock-converse';
import converse from './fixtures/bedrock-converse.json';

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
});
