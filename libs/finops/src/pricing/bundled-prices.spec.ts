import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { canonicalProviderId } from '@tokenmeter/contracts';
import { describe, expect, it } from 'vitest';
import {
  BUNDLED_BASE_EFFECTIVE_FROM,
  bundledModelResolver,
  bundledPriceEntries,
  bundledPriceEntryId,
  GENAI_PRICES_VERSION,
} from './bundled-prices';

const packageDir = path.dirname(createRequire(__filename).resolve('@pydantic/genai-prices')).replace(/[\\/]dist$/, '');

describe('bundled prices from @pydantic/genai-prices', () => {
  const entries = bundledPriceEntries();

  it('names the installed package version in every source', () => {
    const installed = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')).version;
    expect(GENAI_PRICES_VERSION).toBe(installed);
    expect(entries.every((entry) => entry.source.startsWith(`@pydantic/genai-prices@${installed}: `))).toBe(true);
  });

  it('reaches every provider in the package through a TokenMeter provider id', () => {
    // The package exports no provider list; its bundled data does name them all.
    const bundle = readFileSync(path.join(packageDir, 'dist', 'index.cjs'), 'utf8');
    const packageProviders = [...bundle.matchAll(/\{id:"([a-z0-9_.-]+)",name:"[^"]*",pricing_urls/g)].map((m) => m[1]!);
    expect(packageProviders.length).toBeGreaterThan(30);
    for (const id of packageProviders) expect(canonicalProviderId(id), id).not.toBeNull();
    const covered = new Set(entries.map((entry) => entry.provider));
    expect(covered.has('bedrock')).toBe(true);
    expect(covered.has('aws')).toBe(false);
  });

  it('has stable, unique ids of at most 128 characters and one entry per provider, model and date', () => {
    expect(entries.length).toBeGreaterThan(1000);
    expect(new Set(entries.map((entry) => entry.id)).size).toBe(entries.length);
    expect(
      new Set(entries.map((e) => `${e.provider}|${e.model.toLowerCase()}|${e.effectiveFrom.toISOString()}`)).size,
    ).toBe(entries.length);
    expect(entries.every((entry) => entry.id.length <= 128 && !entry.organization)).toBe(true);
    expect(entries.find((entry) => entry.id === 'genai-prices:openai:gpt-4o:1970-01-01')).toMatchObject({
      provider: 'openai',
      model: 'gpt-4o',
      inputPerMTok: '2.5',
      cachedInputPerMTok: '1.25',
      cacheWritePerMTok: null,
      outputPerMTok: '10',
      effectiveFrom: BUNDLED_BASE_EFFECTIVE_FROM,
    });
  });

  it('keeps dated price changes as separate entries', () => {
    const o3 = entries.filter((entry) => entry.provider === 'openai' && entry.model === 'o3');
    expect(o3.map((entry) => [entry.id, entry.inputPerMTok, entry.outputPerMTok])).toEqual([
      ['genai-prices:openai:o3:1970-01-01', '10', '40'],
      ['genai-prices:openai:o3:2025-06-10', '2', '8'],
    ]);
  });

  it('flattens tiers to their base rate and time-of-day prices to the one in force most of the day', () => {
    expect(entries.find((entry) => entry.id === 'genai-prices:anthropic:claude-sonnet-4-5:1970-01-01')).toMatchObject({
      inputPerMTok: '3',
      outputPerMTok: '15',
    });
    // DeepSeek: standard rate 00:30–16:30 UTC (16 h), off-peak discount the other 8 h.
    expect(entries.find((entry) => entry.id === 'genai-prices:deepseek:deepseek-chat:1970-01-01')).toMatchObject({
      inputPerMTok: '0.27',
      outputPerMTok: '1.1',
    });
  });

  it('leaves out models without a per-token input price and rounds to 6 decimal places', () => {
    expect(entries.some((entry) => entry.model === 'mistral-ocr-latest')).toBe(false);
    expect(
      entries.every(
        (entry) => /^\d+(\.\d{1,6})?$/.test(entry.inputPerMTok) && /^\d+(\.\d{1,6})?$/.test(entry.outputPerMTok),
      ),
    ).toBe(true);
  });

  it('shortens ids that would be too long, keeping them distinct', () => {
    const long = 'x'.repeat(200);
    const a = bundledPriceEntryId('openrouter', `${long}-a`, BUNDLED_BASE_EFFECTIVE_FROM);
    const b = bundledPriceEntryId('openrouter', `${long}-b`, BUNDLED_BASE_EFFECTIVE_FROM);
    expect(a.length).toBe(128);
    expect(a).not.toBe(b);
    expect(a.endsWith(':1970-01-01')).toBe(true);
  });

  it("resolves ids with the package's rules, including provider fallbacks", () => {
    const resolve = bundledModelResolver();
    expect(resolve('openai', 'gpt-4o-2024-08-06')).toEqual({ provider: 'openai', model: 'gpt-4o' });
    expect(resolve('openai', 'gpt-4o-2024-05-13')).toEqual({ provider: 'openai', model: 'gpt-4o-2024-05-13' });
    expect(resolve('bedrock', 'us.anthropic.claude-3-5-sonnet-20241022-v2:0')).toEqual({
      provider: 'bedrock',
      model: 'regional.anthropic.claude-3-5-sonnet-20241022-v2:0',
    });
    expect(resolve('azure', 'gpt-4o-mini-2024-07-18')).toEqual({ provider: 'openai', model: 'gpt-4o-mini' });
    expect(resolve('google', 'claude-3-5-sonnet-v2@20241022')).toEqual({
      provider: 'google',
      model: 'claude-3-5-sonnet',
    });
    expect(resolve('google', 'claude-haiku-4-5@20251001')).toEqual({
      provider: 'anthropic',
      model: 'claude-haiku-4-5',
    });
    expect(resolve('openai', 'claude-3-5-sonnet')).toBeNull();
    expect(resolve('nobody', 'gpt-4o')).toBeNull();
  });
});
