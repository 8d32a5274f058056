import { describe, expect, it } from 'vitest';
import deepseekChat from './fixtures/deepseek-chat.json';
import { normalizeProviderUsage } from './normalize-provider-usage';

// DeepSeek's chat completion (api-docs.deepseek.com, "Create Chat Completion"): OpenAI's usage shape
// with cache hits in its own fields; prompt_tokens = prompt_cache_hit_tokens + prompt_cache_miss_tokens.
describe('deepseek chat completions', () => {
  it('takes cache hits from prompt_cache_hit_tokens and attributes the call to deepseek', () => {
    expect(normalizeProviderUsage('deepseek', deepseekChat)).toEqual({
      ok: true,
      usage: {
        provider: 'deepseek',
        model: 'deepseek-chat',
        inputTokens: 100_000,
        cachedInputTokens: 50_000,
        cacheWriteTokens: 0,
        outputTokens: 20_000,
        reasoningTokens: 0,
        totalTokens: 170_000,
        requests: 1,
      },
    });
  });

  it('reads the reasoner’s reasoning tokens inside completion_tokens, and newer cached_tokens copies', () => {
    const reasoner = {
      ...deepseekChat,
      model: 'deepseek-reasoner',
      usage: {
        prompt_tokens: 64,
        completion_tokens: 600,
        prompt_cache_hit_tokens: 0,
        prompt_cache_miss_tokens: 64,
        prompt_tokens_details: { cached_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 450 },
      },
    };
    expect(normalizeProviderUsage('deepseek', reasoner)).toMatchObject({
      ok: true,
      usage: { inputTokens: 64, cachedInputTokens: 0, outputTokens: 600, reasoningTokens: 450 },
    });
  });

  it('names DeepSeek’s own field when its cache hits exceed the prompt', () => {
    const bad = { ...deepseekChat, usage: { ...deepseekChat.usage, prompt_cache_hit_tokens: 150_001 } };
    const result = normalizeProviderUsage('deepseek', bad);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((error) => error.message).join('\n')).toMatch(/prompt_cache_hit_tokens/);
  });
});
