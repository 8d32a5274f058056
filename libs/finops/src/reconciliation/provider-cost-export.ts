// What a provider invoiced, read from its own cost export, as lines of day × model (× service tier):
// - OpenAI organization Costs API (`GET /v1/organization/costs`): `{ data: [{ start_time (unix s),
//   results: [{ amount: { value, currency }, line_item, project_id }] }] }`, and the same as CSV
//   (columns start_time, amount_value, amount_currency, line_item, project_id);
// - Anthropic Admin API cost report (`/v1/organizations/cost_report`): `{ data: [{ starting_at,
//   results: [{ amount (a decimal string in CENTS), currency, model, service_tier, context_window,
//   token_type, cost_type, description }] }] }`;
// - an AWS FOCUS export: the rows whose service is Amazon Bedrock (ChargePeriodStart, BilledCost,
//   x_UsageType or ChargeDescription naming the model), or the same from a Cost and Usage Report
//   (CUR 2.0 `line_item_*` or legacy `lineItem/*` columns, unblended cost).
// Bad input is an error naming the field and what was expected.
import { parse } from 'csv-parse/sync';

export const RECONCILIATION_PROVIDERS = ['openai', 'anthropic', 'bedrock'] as const;
export type ReconciliationProvider = (typeof RECONCILIATION_PROVIDERS)[number];

export interface InvoicedLine {
  day: string;
  provider: ReconciliationProvider;
  /** Null for a cost the export does not tie to a model (e.g. an ungrouped OpenAI bucket). */
  model: string | null;
  /** The provider's facts about how the cost arose, as far as the export says. */
  serviceTier: string | null;
  contextWindow: string | null;
  tokenType: string | null;
  description: string | null;
  /** USD, a decimal string. */
  costUsd: string;
}

export class CostExportError extends Error {}

const fail = (path: string, expected: string, got: unknown): never => {
  throw new CostExportError(`${path}: expected ${expected}, got ${JSON.stringify(got)?.slice(0, 80)}`);
};

const DECIMAL = /^-?\d+(\.\d+)?$/;

function decimal(value: unknown, path: string): string {
  const text = typeof value === 'number' && Number.isFinite(value) ? numberText(value) : value;
  if (typeof text !== 'string' || !DECIMAL.test(text.trim())) return fail(path, 'a decimal amount', value);
  return text.trim();
}

/** A JSON number as plain decimal text (no exponent). */
function numberText(value: number): string {
  const text = String(value);
  return /e/i.test(text) ? value.toFixed(12).replace(/\.?0+$/, '') : text;
}

/** Cents (a decimal string) to USD: the decimal point moved two places, exactly. */
export function centsToUsd(cents: string): string {
  const negative = cents.startsWith('-');
  const [whole, fraction = ''] = cents.replace('-', '').split('.');
  const scale = fraction.length + 2;
  const digits = BigInt(whole! + fraction)
    .toString()
    .padStart(scale + 1, '0');
  const usd = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`.replace(/\.?0+$/, '');
  return negative && usd !== '0' ? `-${usd}` : usd;
}

function utcDayOf(value: unknown, path: string): string {
  let time: number;
  if (typeof value === 'number' || (typeof value === 'string' && /^\d{9,11}$/.test(value))) time = Number(value) * 1000;
  else if (typeof value === 'string') time = Date.parse(value);
  else return fail(path, 'a unix time in seconds or an ISO 8601 date-time', value);
  if (!Number.isFinite(time)) return fail(path, 'a unix time in seconds or an ISO 8601 date-time', value);
  return new Date(time).toISOString().slice(0, 10);
}

const record = (value: unknown, path: string): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : fail(path, 'an object', value);

const list = (value: unknown, path: string): unknown[] =>
  Array.isArray(value) ? value : fail(path, 'an array', value);

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;

/** OpenAI's line item, e.g. `gpt-4o-2024-08-06, input` or `gpt-4o-mini, batch output`: the model and a batch flag. */
function openAiLineItem(lineItem: string | null): { model: string | null; serviceTier: string | null } {
  if (lineItem === null) return { model: null, serviceTier: null };
  const [model, kind = ''] = lineItem.split(/,\s*/);
  const tier = /\bbatch\b/i.test(lineItem) ? 'batch' : /\bflex\b/i.test(lineItem) ? 'flex' : null;
  return { model: model!.trim().toLowerCase() || null, serviceTier: tier ?? (kind ? 'standard' : null) };
}

function requireUsd(currency: unknown, path: string): void {
  if (currency !== undefined && currency !== null && String(currency).toUpperCase() !== 'USD')
    fail(path, 'USD (costs are compared in USD)', currency);
}

export function parseOpenAiCostsJson(payload: unknown): InvoicedLine[] {
  const page = record(payload, 'body');
  return list(page.data, 'body.data').flatMap((bucketValue, b) => {
    const bucket = record(bucketValue, `body.data[${b}]`);
    const day = utcDayOf(bucket.start_time, `body.data[${b}].start_time`);
    return list(bucket.results, `body.data[${b}].results`).map((resultValue, r) => {
      const path = `body.data[${b}].results[${r}]`;
      const result = record(resultValue, path);
      const amount = record(result.amount, `${path}.amount`);
      requireUsd(amount.currency, `${path}.amount.currency`);
      const lineItem = text(result.line_item);
      return {
        day,
        provider: 'openai' as const,
        ...openAiLineItem(lineItem),
        contextWindow: null,
        tokenType: null,
        description: lineItem,
        costUsd: decimal(amount.value, `${path}.amount.value`),
      };
    });
  });
}

function csvRecords(body: string, required: readonly string[], what: string): Record<string, string>[] {
  let rows: Record<string, string>[];
  try {
    rows = parse(body, { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    throw new CostExportError(`${what}: not a CSV file (${(error as Error).message})`);
  }
  const header = rows[0] ? Object.keys(rows[0]) : [];
  for (const column of required)
    if (rows.length > 0 && !header.includes(column))
      throw new CostExportError(`${what}: expected a column ${column}, got columns ${header.join(', ')}`);
  return rows;
}

export function parseOpenAiCostsCsv(body: string): InvoicedLine[] {
  return csvRecords(body, ['start_time', 'amount_value'], 'OpenAI costs CSV').map((row, i) => {
    const path = `row ${i + 2}`;
    requireUsd(row.amount_currency, `${path}.amount_currency`);
    const lineItem = text(row.line_item);
    return {
      day: utcDayOf(row.start_time, `${path}.start_time`),
      provider: 'openai' as const,
      ...openAiLineItem(lineItem),
      contextWindow: null,
      tokenType: null,
      description: lineItem,
      costUsd: decimal(row.amount_value, `${path}.amount_value`),
    };
  });
}

export function parseAnthropicCostReport(payload: unknown): InvoicedLine[] {
  const page = record(payload, 'body');
  return list(page.data, 'body.data').flatMap((bucketValue, b) => {
    const bucket = record(bucketValue, `body.data[${b}]`);
    const day = utcDayOf(bucket.starting_at, `body.data[${b}].starting_at`);
    return list(bucket.results, `body.data[${b}].results`).map((resultValue, r) => {
      const path = `body.data[${b}].results[${r}]`;
      const result = record(resultValue, path);
      requireUsd(result.currency, `${path}.currency`);
      return {
        day,
        provider: 'anthropic' as const,
        model: text(result.model),
        serviceTier: text(result.service_tier),
        contextWindow: text(result.context_window),
        tokenType: text(result.token_type),
        description: text(result.description),
        // The cost report's amounts are in cents ("123.45" USD is $1.23).
        costUsd: centsToUsd(decimal(result.amount, `${path}.amount`)),
      };
    });
  });
}

/** Bedrock's usage type, e.g. `USE1-Claude3.5Sonnet-batch-input-tokens`, or the description, names the model. */
function bedrockModel(row: Record<string, string>): string | null {
  const usage = text(row.x_UsageType) ?? text(row.SkuId) ?? text(row.ChargeDescription);
  if (usage === null) return null;
  return (
    usage
      .replace(/^[A-Z]{2,4}\d?-/, '')
      .replace(/-(batch-)?(input|output|cache[-_a-z]*)[-_]tokens?.*$/i, '')
      .trim()
      .toLowerCase() || null
  );
}

/** The columns the Bedrock reader uses, as an AWS FOCUS file names them. */
const FOCUS_NAMES = {
  ChargePeriodStart: 'ChargePeriodStart',
  BilledCost: 'BilledCost',
  ServiceName: 'ServiceName',
  x_ServiceCode: 'x_ServiceCode',
  x_UsageType: 'x_UsageType',
  SkuId: 'SkuId',
  ChargeDescription: 'ChargeDescription',
  BillingCurrency: 'BillingCurrency',
} as const;
type AwsColumns = Record<keyof typeof FOCUS_NAMES, string>;

/** The same columns in a Cost and Usage Report: CUR 2.0, then the legacy CUR's `lineItem/…` names. */
const CUR_NAMES: readonly AwsColumns[] = [
  {
    ChargePeriodStart: 'line_item_usage_start_date',
    BilledCost: 'line_item_unblended_cost',
    ServiceName: 'product_product_name',
    x_ServiceCode: 'line_item_product_code',
    x_UsageType: 'line_item_usage_type',
    SkuId: 'product_sku',
    ChargeDescription: 'line_item_line_item_description',
    BillingCurrency: 'line_item_currency_code',
  },
  {
    ChargePeriodStart: 'lineItem/UsageStartDate',
    BilledCost: 'lineItem/UnblendedCost',
    ServiceName: 'product/ProductName',
    x_ServiceCode: 'lineItem/ProductCode',
    x_UsageType: 'lineItem/UsageType',
    SkuId: 'product/sku',
    ChargeDescription: 'lineItem/LineItemDescription',
    BillingCurrency: 'lineItem/CurrencyCode',
  },
];

/** An AWS FOCUS file, or a CUR 2.0 / legacy CUR file (told apart by their date column). */
export function parseAwsFocusBedrock(body: string): InvoicedLine[] {
  const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
  const names: AwsColumns = CUR_NAMES.find((cur) => firstLine.includes(cur.ChargePeriodStart)) ?? FOCUS_NAMES;
  const required =
    names === FOCUS_NAMES
      ? [names.ChargePeriodStart, names.BilledCost, names.ServiceName]
      : [names.ChargePeriodStart, names.BilledCost, names.x_ServiceCode];
  const what = names === FOCUS_NAMES ? 'AWS FOCUS file' : 'AWS CUR file';
  return csvRecords(body, required, what)
    .map((file, i) => {
      const row = Object.fromEntries(
        Object.entries(names).map(([focus, column]) => [focus, file[column] ?? '']),
      ) as AwsColumns;
      return { row, i };
    })
    .filter(({ row }) => /bedrock/i.test(row.ServiceName) || row.x_ServiceCode === 'AmazonBedrock')
    .map(({ row, i }) => {
      const path = `row ${i + 2}`;
      requireUsd(row.BillingCurrency || undefined, `${path}.${names.BillingCurrency}`);
      const usage = `${row.x_UsageType} ${row.ChargeDescription}`;
      return {
        day: utcDayOf(row.ChargePeriodStart, `${path}.${names.ChargePeriodStart}`),
        provider: 'bedrock' as const,
        model: bedrockModel(row),
        serviceTier: /batch/i.test(usage) ? 'batch' : null,
        contextWindow: null,
        tokenType: null,
        description: text(row.ChargeDescription),
        costUsd: decimal(row.BilledCost, `${path}.${names.BilledCost}`),
      };
    });
}

/** An export by provider and file kind: JSON for the providers' APIs, CSV for OpenAI's CSV and AWS FOCUS. */
export function parseProviderCostExport(provider: string, body: string): InvoicedLine[] {
  const json = body.trimStart().startsWith('{');
  const parsed = (): unknown => {
    try {
      return JSON.parse(body);
    } catch (error) {
      throw new CostExportError(`body: expected JSON (${(error as Error).message})`);
    }
  };
  switch (provider) {
    case 'openai':
      return json ? parseOpenAiCostsJson(parsed()) : parseOpenAiCostsCsv(body);
    case 'anthropic':
      return parseAnthropicCostReport(parsed());
    case 'bedrock':
      return parseAwsFocusBedrock(body);
    default:
      throw new CostExportError(
        `provider: expected one of ${RECONCILIATION_PROVIDERS.join(', ')}, got ${JSON.stringify(provider)}`,
      );
  }
}
