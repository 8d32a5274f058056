import { describe, expect, it } from 'vitest';
import { normalizeOtelGenAiSpan } from './otel-genai-span';

describe('OpenTelemetry GenAI span attributes', () => {
  it('reads a flat attribute map and subtracts cache counts from input_tokens', () => {
    const result = normalizeOtelGenAiSpan({
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4.1',
      'gen_ai.response.model': 'gpt-4.1-2025-04-14',
      'gen_ai.usage.input_tokens': 811,
      'gen_ai.usage.output_tokens': 92,
      'gen_ai.usage.cache_read.input_tokens': 640,
      'gen_ai.usage.reasoning.output_tokens': 40,
    });
    expect(result).toEqual({
      ok: true,
      usage: {
        provider: 'openai',
        model: 'gpt-4.1-2025-04-14',
        inputTokens: 171,
        cachedInputTokens: 640,
        cacheWriteTokens: 0,
        outputTokens: 92,
        reasoningTokens: 40,
        totalTokens: 903,
        requests: 1,
      },
    });
  });

  it.each([
    ['aws.bedrock', 'bedrock'],
    ['az.ai.openai', 'azure'],
    ['azure.ai.openai', 'azure'],
    ['gcp.vertex_ai', 'google'],
    ['gemini', 'google'],
    ['mistral_ai', 'mistral'],
    ['xai', 'x-ai'],
  ])('maps the older gen_ai.system value %s to %s', (system, provider) => {
    const result = normalizeOtelGenAiSpan({
      'gen_ai.system': system,
      'gen_ai.request.model': 'm',
      'gen_ai.usage.input_tokens': '10',
      'gen_ai.usage.output_tokens': '2',
    });
    expect(result).toMatchObject({ ok: true, usage: { provider, model: 'm', inputTokens: 10, outputTokens: 2 } });
  });

  it('rejects an unknown provider and names the attribute', () => {
    const result = normalizeOtelGenAiSpan({
      attributes: [
        { key: 'gen_ai.provider.name', value: { stringValue: 'acme_llm' } },
        { key: 'gen_ai.request.model', value: { stringValue: 'm' } },
        { key: 'gen_ai.usage.input_tokens', value: { intValue: 1 } },
        { key: 'gen_ai.usage.output_tokens', value: { intValue: 1 } },
      ],
    });
    expect(result).toMatchObject({ ok: false, errors: [{ path: 'attributes[0].value' }] });
    if (!result.ok) expect(result.errors[0]!.message).toContain('expected a known provider (openai, azure, anthropic');
    if (!result.ok) expect(result.errors[0]!.message).toContain('got "acme_llm"');
  });

  it('reports every missing attribute at once', () => {
    const result = normalizeOtelGenAiSpan({ 'gen_ai.usage.input_tokens': -1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.path)).toEqual([
      '["gen_ai.usage.input_tokens"]',
      '["gen_ai.usage.output_tokens"]',
      '["gen_ai.response.model"]',
      '["gen_ai.provider.name"]',
    ]);
  });

  it('takes input_tokens as cache-exclusive when the cache counts cannot fit inside it', () => {
    // An instrumentation that copied Anthropic's input_tokens verbatim.
    const result = normalizeOtelGenAiSpan({
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.response.model': 'claude-3-5-haiku-20241022',
      'gen_ai.usage.input_tokens': 30,
      'gen_ai.usage.cache_read.input_tokens': 2000,
      'gen_ai.usage.output_tokens': 5,
    });
    expect(result).toMatchObject({ ok: true, usage: { inputTokens: 30, cachedInputTokens: 2000 } });
  });
});

describe('OpenTelemetry GenAI attribute names instrumentations emit', () => {
  it("reads OpenLLMetry's cache and reasoning names", () => {
    const result = normalizeOtelGenAiSpan({
      'gen_ai.system': 'Anthropic',
      'gen_ai.response.model': 'claude-sonnet-4-20250514',
      'gen_ai.usage.prompt_tokens': 5_000,
      'gen_ai.usage.completion_tokens': 300,
      'gen_ai.usage.cache_read_input_tokens': 3_500,
      'gen_ai.usage.cache_creation_input_tokens': 1_200,
      'gen_ai.usage.reasoning_tokens': 100,
    });
    const cache = { cachedInputTokens: 3_500, cacheWriteTokens: 1_200 };
    expect(result).toMatchObject({
      ok: true,
      usage: { provider: 'anthropic', inputTokens: 300, ...cache, outputTokens: 300, reasoningTokens: 100 },
    });
  });

  it("reads OpenLIT's gen_ai.usage.cached_tokens as cache reads inside input_tokens", () => {
    const result = normalizeOtelGenAiSpan({
      'gen_ai.system': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.usage.input_tokens': 2_006,
      'gen_ai.usage.output_tokens': 300,
      'gen_ai.usage.cached_tokens': 1_920,
    });
    expect(result).toMatchObject({ ok: true, usage: { inputTokens: 86, cachedInputTokens: 1_920, outputTokens: 300 } });
  });
});
