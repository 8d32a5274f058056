import { describe, expect, it } from 'vitest';
import { hostedOpenModelPrice, openModelNamePattern } from './hosted-open-model-price';
import type { PriceEntry } from './price-entry';

const entry = (provider: string, model: string, input: string, output: string, from = '1970-01-01'): PriceEntry => ({
  id: `test:${provider}:${model}:${from}`,
  provider,
  model,
  inputPerMTok: input,
  cachedInputPerMTok: null,
  cacheWritePerMTok: null,
  outputPerMTok: output,
  effectiveFrom: new Date(`${from}T00:00:00Z`),
  source: `test list of ${provider}`,
  organization: false,
});

const entries = [
  entry('together', 'meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo', '0.88', '0.88'),
  entry('groq', 'llama-3.1-70b-versatile', '0.59', '0.79'),
  // A fine-tune under another name, and a closed API: never taken for the open model.
  entry('together', 'NousResearch/Nous-Hermes-Llama-3.1-70B', '0.1', '0.1'),
  entry('openai', 'llama-3.1-70b', '0.01', '0.01'),
  // A later, lower Together price.
  entry('together', 'meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo', '0.5', '0.5', '2026-01-01'),
];
const mix = { inputShare: 0.7, cachedInputShare: 0, cacheWriteShare: 0 };

describe('hostedOpenModelPrice', () => {
  it('takes the open-weight host cheapest for the mix, at the date asked, and says which entry', () => {
    // Mid-2025: Together 0.88 a million either way; Groq 0.7 × 0.59 + 0.3 × 0.79 = 0.65.
    const before = hostedOpenModelPrice('llama-3.1-70b', mix, entries, new Date('2025-06-01T00:00:00Z'));
    expect(before).toMatchObject({ provider: 'groq', inputPerMTok: 0.59, outputPerMTok: 0.79 });
    expect(before?.source).toBe(
      'groq/llama-3.1-70b-versatile, price entry test:groq:llama-3.1-70b-versatile:1970-01-01 (test list of groq)',
    );
    // From 2026 Together's 0.5 is cheaper.
    const after = hostedOpenModelPrice('llama-3.1-70b', mix, entries, new Date('2026-06-01T00:00:00Z'));
    expect(after).toMatchObject({
      provider: 'together',
      inputPerMTok: 0.5,
      entryId: expect.stringMatching(/2026-01-01$/),
    });
  });

  it('is null when no open-weight host lists the model', () => {
    expect(hostedOpenModelPrice('qwen3-30b-a3b', mix, entries)).toBeNull();
  });

  it('matches the catalog id at the start of the provider model name only', () => {
    const p = openModelNamePattern('llama-3.1-8b');
    expect(p.test('meta-llama-3.1-8b-instruct-turbo')).toBe(true);
    expect(p.test('llama-3.1-8b-instant')).toBe(true);
    expect(p.test('llama-3.1-80b')).toBe(false);
    expect(p.test('nous-hermes-llama-3.1-8b')).toBe(false);
  });
});
