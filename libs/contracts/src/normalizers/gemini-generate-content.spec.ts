import { describe, expect, it } from 'vitest';
import { normalizeGeminiGenerateContent } from './gemini-generate-content';

describe('Gemini usageMetadata', () => {
  it('adds tool-use prompt tokens to input and thoughts to output', () => {
    const result = normalizeGeminiGenerateContent({
      modelVersion: 'gemini-2.5-pro',
      usageMetadata: {
        promptTokenCount: 100,
        toolUsePromptTokenCount: 40,
        candidatesTokenCount: 10,
        thoughtsTokenCount: 90,
        totalTokenCount: 240,
      },
    });
    expect(result).toMatchObject({
      ok: true,
      usage: { inputTokens: 140, outputTokens: 100, reasoningTokens: 90, totalTokens: 240 },
    });
  });

  it('needs the model the response reports', () => {
    const result = normalizeGeminiGenerateContent({ usageMetadata: { promptTokenCount: 1 } });
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          path: 'modelVersion',
          message: 'modelVersion: missing; expected the model id the response reports in "modelVersion"',
        },
      ],
    });
  });

  it('rejects cached content larger than the prompt that includes it', () => {
    const result = normalizeGeminiGenerateContent({
      modelVersion: 'gemini-2.0-flash',
      usageMetadata: { promptTokenCount: 10, cachedContentTokenCount: 11 },
    });
    expect(result).toMatchObject({ ok: false, errors: [{ path: 'usageMetadata.cachedContentTokenCount' }] });
  });
});
