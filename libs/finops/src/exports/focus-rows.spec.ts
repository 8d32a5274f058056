import { describe, expect, it } from 'vitest';
import { DailyPricedUsage, focusRows } from './focus-rows';

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
});
