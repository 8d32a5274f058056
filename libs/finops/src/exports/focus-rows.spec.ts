import { describe, expect, it } from 'vitest';
import { DailyPricedUsage, focusRows, selfHostedFocusRows } from './focus-rows';

const base: DailyPricedUsage = {
  day: '2026-11-30',
  team: 'search',
  teamName: 'Search',
  provider: 'openai',
  model: 'gpt-4o',
  priceVersion: 'openai/gpt-4o@2024',
  inputTokens: 1_000_000n,
  cachedInputTokens: 0n,
  cacheWriteTokens: 0n,
  outputTokens: 3n,
  costUsd: '2.50003',
  inputPerMTok: '2.5',
  cachedInputPerMTok: '1.25',
  cacheWritePerMTok: null,
  outputPerMTok: '10',
};

const sum = (values: (string | null)[]) => values.reduce((total, v) => total + Number(v), 0);

describe('focusRows', () => {
  it('prices each token class from the entry and skips classes without tokens', () => {
    const rows = focusRows([base]);
    expect(rows.map((r) => [r.x_TokenClass, r.ConsumedQuantity, r.ListUnitPrice, r.BilledCost])).toEqual([
      ['input', '1000000', '0.0000025', '2.5'],
      ['output', '3', '0.00001', '0.00003'],
    ]);
    expect(rows[0]).toMatchObject({
      ServiceCategory: 'AI and Machine Learning',
      ConsumedUnit: 'Tokens',
      PricingUnit: 'Tokens',
      SubAccountId: 'search',
      ChargePeriodStart: '2026-11-30T00:00:00Z',
      ChargePeriodEnd: '2026-12-01T00:00:00Z',
      BillingPeriodStart: '2026-11-01T00:00:00Z',
      BillingPeriodEnd: '2026-12-01T00:00:00Z',
      ChargeClass: null,
    });
  });

  it('keeps the stored total: per-record rounding differences land on the largest class', () => {
    const rows = focusRows([{ ...base, costUsd: '2.5000300001' }]);
    expect(rows.find((r) => r.x_TokenClass === 'input')!.BilledCost).toBe('2.5000000001');
    expect(sum(rows.map((r) => r.BilledCost))).toBeCloseTo(2.5000300001, 10);
  });

  it('puts the 1-hour cache-write premium on the cache-write row, the other rows at their own rates', () => {
    // libs/contracts' anthropic-messages-1h-cache fixture on claude-sonnet-4 ($3 / $3.75 / $15 per million,
    // 1-hour writes $6): 2,048 input, 148 5-minute and 100 1-hour writes, 539 output: $0.015384. The rows keep
    // the 248 writes but not which were 1-hour ones.
    const rows = focusRows([
      {
        ...base,
        provider: 'anthropic',
        model: 'claude-sonnet-4',
        priceVersion: 'anthropic/claude-sonnet-4',
        priceRules: 'cache-write-1h',
        inputTokens: 2048n,
        cacheWriteTokens: 248n,
        outputTokens: 539n,
        costUsd: '0.015384',
        inputPerMTok: '3',
        cachedInputPerMTok: '0.3',
        cacheWritePerMTok: '3.75',
        outputPerMTok: '15',
      },
    ]);
    expect(rows.map((r) => [r.x_TokenClass, r.ConsumedQuantity, r.BilledCost])).toEqual([
      ['input', '2048', '0.006144'],
      // 148 × $3.75 + 100 × $6 per million.
      ['cache-write', '248', '0.001155'],
      ['output', '539', '0.008085'],
    ]);
  });

  it('apportions a client-supplied cost by tokens, exactly', () => {
    const rows = focusRows([
      {
        ...base,
        priceVersion: 'client',
        inputTokens: 2n,
        outputTokens: 1n,
        costUsd: '1',
        inputPerMTok: null,
        outputPerMTok: null,
        cachedInputPerMTok: null,
      },
    ]);
    expect(rows.map((r) => r.BilledCost)).toEqual(['0.666666666667', '0.333333333333']);
  });

  it('keeps unpriced tokens at cost 0 and says so', () => {
    const rows = focusRows([
      { ...base, priceVersion: null, costUsd: null, inputPerMTok: null, outputPerMTok: null, cachedInputPerMTok: null },
    ]);
    expect(rows.every((r) => r.BilledCost === '0' && r.ListUnitPrice === null && r.x_Unpriced === 'true')).toBe(true);
  });

  it('names the invoice issuer and the publisher apart from the reseller', () => {
    const [row] = focusRows([{ ...base, provider: 'bedrock', model: 'anthropic.claude-sonnet-4' }]);
    expect(row).toMatchObject({
      ProviderName: 'Amazon Bedrock',
      InvoiceIssuerName: 'Amazon Web Services',
      PublisherName: 'Anthropic',
    });
  });

  it('a batch or flex call: list cost at the standard rate, effective and billed cost at what was paid', () => {
    // 1M input at 2.5 + 3 output at 10 = 2.50003 list; the Batch API bills half: 1.250015.
    const rows = focusRows([{ ...base, costUsd: '1.250015' }]);
    expect(rows.map((r) => [r.ListCost, r.ContractedCost, r.EffectiveCost, r.BilledCost, r.PricingCategory])).toEqual([
      ['2.5', '2.5', '1.25', '1.25', 'Other'],
      ['0.00003', '0.00003', '0.000015', '0.000015', 'Other'],
    ]);
    expect(rows[0]!.ChargeDescription).toContain('price rule applied');
    expect(focusRows([base]).every((r) => r.PricingCategory === 'Standard' && r.ListCost === r.EffectiveCost)).toBe(
      true,
    );
  });

  it('names the service tier and the price rules of each row', () => {
    const batch = focusRows([
      { ...base, costUsd: '1.250015', serviceTier: 'batch', priceRules: 'service-tier:batch×0.5' },
    ]);
    expect(batch.map((r) => [r.x_ServiceTier, r.x_PriceRules, r.PricingCategory])).toEqual([
      ['batch', 'service-tier:batch×0.5', 'Other'],
      ['batch', 'service-tier:batch×0.5', 'Other'],
    ]);
    // A priority call without a published rate bills the standard rate, but is still not the standard offer.
    const priority = focusRows([
      { ...base, serviceTier: 'priority', priceRules: 'service-tier:priority:unpriced-standard-rate' },
    ]);
    expect(priority.every((r) => r.PricingCategory === 'Other' && r.ListCost === r.EffectiveCost)).toBe(true);
    expect(focusRows([base]).map((r) => [r.x_ServiceTier, r.x_PriceRules])).toEqual([
      ['standard', null],
      ['standard', null],
    ]);
  });

  // Gemini 2.5 Pro, 250000 input and 3000 output tokens: above 200k every token is billed at the
  // tier's 2.5 / 15 (entry: 1.25 / 10): 0.625 + 0.045 = 0.67.
  const geminiLongPrompt: DailyPricedUsage = {
    ...base,
    provider: 'google',
    model: 'gemini-2.5-pro',
    priceVersion: 'genai-prices:google:gemini-2.5-pro:1970-01-01',
    priceRules: 'prompt-tier:>200000',
    inputTokens: 250_000n,
    outputTokens: 3000n,
    costUsd: '0.67',
    inputPerMTok: '1.25',
    cachedInputPerMTok: '0.31',
    outputPerMTok: '10',
  };

  it('a prompt-length tier is Standard (FOCUS: tiered pricing), each class at the tier’s rates', () => {
    const rows = focusRows([geminiLongPrompt]);
    expect(rows.map((r) => [r.x_TokenClass, r.ListUnitPrice, r.ListCost, r.EffectiveCost, r.PricingCategory])).toEqual([
      ['input', '0.0000025', '0.625', '0.625', 'Standard'],
      ['output', '0.000015', '0.045', '0.045', 'Standard'],
    ]);
  });

  it('a published time-of-day window is Standard at the window’s rates (DeepSeek off-peak)', () => {
    // 100000×0.135 + 50000×0.035 + 20000×0.55 = 0.02625 (entry, peak: 0.27 / 0.07 / 1.1).
    const rows = focusRows([
      {
        ...base,
        provider: 'deepseek',
        model: 'deepseek-chat',
        priceVersion: 'genai-prices:deepseek:deepseek-chat:1970-01-01',
        priceRules: 'time-of-day:outside-windows',
        inputTokens: 100_000n,
        cachedInputTokens: 50_000n,
        outputTokens: 20_000n,
        costUsd: '0.02625',
        inputPerMTok: '0.27',
        cachedInputPerMTok: '0.07',
        outputPerMTok: '1.1',
      },
    ]);
    expect(rows.map((r) => [r.x_TokenClass, r.EffectiveCost, r.ListCost, r.PricingCategory])).toEqual([
      ['input', '0.0135', '0.0135', 'Standard'],
      ['cached-input', '0.00175', '0.00175', 'Standard'],
      ['output', '0.011', '0.011', 'Standard'],
    ]);
  });

  it('a batch call on a tier splits what was paid by the tier’s rates, list cost at the tier', () => {
    const rows = focusRows([
      {
        ...geminiLongPrompt,
        serviceTier: 'batch',
        priceRules: 'prompt-tier:>200000,service-tier:batch×0.5',
        costUsd: '0.335',
      },
    ]);
    expect(rows.map((r) => [r.ListCost, r.EffectiveCost, r.PricingCategory])).toEqual([
      ['0.625', '0.3125', 'Other'],
      ['0.045', '0.0225', 'Other'],
    ]);
  });

  it('leaves self-hosted usage rows to the deployments’ cost of ownership', () => {
    expect(focusRows([{ ...base, provider: 'self-hosted', model: 'llama', priceVersion: null }])).toEqual([]);
  });
});

describe('selfHostedFocusRows', () => {
  const day = {
    day: '2026-11-30',
    deployment: 'llama-a',
    ownerTeam: 'search',
    model: 'llama-3.1-70b',
    dailyCostUsd: '100.0000',
    idleWasteUsd: '70.0000',
    capacityTokens: 40_000_000n,
    // 30 % of capacity's output tokens: 70 % of the day's cost is idle.
    servedOutputTokens: 12_000_000n,
    paidHours: 24,
    served: [
      { team: 'search', tokens: 2_000_000n },
      { team: 'ads', tokens: 1_000_000n },
    ],
  };

  it('shows back the used part by tokens served and charges idle capacity to the owner, to the day’s cost', () => {
    const rows = selfHostedFocusRows([day], { ads: 'Ads' });
    expect(rows.map((r) => [r.SubAccountId, r.x_TokenClass, r.ConsumedQuantity, r.ConsumedUnit, r.BilledCost])).toEqual(
      [
        ['search', 'served', '2000000', 'Tokens', '20'],
        ['ads', 'served', '1000000', 'Tokens', '10'],
        // The idle part of capacity, in its own unit: 40M × (1 − 30 %) output tokens, not 40M − 3M tokens served.
        ['search', 'idle', '28000000', 'Output Tokens', '70'],
      ],
    );
    expect(rows[1]).toMatchObject({ SubAccountName: 'Ads', ResourceId: 'llama-a', PricingCategory: 'Other' });
  });

  it('splits a cost that does not divide evenly to the last 10^-12 USD', () => {
    const rows = selfHostedFocusRows(
      [{ ...day, dailyCostUsd: '10.0000', idleWasteUsd: null, served: [...day.served, { team: 'x', tokens: 1n }] }],
      {},
    );
    const total = rows.reduce((sum, r) => {
      const [whole, fraction = ''] = r.BilledCost!.split('.');
      return sum + BigInt(whole!) * 10n ** 12n + BigInt(fraction.padEnd(12, '0'));
    }, 0n);
    expect(rows.map((r) => r.BilledCost)).toEqual(['6.666664444445', '3.333332222223', '0.000003333332']);
    // Without a utilization the idle part cannot be told apart, and the rows say so.
    expect(rows[0]!.ChargeDescription).toContain('(utilization unknown: the whole day, idle time included)');
    expect(total).toBe(10n * 10n ** 12n);
  });

  it('a day nothing was served is all idle, in paid seconds when capacity is unknown', () => {
    const rows = selfHostedFocusRows([{ ...day, served: [], capacityTokens: null, paidHours: 12 }], {});
    expect(rows.map((r) => [r.SubAccountId, r.ConsumedQuantity, r.ConsumedUnit, r.BilledCost])).toEqual([
      ['search', '43200', 'Seconds', '100'],
    ]);
  });
});
