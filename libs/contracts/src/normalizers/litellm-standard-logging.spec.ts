import { describe, expect, it } from 'vitest';
import payload from './fixtures/litellm-standard-logging.json';
import { normalizeLiteLlmStandardLogging } from './litellm-standard-logging';

const base = { ...payload, metadata: { ...payload.metadata } };

describe('LiteLLM StandardLoggingPayload', () => {
  it('uses only the top-level counts when LiteLLM did not log a usage object', () => {
    const result = normalizeLiteLlmStandardLogging({ ...base, metadata: { ...base.metadata, usage_object: null } });
    expect(result).toMatchObject({
      ok: true,
      usage: { inputTokens: 4720, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 380 },
    });
  });

  it('reads older LiteLLM logs whose prompt_tokens left cache writes out', () => {
    const usage = {
      prompt_tokens: 3520,
      completion_tokens: 380,
      prompt_tokens_details: { cached_tokens: 3500 },
      cache_creation_input_tokens: 4000,
      cache_read_input_tokens: 3500,
    };
    const result = normalizeLiteLlmStandardLogging({ ...base, prompt_tokens: 3520, metadata: { usage_object: usage } });
    expect(result).toMatchObject({
      ok: true,
      usage: { inputTokens: 20, cachedInputTokens: 3500, cacheWriteTokens: 4000 },
    });
  });

  it('maps custom_llm_provider aliases and strips the routing prefix from the model', () => {
    const result = normalizeLiteLlmStandardLogging({
      ...base,
      custom_llm_provider: 'vertex_ai',
      model: 'vertex_ai/gemini-2.0-flash-001',
      response_cost: 0,
      metadata: null,
    });
    expect(result).toMatchObject({ ok: true, usage: { provider: 'google', model: 'gemini-2.0-flash-001' } });
    // LiteLLM writes 0 when it could not price a call: that is not a cost.
    if (result.ok) expect(result.usage.costUsd).toBeUndefined();
  });

  it('reasoning tokens come from completion_tokens_details', () => {
    const result = normalizeLiteLlmStandardLogging({
      ...base,
      custom_llm_provider: 'openai',
      model: 'o3-mini',
      prompt_tokens: 100,
      completion_tokens: 900,
      metadata: {
        usage_object: {
          prompt_tokens: 100,
          completion_tokens: 900,
          completion_tokens_details: { reasoning_tokens: 700 },
        },
      },
    });
    expect(result).toMatchObject({ ok: true, usage: { inputTokens: 100, outputTokens: 900, reasoningTokens: 700 } });
  });

  it('rejects an unknown custom_llm_provider', () => {
    const result = normalizeLiteLlmStandardLogging({ ...base, custom_llm_provider: 'my_private_llm' });
    expect(result).toMatchObject({ ok: false, errors: [{ path: 'custom_llm_provider' }] });
  });

  it('rejects cache reads larger than the prompt', () => {
    const result = normalizeLiteLlmStandardLogging({
      ...base,
      prompt_tokens: 10,
      metadata: { usage_object: { prompt_tokens: 10, cache_read_input_tokens: 50 } },
    });
    expect(result).toMatchObject({
      ok: false,
      errors: [{ path: 'metadata.usage_object.prompt_tokens_details.cached_tokens' }],
    });
  });
});
