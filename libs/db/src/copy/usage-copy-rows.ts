// Usage rows as the ingest write path sends them to Postgres: COPY text, one ledger line and one
// usage_records line per row. Pure, so the ingest consumer can encode in a worker thread and hand
// the main thread nothing but keys and bytes.
import { hash } from 'node:crypto';
import { USAGE_RECORD_COLUMNS, type UsageRecord } from '@tokenmeter/contracts';
import { CopyLines, CopyLinesWriter, lineCount, pickLines } from './copy-lines';
import { compareKeys, pickKeys, WORDS_PER_KEY, writeKeyWords } from './ledger-key-words';

/** A usage record as stored: `costUsd` is null when no price was known. */
export interface UsageRow extends Omit<UsageRecord, 'time' | 'provider' | 'priceVersion'> {
  time: Date;
  provider: string;
  priceVersion: string | null;
}

/** How a record was priced (libs/finops UsageCost): the cost, the entry that produced it, its rules. */
export interface UsageRowCost {
  costUsd: string | null;
  priceVersion: string | null;
  priceRules?: string | null;
}

/**
 * A decoded record as stored: its parsed time, its price, and the API key that signed it (null: unsigned).
 * Every field is named (no `...record`): a spread followed by overrides builds a slow dictionary-mode object,
 * which cost the ingest decode thread about 2.7 µs an event.
 */
export function usageRowOf(record: UsageRecord, time: Date, cost: UsageRowCost, apiKeyId: string | null): UsageRow {
  return {
    source: record.source,
    id: record.id,
    time,
    team: record.team,
    project: record.project ?? null,
    tags: record.tags ?? {},
    provider: record.provider,
    model: record.model,
    deployment: record.deployment ?? null,
    inputTokens: record.inputTokens,
    cachedInputTokens: record.cachedInputTokens,
    cacheWriteTokens: record.cacheWriteTokens,
    outputTokens: record.outputTokens,
    reasoningTokens: record.reasoningTokens,
    requests: record.requests,
    costUsd: cost.costUsd,
    priceVersion: cost.priceVersion,
    serviceTier: record.serviceTier,
    cacheWrite1hTokens: record.cacheWrite1hTokens,
    priceRules: cost.priceRules ?? null,
    apiKeyId,
  };
}

/**
 * A batch ready for COPY, column-wise. Keys are unique and sorted, so two batches that share keys
 * (consumers of different partitions) claim them in the same order and wait for each other instead
 * of deadlocking.
 */
export interface UsageCopyRows {
  /** Each row's ledger key as four words (ledger-key-words.ts): one buffer, moved between threads. */
  keys: Uint32Array;
  /** `usage_event_keys (key, time)` in COPY text format, one line per row. */
  keyLines: CopyLines;
  /** `usage_records (USAGE_COPY_COLUMNS)` in COPY text format, one line per row. */
  rowLines: CopyLines;
  /** The UTC months the rows fall in, as year × 12 + month index, for the partitions they need. */
  months: number[];
}

/** usage_records' columns in COPY order: the record's fields, snake_case. rowLine writes them in this order. */
export const USAGE_COPY_COLUMNS = USAGE_RECORD_COLUMNS.map((field) =>
  field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
).join(', ');

/** SHA-256 of (team, NUL, source, NUL, id) in hex; its first 32 digits are the event's ledgerKey. */
export function eventDigest(team: string, source: string, id: string): string {
  return hash('sha256', `${team}\u0000${source}\u0000${id}`, 'hex');
}

/**
 * The usage_event_keys key of an event: the first 128 bits of SHA-256(team, NUL, source, NUL, id), as
 * the 32 hex digits Postgres reads as a uuid (its migration computes the same in SQL). The team is
 * in it so that idempotency is per team: another team sending the same (source, id) first cannot
 * have this team's event dropped as a duplicate.
 */
export function ledgerKey(team: string, source: string, id: string): string {
  return eventDigest(team, source, id).slice(0, 32);
}

/**
 * Encodes rows for COPY. A key repeated inside the batch (a client retry landing in the same fetch)
 * keeps its first row. `order[i]` is the index in `rows` of the i-th encoded row.
 */
export function encodeUsageRows(rows: UsageRow[]): { encoded: UsageCopyRows; order: number[] } {
  const builder = new UsageCopyRowsBuilder();
  for (const row of rows) builder.add(row);
  return builder.build();
}

/** Rows in a batch. */
export function usageRowCount(rows: UsageCopyRows): number {
  return lineCount(rows.rowLines);
}

/**
 * encodeUsageRows one row at a time: each row is written as COPY bytes as it is added, so a caller
 * that makes rows on the fly (the ingest decoder) keeps only each row's key, not its objects and
 * lines, until the batch is complete.
 */
export class UsageCopyRowsBuilder {
  private keys = new Uint32Array(1_024 * WORDS_PER_KEY);
  private count = 0;
  private readonly keyLines = new CopyLinesWriter(1_024, 64);
  private readonly rowLines = new CopyLinesWriter(1_024, 320);
  private readonly months = new Set<number>();

  /** `isoTime`: row.time as toISOString writes it, when the caller has it already. */
  add(row: UsageRow, isoTime?: string): void {
    const time = isoTime ?? row.time.toISOString();
    const digest = eventDigest(row.team, row.source, row.id);
    if ((this.count + 1) * WORDS_PER_KEY > this.keys.length) {
      const grown = new Uint32Array(this.keys.length * 2);
      grown.set(this.keys);
      this.keys = grown;
    }
    writeKeyWords(digest, this.keys, this.count++);
    this.keyLines.push(`${digest.slice(0, 32)}\t${time}\n`);
    this.rowLines.push(rowLine(row, time));
    this.months.add(row.time.getUTCFullYear() * 12 + row.time.getUTCMonth());
  }

  /** The rows sorted by key, each key once (its first row); `order[i]`: the add() index of row i. */
  build(): { encoded: UsageCopyRows; order: number[] } {
    const { keys } = this;
    // Sorted by key, and by arrival among equal keys, so the first of a repeated key comes first.
    const sorted = Array.from({ length: this.count }, (_, i) => i).sort(
      (a, b) => compareKeys(keys, a, keys, b) || a - b,
    );
    const order = sorted.filter((index, i) => i === 0 || compareKeys(keys, index, keys, sorted[i - 1]!) !== 0);
    return {
      encoded: {
        keys: pickKeys(keys, order),
        keyLines: pickLines(this.keyLines.finish(), order),
        rowLines: pickLines(this.rowLines.finish(), order),
        months: [...this.months],
      },
      order,
    };
  }
}

/** The rows at `indexes`, in that order (months are kept: a superset does no harm). */
export function pickUsageRows(rows: UsageCopyRows, indexes: number[]): UsageCopyRows {
  return {
    keys: pickKeys(rows.keys, indexes),
    keyLines: pickLines(rows.keyLines, indexes),
    rowLines: pickLines(rows.rowLines, indexes),
    months: rows.months,
  };
}

/** The buffers of a batch, to move it to another thread instead of copying it. */
export function usageRowsTransferList(rows: UsageCopyRows): ArrayBuffer[] {
  return [
    rows.keys.buffer,
    rows.keyLines.bytes.buffer,
    rows.keyLines.ends.buffer,
    rows.rowLines.bytes.buffer,
    rows.rowLines.ends.buffer,
  ] as ArrayBuffer[];
}

function rowLine(row: UsageRow, time: string): string {
  return (
    `${text(row.source)}\t${text(row.id)}\t${time}\t${text(row.team)}\t${text(row.project)}\t` +
    `${text(JSON.stringify(row.tags))}\t${text(row.provider)}\t${text(row.model)}\t${text(row.deployment)}\t` +
    `${row.inputTokens}\t${row.cachedInputTokens}\t${row.cacheWriteTokens}\t${row.outputTokens}\t` +
    `${row.reasoningTokens}\t${row.requests}\t${text(row.costUsd)}\t${text(row.priceVersion)}\t` +
    `${text(row.serviceTier ?? null)}\t${text(row.priceRules ?? null)}\t${text(row.apiKeyId ?? null)}\n`
  );
}

/** A value in COPY's text format: \N for null; backslash, tab, newline and carriage return escaped. */
function text(value: string | null): string {
  if (value === null) return '\\N';
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!)
    : value;
}
