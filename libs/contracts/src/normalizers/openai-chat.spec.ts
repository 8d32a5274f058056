import { describe, expect, it } from 'vitest';
import response from './fixtures/openai-responses.json';
import { normalizeOpenAiChat } from './openai-chat';
import { normalizeOpenAiResponses } from './openai-responses';

describe('OpenAI chat completions', () => {
  it('subtracts cache reads and writes from prompt_tokens and keeps reasoning inside output', () => {
    const result = normalizeOpenAiChat({
      model: 'o3-2025-04-16',
      usage: {
        prompt_tokens: 1000,
        completion_tokens: 500,
        prompt_tokens_details: { cached_tokens: 600, cache_write_tokens: 100 },
        completion_tokens_details: { reasoning_tokens: 320 },
      },
    });
    expect(result).toMatchObject({
      ok: true,
      usage: {
        inputTokens: 300,
        cachedInputTokens: 600,
        cacheWriteTokens: 100,
        outputTokens: 500,
        reasoningTokens: 320,
        totalTokens: 1500,
      },
    });
  });

  it('treats null details (as some OpenAI-compatible servers send) as zero', () => {
    const result = normalizeOpenAiChat({
      model: 'gpt-4o-mini',
      usage: { prompt_tokens: 10, completion_tokens: 2, prompt_tokens_details: null, completion_tokens_details: null },
    });
    expect(result).toMatchObject({ ok: true, usage: { inputTokens: 10, cachedInputTokens: 0, outputTokens: 2 } });
  });

  it('rejects cached tokens larger than the prompt they are part of', () => {
    const result = normalizeOpenAiChat({
      model: 'gpt-4o',
      usage: { prompt_tokens: 100, completion_tokens: 1, prompt_tokens_details: { cached_tokens: 150 } },
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          path: 'usage.prompt_tokens_details.cached_tokens',
          message:
            'usage.prompt_tokens_details.cached_tokens: expected at most usage.prompt_tokens, ' +
            'which includes cached tokens (100), got 150',
        },
      ],
    });
  });

  it('explains a missing usage object and a wrong type', () => {
    const result = normalizeOpenAiChat({ model: 42 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.message)).toEqual([
      'model: expected a model id of 1 to 200 characters, ' +
        'without control characters, lone surrogates or surrounding spaces, got 42',
      'usage: missing; expected a usage object ' +
        '(the response must be requested with usage, e.g. stream_options.include_usage)',
    ]);
  });

  it('rejects fractional token counts', () => {
    const result = normalizeOpenAiChat({ model: 'gpt-4o', usage: { prompt_tokens: 1.5, completion_tokens: 1 } });
    expect(result).toMatchObject({ ok: false, errors: [{ path: 'usage.prompt_tokens' }] });
  });
});

describe('OpenAI Responses API', () => {
  it('accepts the response.completed stream event that wraps a response', () => {
    const result = normalizeOpenAiResponses({ type: 'response.completed', sequence_number: 12, response });
    expect(result).toMatchObject({
      ok: true,
      usage: { model: 'o4-mini-2025-04-16', inputTokens: 476, reasoningTokens: 640 },
    });
  });

  it('reports errors inside the wrapped response with their full path', () => {
    const result = normalizeOpenAiResponses({
      type: 'response.completed',
      response: { model: 'o3', usage: { input_tokens: 'many', output_tokens: 1 } },
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          path: 'response.usage.input_tokens',
          message: 'response.usage.input_tokens: expected a non-negative integer below 10^12, got "many"',
        },
      ],
    });
  });

  it('rejects reasoning tokens larger than the output that includes them', () => {
    const result = normalizeOpenAiResponses({
      model: 'o3',
      usage: { input_tokens: 1, output_tokens: 10, output_tokens_details: { reasoning_tokens: 11 } },
    });
    expect(result).toMatchObject({ ok: false, errors: [{ path: 'usage.output_tokens_details.reasoning_tokens' }] });
  });
});
