// Usage rows as the ingest write path sends them to Postgres: COPY text, one ledger line and one
// usage_records line per row. Pure, so the ingest consumer can encode in a worker thread and hand
// the main thread nothing but strings.

export interface UsageRow {
  source: string;
  id: string;
  time: Date;
  team: string;
  project: string | null;
  tags: Record<string, string>;
  provider: string;
  model: string;
  deployment: string | null;
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  requests: number;
  /** Decimal string; null when no price was known. */
  costUsd: string | null;
  priceVersion: string | null;
}

/**
 * A batch ready for COPY, column-wise. Keys are unique and sorted, so two batches that share keys
 * (consumers of different partitions) claim them in the same order and wait for each other instead
 * of deadlocking.
 */
export interface UsageCopyRows {
  /** The ledger key of each row (see ledgerKey). */
  keys: string[];
  /** `usage_event_keys (source, id, time)` in COPY text format, one line per row. */
  keyLines: string[];
  /** `usage_records (USAGE_COPY_COLUMNS)` in COPY text format, one line per row. */
  rowLines: string[];
  /** The UTC months the rows fall in, as year × 12 + month index, for the partitions they need. */
  months: number[];
}

export const USAGE_COPY_COLUMNS = [
  'source', 'id', 'time', 'team', 'project', 'tags', 'provider', 'model', 'deployment', 'input_tokens',
  'cached_input_tokens', 'cache_write_tokens', 'output_tokens', 'reasoning_tokens', 'requests', 'cost_usd', 'price_version',
].join(', ');

export function ledgerKey(source: string, id: string): string {
  return `${source}\u0000${id}`;
}

/**
 * Encodes rows for COPY. A key repeated inside the batch (a client retry landing in the same fetch)
 * keeps its first row. `order[i]` is the index in `rows` of the i-th encoded row.
 */
export function encodeUsageRows(rows: UsageRow[]): { encoded: UsageCopyRows; order: number[] } {
  const firstByKey = new Map<string, number>();
  rows.forEach((row, index) => {
    const key = ledgerKey(row.source, row.id);
    if (!firstByKey.has(key)) firstByKey.set(key, index);
  });
  const keys = [...firstByKey.keys()].sort();
  const order = keys.map((key) => firstByKey.get(key)!);
  const keyLines: string[] = [];
  const rowLines: string[] = [];
  const months = new Set<number>();
  for (const index of order) {
    const row = rows[index];
    const time = row.time.toISOString();
    keyLines.push(`${text(row.source)}\t${text(row.id)}\t${time}\n`);
    rowLines.push(rowLine(row, time));
    months.add(row.time.getUTCFullYear() * 12 + row.time.getUTCMonth());
  }
  return { encoded: { keys, keyLines, rowLines, months: [...months] }, order };
}

/** The rows at `indexes`, in that order (months are kept: a superset does no harm). */
export function pickUsageRows(rows: UsageCopyRows, indexes: number[]): UsageCopyRows {
  return {
    keys: indexes.map((i) => rows.keys[i]),
    keyLines: indexes.map((i) => rows.keyLines[i]),
    rowLines: indexes.map((i) => rows.rowLines[i]),
    months: rows.months,
  };
}

function rowLine(row: UsageRow, time: string): string {
  return `${text(row.source)}\t${text(row.id)}\t${time}\t${text(row.team)}\t${text(row.project)}\t${text(JSON.stringify(row.tags))}\t${text(row.provider)}\t${text(row.model)}\t${text(row.deployment)}\t${row.inputTokens}\t${row.cachedInputTokens}\t${row.cacheWriteTokens}\t${row.outputTokens}\t${row.reasoningTokens}\t${row.requests}\t${text(row.costUsd)}\t${text(row.priceVersion)}\n`;
}

/** A value in COPY's text format: \N for null; backslash, tab, newline and carriage return escaped. */
function text(value: string | null): string {
  if (value === null) return '\\N';
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!) : value;
}
