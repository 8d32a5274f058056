import { describe, expect, it } from 'vitest';
import {
  CostExportError,
  centsToUsd,
  type InvoicedLine,
  parseAnthropicCostReport,
  parseOpenAiCostsCsv,
  parseOpenAiCostsJson,
  parseProviderCostExport,
} from './provider-cost-export';
import { reconcileCosts } from './reconcile-costs';

// The shape of OpenAI's documented Costs API response (GET /v1/organization/costs), grouped by line item.
const OPENAI_COSTS = {
  object: 'page',
  data: [
    {
      object: 'bucket',
      start_time: 1730419200, // 2024-11-01T00:00:00Z
      end_time: 1730505600,
      results: [
        {
          object: 'organization.costs.result',
          amount: { value: 0.06, currency: 'usd' },
          line_item: 'gpt-4o-2024-08-06, input',
          project_id: null,
        },
        {
          object: 'organization.costs.result',
          amount: { value: 1.25, currency: 'usd' },
          line_item: 'gpt-4o-2024-08-06, batch output',
          project_id: 'proj_abc',
        },
      ],
    },
  ],
  has_more: false,
  next_page: null,
};

// The shape of Anthropic's documented cost report (GET /v1/organizations/cost_report): amounts in cents.
const ANTHROPIC_COST_REPORT = {
  data: [
    {
      starting_at: '2025-08-01T00:00:00Z',
      ending_at: '2025-08-02T00:00:00Z',
      results: [
        {
          currency: 'USD',
          amount: '123.45',
          workspace_id: null,
          description: 'Claude Sonnet 4 Usage - Input Tokens',
          cost_type: 'tokens',
          context_window: '0-200k',
          model: 'claude-sonnet-4-20250514',
          service_tier: 'standard',
          token_type: 'uncached_input_tokens',
        },
        {
          currency: 'USD',
          amount: '300',
          workspace_id: null,
          description: 'Claude Sonnet 4 Usage - Input Tokens, Cache Write 1h',
          cost_type: 'tokens',
          context_window: '0-200k',
          model: 'claude-sonnet-4-20250514',
          service_tier: 'standard',
          token_type: 'cache_creation.ephemeral_1h_input_tokens',
        },
      ],
    },
  ],
  has_more: false,
  next_page: null,
};

const AWS_FOCUS = [
  'BilledCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ServiceName,ChargeDescription,x_UsageType',
  '0.45,USD,2025-08-01T00:00:00Z,2025-08-02T00:00:00Z,Amazon Bedrock,Claude Sonnet input tokens,' +
    'USE1-Claude3.5Sonnet-batch-input-tokens',
  '9.99,USD,2025-08-01T00:00:00Z,2025-08-02T00:00:00Z,Amazon Elastic Compute Cloud,t3.micro,USE1-BoxUsage',
].join('\n');

describe('provider cost exports', () => {
  it('reads OpenAI’s Costs API buckets: day, model and batch line items', () => {
    expect(parseOpenAiCostsJson(OPENAI_COSTS)).toEqual([
      expect.objectContaining({
        day: '2024-11-01',
        model: 'gpt-4o-2024-08-06',
        serviceTier: 'standard',
        costUsd: '0.06',
      }),
      expect.objectContaining({ day: '2024-11-01', model: 'gpt-4o-2024-08-06', serviceTier: 'batch', costUsd: '1.25' }),
    ]);
  });

  it('reads the same costs as CSV', () => {
    const csv =
      'start_time,end_time,amount_value,amount_currency,line_item,project_id\n' +
      '1730419200,1730505600,0.06,usd,"gpt-4o-2024-08-06, input",\n';
    expect(parseOpenAiCostsCsv(csv)).toEqual([
      expect.objectContaining({ day: '2024-11-01', model: 'gpt-4o-2024-08-06', costUsd: '0.06' }),
    ]);
  });

  it('reads Anthropic’s cost report, whose amounts are cents', () => {
    const lines = parseAnthropicCostReport(ANTHROPIC_COST_REPORT);
    expect(lines.map((l) => [l.day, l.model, l.costUsd, l.tokenType])).toEqual([
      ['2025-08-01', 'claude-sonnet-4-20250514', '1.2345', 'uncached_input_tokens'],
      ['2025-08-01', 'claude-sonnet-4-20250514', '3', 'cache_creation.ephemeral_1h_input_tokens'],
    ]);
    expect(['0.5', '5', '-250', '100000'].map(centsToUsd)).toEqual(['0.005', '0.05', '-2.5', '1000']);
  });

  it('keeps only Bedrock rows of an AWS FOCUS file, naming the model and the batch tier', () => {
    expect(parseProviderCostExport('bedrock', AWS_FOCUS)).toEqual([
      expect.objectContaining({ day: '2025-08-01', model: 'claude3.5sonnet', serviceTier: 'batch', costUsd: '0.45' }),
    ]);
  });

  it('reads the Bedrock lines of an AWS CUR 2.0 or legacy CUR file the same way', () => {
    const cur2 = [
      'line_item_usage_start_date,line_item_product_code,line_item_usage_type,line_item_line_item_description,' +
        'line_item_unblended_cost,line_item_currency_code',
      '2025-08-01T00:00:00Z,AmazonBedrock,USE1-Claude3.5Sonnet-batch-input-tokens,Claude Sonnet input tokens,0.45,USD',
      '2025-08-01T00:00:00Z,AmazonEC2,USE1-BoxUsage:t3.micro,t3.micro,9.99,USD',
    ].join('\n');
    const legacy = [
      'lineItem/UsageStartDate,lineItem/ProductCode,lineItem/UsageType,lineItem/LineItemDescription,' +
        'lineItem/UnblendedCost,lineItem/CurrencyCode',
      '2025-08-01T00:00:00Z,AmazonBedrock,USE1-Claude3.5Sonnet-batch-input-tokens,Claude Sonnet input tokens,0.45,USD',
    ].join('\n');
    for (const file of [cur2, legacy])
      expect(parseProviderCostExport('bedrock', file)).toEqual([
        expect.objectContaining({ day: '2025-08-01', model: 'claude3.5sonnet', serviceTier: 'batch', costUsd: '0.45' }),
      ]);
  });

  it('names the field and what was expected on bad input', () => {
    expect(() => parseOpenAiCostsJson({ data: [{ start_time: 'soon', results: [] }] })).toThrow(
      /body\.data\[0\]\.start_time: expected a unix time/,
    );
    const badAmount = {
      data: [{ starting_at: '2025-08-01T00:00:00Z', results: [{ amount: 'lots', currency: 'USD' }] }],
    };
    expect(() => parseAnthropicCostReport(badAmount)).toThrow(/results\[0\]\.amount: expected a decimal amount/);
    expect(() => parseProviderCostExport('bedrock', 'BilledCost\n1\n')).toThrow(/expected a column ChargePeriodStart/);
    expect(() => parseProviderCostExport('azure', '{}')).toThrow(CostExportError);
  });
});

describe('reconcileCosts', () => {
  it('compares per day and model and explains the differences the price rules account for', () => {
    const lines = reconcileCosts(
      [
        { day: '2025-08-01', provider: 'anthropic', model: 'claude-sonnet-4', costUsd: '3.6345', unpricedRecords: 0 },
        { day: '2025-08-01', provider: 'openai', model: 'gpt-4o', costUsd: '2.56', unpricedRecords: 0 },
        { day: '2025-08-01', provider: 'openai', model: 'my-finetune', costUsd: '0', unpricedRecords: 4 },
      ],
      [
        ...parseAnthropicCostReport(ANTHROPIC_COST_REPORT),
        ...parseOpenAiCostsJson(OPENAI_COSTS).map((l) => ({ ...l, day: '2025-08-01' })),
        {
          day: '2025-08-01',
          provider: 'openai',
          model: 'my-finetune',
          serviceTier: null,
          contextWindow: null,
          tokenType: null,
          description: null,
          costUsd: '0.80',
        },
        {
          day: '2025-08-01',
          provider: 'openai',
          model: 'o3',
          serviceTier: null,
          contextWindow: null,
          tokenType: null,
          description: null,
          costUsd: '0.10',
        },
      ],
    );
    expect(lines.map((l) => [l.provider, l.model, l.meteredUsd, l.invoicedUsd, l.differenceUsd])).toEqual([
      ['anthropic', 'claude-sonnet-4', '3.6345', '4.2345', '0.6'],
      ['openai', 'gpt-4o', '2.56', '1.31', '-1.25'],
      ['openai', 'my-finetune', '0', '0.8', '0.8'],
      ['openai', 'o3', '0', '0.1', '0.1'],
    ]);
    expect(lines[0]!.explanations.join()).toMatch(/^1-hour cache writes: \$3 invoiced/);
    expect(lines[1]!.explanations.join()).toMatch(/^batch tier: \$1.25 invoiced at the batch rate/);
    expect(lines[2]!.explanations).toEqual(['unpriced model: 4 metered record(s) had no price entry and count $0']);
    expect(lines[3]!.explanations.join()).toMatch(/^missing usage/);
  });

  it('says that Anthropic’s cost report leaves out metered Priority Tier usage', () => {
    const [line] = reconcileCosts(
      [
        {
          day: '2025-08-01',
          provider: 'anthropic',
          model: 'claude-sonnet-4',
          costUsd: '5',
          unpricedRecords: 0,
          priorityTierUsd: '2',
        },
      ],
      [
        {
          day: '2025-08-01',
          provider: 'anthropic',
          model: 'claude-sonnet-4-20250514',
          serviceTier: 'standard',
          contextWindow: '0-200k',
          tokenType: 'uncached_input_tokens',
          description: null,
          costUsd: '3',
        },
      ],
    );
    expect(line).toMatchObject({ meteredUsd: '5', invoicedUsd: '3', differenceUsd: '-2' });
    expect(line!.explanations).toEqual([
      "priority tier: $2 metered at Anthropic's Priority Tier, which the Anthropic cost report leaves out " +
        '(Priority Tier is billed apart; see its usage report)',
    ]);
  });

  it('matches a Bedrock invoice line to the metered inference-profile model id', () => {
    // The usage record keeps the id the Converse call named; AWS bills by usage type.
    const lines = reconcileCosts(
      [
        {
          day: '2025-08-01',
          provider: 'bedrock',
          model: 'us.anthropic.claude-3-5-sonnet-20241022-v2:0',
          costUsd: '0.45',
          unpricedRecords: 0,
        },
      ],
      parseProviderCostExport('bedrock', AWS_FOCUS),
    );
    expect(lines.map((l) => [l.model, l.meteredUsd, l.invoicedUsd, l.differenceUsd])).toEqual([
      ['us.anthropic.claude-3-5-sonnet-20241022-v2:0', '0.45', '0.45', '0'],
    ]);
  });

  it('says a difference is unexplained rather than leaving it blank', () => {
    const [line] = reconcileCosts(
      [{ day: '2024-11-01', provider: 'openai', model: 'gpt-4o', costUsd: '0.01', unpricedRecords: 0 }],
      [parseOpenAiCostsJson(OPENAI_COSTS)[0]!],
    );
    expect(line).toMatchObject({ differenceUsd: '0.05' });
    expect(line!.explanations.join()).toMatch(/^unexplained: /);
  });

  it('counts a cause only for the part of the difference it can account for, and the way it moves it', () => {
    const batch = (costUsd: string): InvoicedLine => ({
      day: '2026-11-10',
      provider: 'openai',
      model: 'gpt-4o-2024-08-06',
      serviceTier: 'batch',
      contextWindow: null,
      tokenType: 'input',
      description: 'gpt-4o-2024-08-06, batch input',
      costUsd,
    });
    const standard: InvoicedLine = {
      ...batch('103.190975'),
      serviceTier: null,
      description: 'gpt-4o-2024-08-06, input',
    };
    const metered = (costUsd: string) => [
      { day: '2026-11-10', provider: 'openai', model: 'gpt-4o', costUsd, unpricedRecords: 0 },
    ];
    // $5.02 more on the invoice, of which a $0.02 batch line: batch usage metered at the standard rate would
    // make the invoice lower, not higher.
    const [above] = reconcileCosts(metered('98.210975'), [standard, batch('0.02')]);
    expect(above).toMatchObject({ differenceUsd: '5' });
    expect(above!.explanations).toEqual([
      'unexplained: the invoice is $5 above the metered cost, and no price rule or export fact accounts for it ' +
        '(check the price entry, retries and credits)',
    ]);
    // $3 less on the invoice with a $1 batch line: the batch rate accounts for $1 at most.
    const [below] = reconcileCosts(metered('105.21'), [{ ...standard, costUsd: '101.21' }, batch('1')]);
    expect(below).toMatchObject({ differenceUsd: '-3' });
    expect(below!.explanations).toEqual([
      'batch tier: $1 invoiced at the batch rate; usage sent without its service tier is metered at the standard rate',
      'unexplained: $2 of the $3 the invoice is below the metered cost is more than the causes above can account ' +
        'for (check the price entry, retries and credits)',
    ]);
  });

  it('says nothing when they agree to the cent', () => {
    const [line] = reconcileCosts(
      [{ day: '2024-11-01', provider: 'openai', model: 'gpt-4o', costUsd: '1.314', unpricedRecords: 0 }],
      parseOpenAiCostsJson(OPENAI_COSTS),
    );
    expect(line).toMatchObject({ differenceUsd: '-0.004', explanations: [] });
  });
});
