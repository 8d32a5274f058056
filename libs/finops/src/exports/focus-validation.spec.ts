// Every column the FOCUS export writes, checked against the FinOps FOCUS 1.2 specification's column
// rules (https://focus.finops.org/focus-specification/v1-2/): presence, data type, allowed values,
// nullability conditions and the relations between columns. The rows cover each kind the export
// produces: priced API usage at standard rates, a batch/flex discount, a client-supplied cost, an
// unpriced model, and a self-hosted deployment's showback and idle rows.
import { describe, expect, it } from 'vitest';
import { DailyPricedUsage, FOCUS_EXPORT_COLUMNS, FocusRow, focusRows, selfHostedFocusRows } from './focus-rows';

const DECIMAL = /^-?\d+(\.\d+)?$/; // FOCUS Decimal: no exponent, no thousands separator, no currency sign
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/; // ISO 8601, UTC ("Z")
const CURRENCY = /^[A-Z]{3}$/; // ISO 4217

/** Columns FOCUS 1.2 marks Mandatory for a provider that has them (the export writes no other FOCUS column). */
const MANDATORY: Record<string, { type: 'Decimal' | 'DateTime' | 'String' | 'JSON'; nullable: boolean }> = {
  BilledCost: { type: 'Decimal', nullable: false },
  BillingAccountId: { type: 'String', nullable: false },
  BillingAccountName: { type: 'String', nullable: false },
  BillingAccountType: { type: 'String', nullable: false },
  BillingCurrency: { type: 'String', nullable: false },
  BillingPeriodEnd: { type: 'DateTime', nullable: false },
  BillingPeriodStart: { type: 'DateTime', nullable: false },
  ChargeCategory: { type: 'String', nullable: false },
  ChargeClass: { type: 'String', nullable: true },
  ChargeDescription: { type: 'String', nullable: false },
  ChargeFrequency: { type: 'String', nullable: false },
  ChargePeriodEnd: { type: 'DateTime', nullable: false },
  ChargePeriodStart: { type: 'DateTime', nullable: false },
  ConsumedQuantity: { type: 'Decimal', nullable: true },
  ConsumedUnit: { type: 'String', nullable: true },
  ContractedCost: { type: 'Decimal', nullable: false },
  ContractedUnitPrice: { type: 'Decimal', nullable: true },
  EffectiveCost: { type: 'Decimal', nullable: false },
  InvoiceIssuerName: { type: 'String', nullable: false },
  ListCost: { type: 'Decimal', nullable: false },
  ListUnitPrice: { type: 'Decimal', nullable: true },
  PricingCategory: { type: 'String', nullable: true },
  PricingCurrency: { type: 'String', nullable: true },
  PricingQuantity: { type: 'Decimal', nullable: true },
  PricingUnit: { type: 'String', nullable: true },
  ProviderName: { type: 'String', nullable: false },
  PublisherName: { type: 'String', nullable: false },
  RegionId: { type: 'String', nullable: true },
  RegionName: { type: 'String', nullable: true },
  ResourceId: { type: 'String', nullable: true },
  ResourceName: { type: 'String', nullable: true },
  ResourceType: { type: 'String', nullable: true },
  ServiceCategory: { type: 'String', nullable: false },
  ServiceName: { type: 'String', nullable: false },
  ServiceSubcategory: { type: 'String', nullable: true },
  SkuId: { type: 'String', nullable: true },
  SkuPriceId: { type: 'String', nullable: true },
  SubAccountId: { type: 'String', nullable: true },
  SubAccountName: { type: 'String', nullable: true },
  SubAccountType: { type: 'String', nullable: true },
  Tags: { type: 'JSON', nullable: true },
};

const ALLOWED: Partial<Record<string, readonly (string | null)[]>> = {
  ChargeCategory: ['Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment'],
  ChargeClass: [null, 'Correction'],
  ChargeFrequency: ['One-Time', 'Recurring', 'Usage-Based'],
  PricingCategory: [null, 'Standard', 'Dynamic', 'Committed', 'Other'],
  ServiceCategory: [
    'AI and Machine Learning',
    'Analytics',
    'Business Applications',
    'Compute',
    'Databases',
    'Developer Tools',
    'Multicloud',
    'Identity',
    'Integration',
    'Internet of Things',
    'Management and Governance',
    'Media',
    'Migration',
    'Mobile',
    'Networking',
    'Security',
    'Storage',
    'Web',
    'Other',
  ],
};

/** ServiceSubcategory values by their one ServiceCategory parent (FOCUS 1.2), for the categories this export writes. */
const SUBCATEGORIES: Partial<Record<string, readonly string[]>> = {
  'AI and Machine Learning': [
    'Bots',
    'Generative AI',
    'Machine Learning',
    'Natural Language Processing',
    'Other (AI and Machine Learning)',
  ],
};

/** A Decimal in 10^-12 units (0 for a malformed one, which the type check reports). */
const pico = (v: string) => {
  if (!DECIMAL.test(v)) return 0n;
  const [whole, fraction = ''] = v.replace('-', '').split('.');
  const n = BigInt(whole!) * 10n ** 12n + BigInt(fraction.slice(0, 12).padEnd(12, '0'));
  return v.startsWith('-') ? -n : n;
};

/** Every FOCUS 1.2 rule this export can break, as messages (empty: conformant). */
function focusViolations(rows: readonly FocusRow[]): string[] {
  const problems: string[] = [];
  const focusColumns = FOCUS_EXPORT_COLUMNS.filter((c) => !c.startsWith('x_'));
  for (const column of Object.keys(MANDATORY))
    if (!focusColumns.includes(column as never)) problems.push(`mandatory column ${column} missing`);
  for (const column of focusColumns) {
    if (!MANDATORY[column]) problems.push(`column ${column} is neither FOCUS 1.2 nor prefixed x_`);
    if (!/^[A-Z][A-Za-z0-9]*$/.test(column)) problems.push(`column ${column}: expected PascalCase alphanumerics`);
  }
  const firstCustom = FOCUS_EXPORT_COLUMNS.findIndex((c) => c.startsWith('x_'));
  if (FOCUS_EXPORT_COLUMNS.slice(firstCustom).some((c) => !c.startsWith('x_'))) problems.push('x_ columns last');
  for (const [i, row] of rows.entries()) {
    const at = (column: string, why: string) =>
      problems.push(`row ${i} ${column}=${JSON.stringify(row[column as keyof FocusRow])}: ${why}`);
    for (const [column, rule] of Object.entries(MANDATORY)) {
      const value = row[column as keyof FocusRow];
      if (value === null) {
        if (!rule.nullable) at(column, 'must not be null');
        continue;
      }
      if (value === '') at(column, 'empty string instead of null');
      if (rule.type === 'Decimal' && !DECIMAL.test(value)) at(column, 'expected a Decimal');
      if (rule.type === 'DateTime' && !DATETIME.test(value)) at(column, 'expected an ISO 8601 UTC date-time');
      if (rule.type === 'JSON') {
        const parsed = JSON.parse(value) as unknown;
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
          at(column, 'expected a JSON object');
        else if (Object.values(parsed).some((v) => typeof v !== 'string')) at(column, 'tag values are strings');
      }
      const allowed = ALLOWED[column];
      if (allowed && !allowed.includes(value)) at(column, `expected one of ${allowed.join(', ')}`);
    }
    const subcategories = SUBCATEGORIES[row.ServiceCategory ?? ''];
    if (row.ServiceSubcategory === null) at('ServiceSubcategory', 'must not be null (Mandatory in 1.2)');
    else if (!subcategories?.includes(row.ServiceSubcategory))
      at('ServiceSubcategory', `expected a subcategory of ${row.ServiceCategory}`);
    if (!CURRENCY.test(row.BillingCurrency ?? '')) at('BillingCurrency', 'expected an ISO 4217 code');
    if (row.PricingCurrency !== null && row.PricingCurrency !== row.BillingCurrency)
      at('PricingCurrency', 'expected the billing currency (no conversion)');
    if (!(Date.parse(row.ChargePeriodStart!) < Date.parse(row.ChargePeriodEnd!)))
      at('ChargePeriodStart', 'must be before ChargePeriodEnd');
    if (!(Date.parse(row.BillingPeriodStart!) < Date.parse(row.BillingPeriodEnd!)))
      at('BillingPeriodStart', 'must be before BillingPeriodEnd');
    if (
      Date.parse(row.ChargePeriodStart!) < Date.parse(row.BillingPeriodStart!) ||
      Date.parse(row.ChargePeriodEnd!) > Date.parse(row.BillingPeriodEnd!)
    )
      at('ChargePeriodStart', 'the charge period lies within its billing period');
    const usage = row.ChargeCategory === 'Usage' && row.ChargeClass !== 'Correction';
    if (usage) {
      // Usage rows: quantities, units, prices and PricingCategory are set.
      for (const column of [
        'ConsumedQuantity',
        'ConsumedUnit',
        'PricingQuantity',
        'PricingUnit',
        'PricingCategory',
        'SkuId',
        'SkuPriceId',
      ] as const)
        if (row[column] === null) at(column, 'must not be null for a Usage charge');
      if (row.ListUnitPrice === null && row.x_Unpriced !== 'true') at('ListUnitPrice', 'null only when unpriced');
      if ((row.ListUnitPrice === null) !== (row.ContractedUnitPrice === null))
        at('ContractedUnitPrice', 'set exactly when ListUnitPrice is');
    }
    if (row.ChargeCategory === 'Tax' && row.PricingCategory !== null) at('PricingCategory', 'null for Tax');
    if (row.ChargeFrequency === 'Usage-Based' && row.ChargeCategory === 'Purchase')
      at('ChargeFrequency', 'a Purchase is not Usage-Based');
    // Costs: billed = effective (nothing prepaid to amortize); list ≥ 0; each cost = unit price × quantity
    // (to the unit price's rounding when the unit price was derived from a cost).
    if (row.BilledCost !== row.EffectiveCost) at('EffectiveCost', 'equals BilledCost (no amortized prepayment)');
    for (const column of ['BilledCost', 'EffectiveCost', 'ListCost', 'ContractedCost'] as const)
      if (row[column] !== null && pico(row[column]!) < 0n) at(column, 'a usage cost is not negative');
    for (const [cost, price] of [
      ['ListCost', 'ListUnitPrice'],
      ['ContractedCost', 'ContractedUnitPrice'],
    ] as const) {
      if (row[price] === null || row.PricingQuantity === null) continue;
      const quantity = BigInt(row.PricingQuantity);
      const product = pico(row[price]!) * quantity;
      const gap = product - pico(row[cost]!);
      if ((gap < 0n ? -gap : gap) > quantity / 2n + 1n) at(cost, `expected ${price} × PricingQuantity`);
    }
    if (
      row.ContractedCost !== null &&
      pico(row.ContractedCost) > pico(row.ListCost!) &&
      row.PricingCategory !== 'Other'
    )
      at('ContractedCost', 'at most ListCost');
    if (row.PricingCategory === 'Standard' && row.EffectiveCost !== row.ListCost) {
      const gap = pico(row.EffectiveCost!) - pico(row.ListCost!);
      if ((gap < 0n ? -gap : gap) > 1000n + BigInt(row.PricingQuantity ?? '0'))
        at('PricingCategory', 'Standard means paid at the list rate');
    }
  }
  return problems;
}

const gpt4o: DailyPricedUsage = {
  day: '2026-11-30',
  team: 'search',
  teamName: 'Search',
  provider: 'openai',
  model: 'gpt-4o',
  priceVersion: 'openai/gpt-4o@2024',
  inputTokens: 1_000_000n,
  cachedInputTokens: 200_000n,
  cacheWriteTokens: 0n,
  outputTokens: 50_000n,
  costUsd: '3.25',
  inputPerMTok: '2.5',
  cachedInputPerMTok: '1.25',
  cacheWritePerMTok: null,
  outputPerMTok: '10',
};

const allKinds = (): FocusRow[] => [
  ...focusRows([
    gpt4o,
    // The same tokens through the Batch API / flex tier: half the standard rates.
    { ...gpt4o, team: 'ads', teamName: 'Ads', costUsd: '1.625' },
    { ...gpt4o, day: '2026-12-31', priceVersion: 'client', costUsd: '0.1', inputPerMTok: null, outputPerMTok: null },
    { ...gpt4o, model: 'mystery', priceVersion: null, costUsd: null, inputPerMTok: null, outputPerMTok: null },
  ]),
  ...selfHostedFocusRows(
    [
      {
        day: '2026-11-30',
        deployment: 'llama-a',
        ownerTeam: 'search',
        model: 'llama-3.1-70b',
        dailyCostUsd: '96.0000',
        idleWasteUsd: '67.2000',
        capacityTokens: 40_000_000n,
        paidHours: 24,
        served: [
          { team: 'search', tokens: 9_000_000n },
          { team: 'ads', tokens: 3_000_000n },
        ],
      },
      {
        day: '2026-12-01',
        deployment: 'llama-a',
        ownerTeam: 'search',
        model: 'llama-3.1-70b',
        dailyCostUsd: '48.3333',
        idleWasteUsd: null,
        capacityTokens: null,
        paidHours: 12,
        served: [],
      },
    ],
    { search: 'Search', ads: 'Ads' },
  ),
];

describe('FOCUS 1.2 conformance of the export', () => {
  it('every column of every kind of row keeps the specification’s rules', () => {
    const rows = allKinds();
    expect(rows.length).toBeGreaterThan(8);
    expect(focusViolations(rows)).toEqual([]);
  });

  it('the checker catches what the specification forbids', () => {
    const [row] = focusRows([gpt4o]);
    const broken: [Partial<FocusRow>, RegExp][] = [
      [{ ChargeCategory: 'usage' }, /ChargeCategory.*expected one of/],
      [{ PricingCategory: 'Discounted' }, /PricingCategory.*expected one of/],
      [{ ChargePeriodEnd: '2026-11-30T00:00:00Z' }, /must be before ChargePeriodEnd/],
      [{ BilledCost: '1e-3' }, /BilledCost.*Decimal/],
      [{ BilledCost: null }, /BilledCost.*must not be null/],
      [{ ChargePeriodStart: '2026-11-30 00:00' }, /ISO 8601/],
      [{ Tags: '["a"]' }, /JSON object/],
      [{ ListCost: '99' }, /ListCost.*ListUnitPrice × PricingQuantity/],
      [{ BillingCurrency: 'usd' }, /ISO 4217/],
      [{ ServiceSubcategory: 'LLM' }, /ServiceSubcategory.*subcategory of AI and Machine Learning/],
      [{ ServiceSubcategory: 'Other (Compute)' }, /ServiceSubcategory.*subcategory of AI and Machine Learning/],
    ];
    for (const [patch, message] of broken)
      expect(focusViolations([{ ...row!, ...patch }]).join('\n'), JSON.stringify(patch)).toMatch(message);
  });
});
