// Usage rows as the ingest write path sends them to Postgres: COPY text, one ledger line and one
// usage_facts line per row, and the batch's distinct dimensions (usage_dimensions' fields) once each.
// Pure, so the ingest consumer can encode in a worker thread and hand the main thread nothing but keys
// and bytes; the main thread only puts each fact's dimension id in front of its line.
import { hash } from 'node:crypto';
import type { UsageRecord } from '@tokenmeter/contracts';
import { CopyLines, CopyLinesWriter, lineCount, pickLines } from './copy-lines';
import { copyText as text } from './copy-text';
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
  /** `usage_event_keys (key)` in COPY text format, one line per row. */
  keyLines: CopyLines;
  /** `usage_dimensions (USAGE_DIMENSION_COPY_COLUMNS)` in COPY text format: each distinct one once. */
  dimensionLines: CopyLines;
  /** Row i's dimension: an index into dimensionLines. */
  dimensionOf: Uint32Array;
  /** `usage_facts (USAGE_FACT_COPY_COLUMNS)` in COPY text format without the leading dimension id. */
  factLines: CopyLines;
  /** The UTC months the rows fall in, as year × 12 + month index, for the partitions they need. */
  months: number[];
}

/** usage_dimensions' text columns in the order dimensionLine writes them (the key is computed in SQL). */
export const USAGE_DIMENSION_COPY_COLUMNS =
  'source, team, project, tags, provider, model, deployment, price_version, service_tier, price_rules, api_key_id';

/** usage_facts' columns in COPY order: the dimension id (added by the writer), then what factLine writes. */
export const USAGE_FACT_COPY_COLUMNS =
  'dimension_id, id, time, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, ' +
  'reasoning_tokens, requests, cost_usd';

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
  return lineCount(rows.factLines);
}

/**
 * encodeUsageRows one row at a time: each row is written as COPY bytes as it is added, so a caller
 * that makes rows on the fly (the ingest decoder) keeps only each row's key, not its objects and
 * lines, until the batch is complete.
 */
export class UsageCopyRowsBuilder {
  private keys = new Uint32Array(1_024 * WORDS_PER_KEY);
  private dimensionOf = new Uint32Array(1_024);
  private count = 0;
  private readonly keyLines = new CopyLinesWriter(1_024, 40);
  private readonly factLines = new CopyLinesWriter(1_024, 120);
  private readonly dimensionLines = new CopyLinesWriter(64, 160);
  /** Dimension line → its index in dimensionLines: a batch repeats a few dimensions many times. */
  private readonly dimensions = new Map<string, number>();
  private readonly months = new Set<number>();

  /** `isoTime`: row.time as toISOString writes it, when the caller has it already. */
  add(row: UsageRow, isoTime?: string): void {
    const time = isoTime ?? row.time.toISOString();
    const digest = eventDigest(row.team, row.source, row.id);
    if ((this.count + 1) * WORDS_PER_KEY > this.keys.length) {
      const grown = new Uint32Array(this.keys.length * 2);
      grown.set(this.keys);
      this.keys = grown;
      const grownDimensions = new Uint32Array(this.dimensionOf.length * 2);
      grownDimensions.set(this.dimensionOf);
      this.dimensionOf = grownDimensions;
    }
    const dimension = dimensionLine(row);
    let dimensionIndex = this.dimensions.get(dimension);
    if (dimensionIndex === undefined) {
      dimensionIndex = this.dimensionLines.length;
      this.dimensions.set(dimension, dimensionIndex);
      this.dimensionLines.push(dimension);
    }
    this.dimensionOf[this.count] = dimensionIndex;
    writeKeyWords(digest, this.keys, this.count++);
    this.keyLines.push(`${digest.slice(0, 32)}\n`);
    this.factLines.push(factLine(row, time));
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
        dimensionLines: this.dimensionLines.finish(),
        dimensionOf: Uint32Array.from(order, (index) => this.dimensionOf[index]!),
        factLines: pickLines(this.factLines.finish(), order),
        months: [...this.months],
      },
      order,
    };
  }
}

/** The rows at `indexes`, in that order (dimensions and months are kept: a superset does no harm). */
export function pickUsageRows(rows: UsageCopyRows, indexes: number[]): UsageCopyRows {
  return {
    keys: pickKeys(rows.keys, indexes),
    keyLines: pickLines(rows.keyLines, indexes),
    dimensionLines: rows.dimensionLines,
    dimensionOf: Uint32Array.from(indexes, (index) => rows.dimensionOf[index]!),
    factLines: pickLines(rows.factLines, indexes),
    months: rows.months,
  };
}

/**
 * The usage_facts lines of the rows at `indexes` (all rows when omitted), each after its dimension's id;
 * `dimensionIds[d]`: the id of dimensionLines' line d.
 */
export function factLinesWithDimensions(
  rows: UsageCopyRows,
  dimensionIds: ArrayLike<number>,
  indexes: readonly number[] = Array.from({ length: usageRowCount(rows) }, (_, i) => i),
): CopyLines {
  // One prefix string per dimension, not one per row.
  const prefixes = Array.from({ length: dimensionIds.length }, (_, d) => `${dimensionIds[d]}\t`);
  return pickLines(rows.factLines, indexes, (position) => prefixes[rows.dimensionOf[indexes[position]!]!]!);
}

/** The buffers of a batch, to move it to another thread instead of copying it. */
export function usageRowsTransferList(rows: UsageCopyRows): ArrayBuffer[] {
  return [
    rows.keys.buffer,
    rows.keyLines.bytes.buffer,
    rows.keyLines.ends.buffer,
    rows.dimensionLines.bytes.buffer,
    rows.dimensionLines.ends.buffer,
    rows.dimensionOf.buffer,
    rows.factLines.bytes.buffer,
    rows.factLines.ends.buffer,
  ] as ArrayBuffer[];
}

function dimensionLine(row: UsageRow): string {
  return (
    `${text(row.source)}\t${text(row.team)}\t${text(row.project)}\t${text(JSON.stringify(row.tags))}\t` +
    `${text(row.provider)}\t${text(row.model)}\t${text(row.deployment)}\t${text(row.priceVersion)}\t` +
    `${text(row.serviceTier ?? null)}\t${text(row.priceRules ?? null)}\t${text(row.apiKeyId ?? null)}\n`
  );
}

function factLine(row: UsageRow, time: string): string {
  return (
    `${text(row.id)}\t${time}\t${row.inputTokens}\t${row.cachedInputTokens}\t${row.cacheWriteTokens}\t` +
    `${row.outputTokens}\t${row.reasoningTokens}\t${row.requests}\t${text(row.costUsd)}\n`
  );
}
