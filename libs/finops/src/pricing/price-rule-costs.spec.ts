// Done-when of issue 18: one documented response of each price rule, priced through the whole path
// (raw provider CloudEvent → normalizer → parser → price book → rules) to the exact cent fraction,
// naming the rule applied. Rates per 1M tokens from @pydantic/genai-prices 0.1.8 and
// service-tier-prices.ts; the arithmetic is in the rule column. Documented examples whose counts are a
// few tokens (OpenAI's Batch line, DeepSeek's response) are also priced with larger counts in the same
// shape, so that the rule shows in cents.
import { type ProviderName, parseUsageEvent, rawUsageEventType, type UsageRecord } from '@tokenmeter/contracts';
import { describe, expect, it } from 'vitest';
import anthropicBatchResult from '../../../contracts/src/normalizers/fixtures/anthropic-batch-result-line.json';
import anthropicOneHourCache from '../../../contracts/src/normalizers/fixtures/anthropic-messages-1h-cache.json';
import bedrockConverse from '../../../contracts/src/normalizers/fixtures/bedrock-converse.json';
import bedrockOneHourCache from '../../../contracts/src/normalizers/fixtures/bedrock-converse-1h-cache.json';
import deepseekChat from '../../../contracts/src/normalizers/fixtures/deepseek-chat.json';
import geminiLongPrompt from '../../../contracts/src/normalizers/fixtures/gemini-2.5-pro-long-prompt.json';
import openaiBatchOutput from '../../../contracts/src/normalizers/fixtures/openai-batch-output-line.json';
import openaiChatFlex from '../../../contracts/src/normalizers/fixtures/openai-chat-flex.json';
import { bundledPriceEntries } from './bundled-prices';
import { PriceBook } from './price-book';
import { priceUsageRecord } from './price-usage-record';
import { usagePrice } from './usage-price';

const now = new Date('2026-05-01T23:00:00Z');
const book = new PriceBook(bundledPriceEntries());

function recordOf(provider: ProviderName, payload: unknown, time = '2026-05-01T11:00:00Z'): UsageRecord {
  const event = {
    specversion: '1.0',
    id: `rule-${provider}`,
    source: 'urn:tokenmeter:test',
    type: rawUsageEventType(provider),
    time,
    subject: 'search',
    data: payload,
  };
  const parsed = parseUsageEvent(event, { now });
  if (!parsed.ok) throw new Error(parsed.errors.map((error) => error.message).join('\n'));
  return parsed.record;
}

function priced(record: UsageRecord) {
  const time = new Date(record.time);
  const entry = book.find(record.provider, record.model, time);
  const { costUsd, priceVersion, price } = usagePrice(record, entry, time);
  // The ingest path (priceUsageRecord) stores the same cost.
  expect(priceUsageRecord(record, book).costUsd).toBe(costUsd);
  return { costUsd, priceVersion, rules: price?.rules };
}

const cases: Array<{ rule: string; record: () => UsageRecord; costUsd: string; version: string; rules: string[] }> = [
  {
    rule: 'OpenAI flex: o3 (since 2025-06-10) at half its 2 / 8 rates: 1117×1 + 846×4 = 4501 µ$',
    record: () => recordOf('openai', openaiChatFlex),
    costUsd: '0.004501',
    version: 'genai-prices:openai:o3:2025-06-10',
    rules: ['service-tier:flex×0.5'],
  },
  {
    // o3-mini is not in the flex guide's list (OpenAI answers such a request with a 400): a flex
    // response for it is billed at the standard rate and says so, never silently discounted.
    rule: 'OpenAI flex on o3-mini (no flex offered): standard 1.1 / 4.4: 1117×1.1 + 846×4.4 = 4951.1 µ$',
    record: () => recordOf('openai', { ...openaiChatFlex, model: 'o3-mini' }),
    costUsd: '0.0049511',
    version: 'genai-prices:openai:o3-mini:1970-01-01',
    rules: ['service-tier:flex:unpriced-standard-rate'],
  },
  {
    rule: 'OpenAI Batch API output line: gpt-4o at half of 2.5 / 10: 22000×1.25 + 2000×5 = 37500 µ$',
    record: () => recordOf('openai', openaiBatchOutput),
    costUsd: '0.0375',
    version: 'genai-prices:openai:gpt-4o:1970-01-01',
    rules: ['service-tier:batch×0.5'],
  },
  {
    // The Batch guide's output line verbatim (gpt-3.5-turbo-0125, 22 prompt and 2 completion tokens).
    rule: 'OpenAI Batch API documented line: gpt-3.5-turbo-0125 at half of 0.5 / 1.5: 22×0.25 + 2×0.75 = 7 µ$',
    record: () =>
      recordOf('openai', {
        ...openaiBatchOutput,
        response: {
          ...openaiBatchOutput.response,
          body: {
            ...openaiBatchOutput.response.body,
            model: 'gpt-3.5-turbo-0125',
            usage: { prompt_tokens: 22, completion_tokens: 2, total_tokens: 24 },
          },
        },
      }),
    costUsd: '0.000007',
    version: 'genai-prices:openai:gpt-3.5-turbo:1970-01-01',
    rules: ['service-tier:batch×0.5'],
  },
  {
    rule: 'OpenAI priority: gpt-4o at 4.25 / 17: 22000×4.25 + 2000×17 = 127500 µ$',
    record: () => ({ ...recordOf('openai', openaiBatchOutput.response.body), serviceTier: 'priority' as const }),
    costUsd: '0.1275',
    version: 'genai-prices:openai:gpt-4o:1970-01-01',
    rules: ['service-tier:priority'],
  },
  {
    rule: 'Anthropic 1-hour cache writes: 2048×3 + 1800×0.3 + 148×3.75 + 100×6 + 503×15 = 15384 µ$',
    record: () => recordOf('anthropic', anthropicOneHourCache),
    costUsd: '0.015384',
    version: 'genai-prices:anthropic:claude-sonnet-4-5:1970-01-01',
    rules: ['standard', 'cache-write-1h'],
  },
  {
    // Anthropic's 2× input for a 1-hour write holds on Bedrock (its cacheDetails name the TTL); it was billed at
    // the 5-minute 4.125, $0.09075.
    rule: 'Bedrock 1-hour cache writes: 1000×3.3 + 40000×0.33 + 10000×6.6 + 2000×16.5 = 115500 µ$',
    record: () => recordOf('bedrock', bedrockOneHourCache),
    costUsd: '0.1155',
    version: 'genai-prices:bedrock:regional.anthropic.claude-sonnet-4-5-20250929-v1:0:1970-01-01',
    rules: ['region:regional', 'cache-write-1h'],
  },
  {
    rule: 'Anthropic Message Batches result: sonnet 4 at half of 3 / 15: 11000×1.5 + 3600×7.5 = 43500 µ$',
    record: () => recordOf('anthropic', anthropicBatchResult),
    costUsd: '0.0435',
    version: 'genai-prices:anthropic:claude-sonnet-4-0:1970-01-01',
    rules: ['service-tier:batch×0.5'],
  },
  {
    rule: 'Gemini 2.5 Pro above 200k prompt tokens: 250000×2.5 + (1200+1800)×15 = 670000 µ$',
    record: () => recordOf('gemini', geminiLongPrompt),
    costUsd: '0.67',
    version: 'genai-prices:google:gemini-2.5-pro:1970-01-01',
    rules: ['prompt-tier:>200000'],
  },
  {
    rule: 'Claude Sonnet 4.5 with 1M context above 200k: 300000×6 + 2000×22.5 = 1845000 µ$',
    record: () => ({ ...recordOf('anthropic', anthropicOneHourCache), ...longPrompt }),
    costUsd: '1.845',
    version: 'genai-prices:anthropic:claude-sonnet-4-5:1970-01-01',
    rules: ['prompt-tier:>200000'],
  },
  {
    rule: 'DeepSeek off-peak (16:30–00:30 UTC): 100000×0.135 + 50000×0.035 + 20000×0.55 = 26250 µ$',
    record: () => deepSeek('2026-04-01T18:00:00.000Z'),
    costUsd: '0.02625',
    version: 'genai-prices:deepseek:deepseek-chat:1970-01-01',
    rules: ['time-of-day:outside-windows'],
  },
  {
    // DeepSeek's documented response (counts scaled to show cents), during its 2025 off-peak hours.
    rule: 'DeepSeek response off-peak (2025-06-01 18:00 UTC): 100000×0.135 + 50000×0.035 + 20000×0.55 = 26250 µ$',
    record: () => recordOf('deepseek', deepseekChat, '2025-06-01T18:00:00Z'),
    costUsd: '0.02625',
    version: 'genai-prices:deepseek:deepseek-chat:1970-01-01',
    rules: ['time-of-day:outside-windows'],
  },
  {
    rule: 'DeepSeek peak: 100000×0.27 + 50000×0.07 + 20000×1.1 = 52500 µ$',
    record: () => deepSeek('2026-04-01T10:00:00.000Z'),
    costUsd: '0.0525',
    version: 'genai-prices:deepseek:deepseek-chat:1970-01-01',
    rules: ['time-of-day:00:30:00Z-16:30:00Z'],
  },
  {
    // From the V4 Preview (2026-04-24) deepseek-chat is deepseek-v4-flash's non-thinking mode, billed as it.
    rule: 'deepseek-chat since 2026-04-24, as V4 Flash: 100000×0.14 + 50000×0.0028 + 20000×0.28 = 19740 µ$',
    record: () => deepSeek('2026-05-01T10:00:00.000Z'),
    costUsd: '0.01974',
    version: 'genai-prices:deepseek:deepseek-chat:2026-04-24',
    rules: ['standard'],
  },
  {
    // The package lists V4's peak windows after its 2026-08-17 price; before that date the flat rate applies.
    rule: 'DeepSeek V4 Flash before its peak windows began (2026-08-01 02:00 UTC): 100000×0.14 + 20000×0.28 = 19600 µ$',
    record: () => ({ ...deepSeek('2026-08-01T02:00:00.000Z'), model: 'deepseek-v4-flash', cachedInputTokens: 0 }),
    costUsd: '0.0196',
    version: 'genai-prices:deepseek:deepseek-v4-flash:1970-01-01',
    rules: ['standard'],
  },
  {
    rule: 'DeepSeek V4 Flash peak (01:00–04:00 UTC from 2026-08-17): 100000×0.44 + 20000×1.32 = 70400 µ$',
    record: () => ({ ...deepSeek('2026-09-01T02:00:00.000Z'), model: 'deepseek-v4-flash', cachedInputTokens: 0 }),
    costUsd: '0.0704',
    version: 'genai-prices:deepseek:deepseek-v4-flash:2026-08-17',
    rules: ['time-of-day:01:00:00Z-04:00:00Z'],
  },
  {
    // Bedrock bills in-region inference profiles (us., eu., apac.) 10% above the global one.
    rule: 'Bedrock regional Sonnet 4.5: 12×3.3 + 2048×0.33 + 1004×4.125 + 285×16.5 = 9559.44 µ$',
    record: () => recordOf('bedrock', { ...bedrockConverse, modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0' }),
    costUsd: '0.00955944',
    version: 'genai-prices:bedrock:regional.anthropic.claude-sonnet-4-5-20250929-v1:0:1970-01-01',
    rules: ['region:regional'],
  },
  {
    rule: 'Bedrock global Sonnet 4.5: 12×3 + 2048×0.3 + 1004×3.75 + 285×15 = 8690.4 µ$',
    record: () =>
      recordOf('bedrock', { ...bedrockConverse, modelId: 'global.anthropic.claude-sonnet-4-5-20250929-v1:0' }),
    costUsd: '0.0086904',
    version: 'genai-prices:bedrock:global.anthropic.claude-sonnet-4-5-20250929-v1:0:1970-01-01',
    rules: ['region:global'],
  },
];

const longPrompt = { inputTokens: 300_000, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 2000 };

function deepSeek(time: string): UsageRecord {
  return {
    id: 'deepseek',
    source: 'urn:tokenmeter:test',
    time,
    team: 'search',
    project: null,
    tags: {},
    provider: 'deepseek',
    model: 'deepseek-chat',
    deployment: null,
    inputTokens: 100_000,
    cachedInputTokens: 50_000,
    cacheWriteTokens: 0,
    outputTokens: 20_000,
    reasoningTokens: 0,
    requests: 1,
    costUsd: null,
  };
}

describe('price rules, priced to the cent', () => {
  it.each(cases)('$rule', ({ record, costUsd, version, rules }) => {
    expect(priced(record())).toEqual({ costUsd, priceVersion: version, rules });
  });

  it('keeps the service tier and the 1-hour cache writes on the record', () => {
    expect(recordOf('openai', openaiChatFlex)).toMatchObject({ serviceTier: 'flex', model: 'o3-2025-04-16' });
    expect(recordOf('anthropic', anthropicBatchResult)).toMatchObject({ serviceTier: 'batch' });
    expect(recordOf('anthropic', anthropicOneHourCache)).toMatchObject({
      cacheWriteTokens: 248,
      cacheWrite1hTokens: 100,
    });
  });

  it('prices a standard call exactly as the flat entry does', () => {
    const record = { ...deepSeek('2026-05-01T10:00:00.000Z'), provider: 'openai', model: 'gpt-4o' } as UsageRecord;
    expect(priced(record)).toEqual({
      costUsd: '0.5125',
      priceVersion: 'genai-prices:openai:gpt-4o:1970-01-01',
      rules: ['standard'],
    });
  });
});
