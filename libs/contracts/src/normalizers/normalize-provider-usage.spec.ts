import { describe, expect, it } from 'vitest';
import anthropicMessages from './fixtures/anthropic-messages.json';
import azureOpenAiChat from './fixtures/azure-openai-chat.json';
import bedrockConverse from './fixtures/bedrock-converse.json';
import geminiGenerateContent from './fixtures/gemini-generate-content.json';
import litellmStandardLogging from './fixtures/litellm-standard-logging.json';
import mistralChat from './fixtures/mistral-chat.json';
import openaiChat from './fixtures/openai-chat.json';
import openaiResponses from './fixtures/openai-responses.json';
import otelGenAiSpan from './fixtures/otel-genai-span.json';
import { normalizeProviderUsage } from './normalize-provider-usage';
import type { NormalizedUsage, ProviderName } from './normalized-usage';

// Expectations computed by hand from each fixture and the provider's counting rule (DESIGN §4).
const cases: Array<{ provider: ProviderName; payload: unknown; expected: NormalizedUsage; rule: string }> = [
  {
    provider: 'openai',
    payload: openaiChat,
    rule: 'prompt 2006 includes 1920 cached → input 86',
    expected: {
      provider: 'openai',
      model: 'gpt-4o-2024-08-06',
      inputTokens: 86,
      cachedInputTokens: 1920,
      cacheWriteTokens: 0,
      outputTokens: 300,
      reasoningTokens: 0,
      totalTokens: 2306,
      requests: 1,
    },
  },
  {
    provider: 'openai-responses',
    payload: openaiResponses,
    rule: 'input 1500 includes 1024 cached → 476; output 900 includes 640 reasoning',
    expected: {
      provider: 'openai',
      model: 'o4-mini-2025-04-16',
      inputTokens: 476,
      cachedInputTokens: 1024,
      cacheWriteTokens: 0,
      outputTokens: 900,
      reasoningTokens: 640,
      totalTokens: 2400,
      requests: 1,
    },
  },
  {
    provider: 'azure-openai',
    payload: azureOpenAiChat,
    rule: 'prompt 1200 includes 1024 cached → input 176',
    expected: {
      provider: 'azure',
      model: 'gpt-4o-mini-2024-07-18',
      inputTokens: 176,
      cachedInputTokens: 1024,
      cacheWriteTokens: 0,
      outputTokens: 150,
      reasoningTokens: 0,
      totalTokens: 1350,
      requests: 1,
    },
  },
  {
    provider: 'anthropic',
    payload: anthropicMessages,
    rule: 'input 25 excludes 3500 read and 1200 written → all three side by side',
    expected: {
      provider: 'anthropic',
      model: 'claude-sonnet-4-20250514',
      inputTokens: 25,
      cachedInputTokens: 3500,
      cacheWriteTokens: 1200,
      outputTokens: 420,
      reasoningTokens: 0,
      totalTokens: 5145,
      requests: 1,
    },
  },
  {
    provider: 'gemini',
    payload: geminiGenerateContent,
    rule: 'prompt 5230 includes 4096 cached → 1134; output = 312 candidates + 845 thoughts',
    expected: {
      provider: 'google',
      model: 'gemini-2.5-flash',
      inputTokens: 1134,
      cachedInputTokens: 4096,
      cacheWriteTokens: 0,
      outputTokens: 1157,
      reasoningTokens: 845,
      totalTokens: 6387,
      requests: 1,
    },
  },
  {
    provider: 'bedrock',
    payload: bedrockConverse,
    rule: 'inputTokens 12 excludes 2048 read and 1004 written',
    expected: {
      provider: 'bedrock',
      model: 'us.anthropic.claude-3-5-sonnet-20241022-v2:0',
      inputTokens: 12,
      cachedInputTokens: 2048,
      cacheWriteTokens: 1004,
      outputTokens: 285,
      reasoningTokens: 0,
      totalTokens: 3349,
      requests: 1,
    },
  },
  {
    provider: 'mistral',
    payload: mistralChat,
    rule: 'prompt 1840 includes 1536 cached → input 304',
    expected: {
      provider: 'mistral',
      model: 'mistral-large-latest',
      inputTokens: 304,
      cachedInputTokens: 1536,
      cacheWriteTokens: 0,
      outputTokens: 230,
      reasoningTokens: 0,
      totalTokens: 2070,
      requests: 1,
    },
  },
  {
    provider: 'otel',
    payload: otelGenAiSpan,
    rule: 'input 5400 includes 4096 read and 1024 written → 280; response model wins',
    expected: {
      provider: 'anthropic',
      model: 'claude-sonnet-4-5-20250929',
      inputTokens: 280,
      cachedInputTokens: 4096,
      cacheWriteTokens: 1024,
      outputTokens: 512,
      reasoningTokens: 0,
      totalTokens: 5912,
      requests: 1,
    },
  },
  {
    provider: 'litellm',
    payload: litellmStandardLogging,
    rule: 'prompt 4720 includes 3500 read and 1200 written → 20; response_cost kept',
    expected: {
      provider: 'anthropic',
      model: 'claude-3-5-sonnet-20241022',
      inputTokens: 20,
      cachedInputTokens: 3500,
      cacheWriteTokens: 1200,
      outputTokens: 380,
      reasoningTokens: 0,
      totalTokens: 5100,
      requests: 1,
      costUsd: '0.01131',
    },
  },
];

describe('normalizeProviderUsage', () => {
  it.each(cases)('$provider fixture: $rule', ({ provider, payload, expected }) => {
    expect(normalizeProviderUsage(provider, payload)).toEqual({ ok: true, usage: expected });
  });

  it('rejects an unknown provider instead of guessing', () => {
    const result = normalizeProviderUsage('cohere-v2', openaiChat);
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          path: 'provider',
          message:
            'provider: unknown provider "cohere-v2"; expected one of ' +
            'openai, openai-responses, azure-openai, anthropic, gemini, bedrock, mistral, deepseek, otel, litellm',
        },
      ],
    });
  });

  it('prefixes error paths when asked', () => {
    const result = normalizeProviderUsage(
      'openai',
      { model: 'gpt-4o', usage: { prompt_tokens: -5, completion_tokens: 1 } },
      { path: 'data' },
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          path: 'data.usage.prompt_tokens',
          message: 'data.usage.prompt_tokens: expected a non-negative integer below 10^12, got -5',
        },
      ],
    });
  });

  it.each(cases.map((c) => c.provider))('%s: rejects a payload that is not an object', (provider) => {
    const result = normalizeProviderUsage(provider, 'hello');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]!.message).toMatch(/expected .*got "hello"/);
  });

  it.each(cases.map((c) => c.provider))('%s: rejects a huge count', (provider) => {
    const huge = JSON.parse(
      JSON.stringify(cases.find((c) => c.provider === provider)!.payload).replace(
        /"(prompt_tokens|input_tokens|promptTokenCount|inputTokens|intValue)": ?"?\d+"?/,
        '"$1": 1000000000000',
      ),
    );
    const result = normalizeProviderUsage(provider, huge);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors.map((e) => e.message).join('\n')).toMatch(/below 10\^12( or null)?, got 1000000000000/);
  });
});
