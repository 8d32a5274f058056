import { describe, expect, it } from 'vitest';
import { bundledPriceEntries } from './bundled-prices';
import { PriceBook } from './price-book';
import type { PriceEntry } from './price-entry';

const at = new Date('2026-05-01T00:00:00Z');

function orgEntry(overrides: Partial<PriceEntry>): PriceEntry {
  return {
    id:
      `org:${overrides.provider ?? 'openai'}:${overrides.model ?? 'gpt-4o'}:` +
      `${(overrides.effectiveFrom ?? new Date('2026-01-01')).toISOString().slice(0, 10)}`,
    provider: 'openai',
    model: 'gpt-4o',
    inputPerMTok: '2',
    cachedInputPerMTok: '1',
    cacheWritePerMTok: null,
    outputPerMTok: '8',
    effectiveFrom: new Date('2026-01-01T00:00:00Z'),
    source: 'enterprise agreement 2026',
    organization: true,
    ...overrides,
  };
}

describe('PriceBook with bundled prices', () => {
  const book = new PriceBook(bundledPriceEntries());

  it.each([
    ['openai', 'gpt-4o', 'genai-prices:openai:gpt-4o:1970-01-01'],
    ['openai', 'gpt-4o-2024-08-06', 'genai-prices:openai:gpt-4o:1970-01-01'],
    ['openai', 'gpt-4o-2024-05-13', 'genai-prices:openai:gpt-4o-2024-05-13:1970-01-01'],
    ['openai', 'openai/gpt-4o', 'genai-prices:openai:gpt-4o:1970-01-01'],
    ['openai', 'GPT-4o', 'genai-prices:openai:gpt-4o:1970-01-01'],
    ['openai', 'gpt-4-0613', 'genai-prices:openai:gpt-4:1970-01-01'],
    ['anthropic', 'claude-3-5-sonnet-20241022', 'genai-prices:anthropic:claude-3-5-sonnet:1970-01-01'],
    ['anthropic', 'claude-3-haiku-20240307', 'genai-prices:anthropic:claude-3-haiku:1970-01-01'],
    [
      'bedrock',
      'anthropic.claude-3-5-sonnet-20241022-v2:0',
      'genai-prices:bedrock:regional.anthropic.claude-3-5-sonnet-20241022-v2:0:1970-01-01',
    ],
    [
      'aws',
      'us.anthropic.claude-3-5-sonnet-20241022-v2:0',
      'genai-prices:bedrock:regional.anthropic.claude-3-5-sonnet-20241022-v2:0:1970-01-01',
    ],
    [
      'bedrock',
      'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0',
      'genai-prices:bedrock:regional.anthropic.claude-3-5-sonnet-20241022-v2:0:1970-01-01',
    ],
    ['google', 'models/gemini-1.5-pro', 'genai-prices:google:gemini-1.5-pro:1970-01-01'],
    ['google', 'gemini-1.5-pro-002', 'genai-prices:google:gemini-1.5-pro:1970-01-01'],
    ['google', 'claude-3-5-sonnet-v2@20241022', 'genai-prices:google:claude-3-5-sonnet:1970-01-01'],
    ['azure', 'gpt-4o-2024-08-06', 'genai-prices:openai:gpt-4o:1970-01-01'],
    ['mistral', 'mistral-large-2411', 'genai-prices:mistral:mistral-large:1970-01-01'],
    ['openrouter', 'openai/gpt-4o', 'genai-prices:openrouter:openai/gpt-4o:1970-01-01'],
  ])('%s %s → %s', (provider, model, id) => {
    expect(book.find(provider, model, at)?.id).toBe(id);
  });

  it('returns null rather than a guess for unknown models and self-hosted ones', () => {
    expect(book.find('openai', 'gpt-unknown', at)).toBeNull();
    expect(book.find('self-hosted', 'llama-3.1-70b@gpu-pool-a', at)).toBeNull();
    expect(book.find('anthropic', 'gpt-4o', at)).toBeNull();
  });

  it('uses the latest price in force at the usage time', () => {
    expect(book.find('openai', 'o3-2025-04-16', new Date('2025-06-09T23:59:59Z'))?.inputPerMTok).toBe('10');
    expect(book.find('openai', 'o3-2025-04-16', new Date('2025-06-10T00:00:00Z'))?.inputPerMTok).toBe('2');
  });
});

describe('PriceBook with organization prices', () => {
  const entries = [
    ...bundledPriceEntries(),
    orgEntry({}),
    orgEntry({ inputPerMTok: '1.8', effectiveFrom: new Date('2026-04-01T00:00:00Z') }),
    orgEntry({ provider: 'anthropic', model: 'claude-3-5-sonnet', inputPerMTok: '2.4' }),
    orgEntry({
      provider: 'self-hosted',
      model: 'llama-3.1-70b@gpu-pool-a',
      inputPerMTok: '0.05',
      outputPerMTok: '0.05',
    }),
  ];
  const book = new PriceBook(entries);

  it('prefers an organization price over the bundled one, by date', () => {
    expect(book.find('openai', 'gpt-4o', new Date('2026-03-01'))?.inputPerMTok).toBe('2');
    expect(book.find('openai', 'gpt-4o-2024-08-06', at)?.inputPerMTok).toBe('1.8');
    // Before the organization's first price, the bundled one applies.
    expect(book.find('openai', 'gpt-4o', new Date('2025-12-31'))?.id).toBe('genai-prices:openai:gpt-4o:1970-01-01');
  });

  it('applies an override of a family to its dated snapshots, through the package rules too', () => {
    expect(book.find('anthropic', 'claude-3-5-sonnet-20241022', at)?.inputPerMTok).toBe('2.4');
    expect(book.find('anthropic', 'claude-3.5-sonnet', at)?.inputPerMTok).toBe('2.4');
  });

  it('does not carry an override to a different model of the same family', () => {
    expect(book.find('openai', 'gpt-4o-mini', at)?.id).toBe('genai-prices:openai:gpt-4o-mini:1970-01-01');
  });

  it('prices self-hosted models only from organization entries', () => {
    expect(book.find('self-hosted', 'llama-3.1-70b@gpu-pool-a', at)?.inputPerMTok).toBe('0.05');
  });

  it('refuses malformed prices when it is built, naming the entry', () => {
    expect(() => new PriceBook([orgEntry({ id: 'org:bad', inputPerMTok: '1.2345678' })])).toThrow(
      'price entry org:bad: price "1.2345678"',
    );
  });

  it('keeps answering the same after its cache starts over', () => {
    const small = new PriceBook(entries, { maxCachedModels: 2 });
    for (const model of ['gpt-4o', 'gpt-4o-mini', 'o3', 'gpt-4o'])
      expect(small.find('openai', model, at)).not.toBeNull();
    expect(small.find('openai', 'gpt-4o', at)?.inputPerMTok).toBe('1.8');
  });
});
