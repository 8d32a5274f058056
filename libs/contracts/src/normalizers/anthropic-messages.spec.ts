import { describe, expect, it } from 'vitest';
import { normalizeAnthropicMessages } from './anthropic-messages';

describe('Anthropic Messages usage', () => {
  it('never subtracts cache counts from input_tokens, and treats null cache counts as zero', () => {
    const result = normalizeAnthropicMessages({
      model: 'claude-3-5-haiku-20241022',
      usage: { input_tokens: 12, output_tokens: 3, cache_read_input_tokens: null, cache_creation_input_tokens: 0 },
    });
    expect(result).toMatchObject({
      ok: true,
      usage: { inputTokens: 12, cachedInputTokens: 0, cacheWriteTokens: 0, totalTokens: 15 },
    });
  });

  it('takes thinking tokens, when broken out, as the reasoning part of output', () => {
    const result = normalizeAnthropicMessages({
      model: 'claude-opus-4-1-20250805',
      usage: { input_tokens: 12, output_tokens: 300, output_tokens_details: { thinking_tokens: 250 } },
    });
    expect(result).toMatchObject({ ok: true, usage: { outputTokens: 300, reasoningTokens: 250 } });
  });

  it('rejects a negative count with the path and the value', () => {
    expect(
      normalizeAnthropicMessages({ model: 'claude-sonnet-4-5', usage: { input_tokens: 1, output_tokens: -5 } }),
    ).toEqual({
      ok: false,
      errors: [
        {
          path: 'usage.output_tokens',
          message: 'usage.output_tokens: expected a non-negative integer below 10^12, got -5',
        },
      ],
    });
  });
});
