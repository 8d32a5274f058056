// The ingest hot path. Each (source, id) is claimed in the usage_event_keys ledger and only rows
// whose key was new reach the partitioned usage table, in one transaction, so a redelivered batch,
// a retry or a duplicate inside the batch is stored once. Duplicates are rare, so a batch is first
// written optimistically with two COPYs (the fastest way in); only when the ledger refuses a key
// that is already there is the batch redone with INSERT … ON CONFLICT DO NOTHING to sort it out;
// keys this process committed lately are dropped up front, so a client's retry does not cause that.
import { Injectable } from '@nestjs/common';
import { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DatabasePool } from './database-pool';
import { PartitionMaintainer } from './partition-maintainer';
import { RecentKeys } from './recent-keys';

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

const COLUMNS = [
  'source', 'id', 'time', 'team', 'project', 'tags', 'provider', 'model', 'deployment', 'input_tokens',
  'cached_input_tokens', 'cache_write_tokens', 'output_tokens', 'reasoning_tokens', 'requests', 'cost_usd', 'price_version',
].join(', ');

const COPY_KEYS = 'COPY usage_event_keys (source, id, time) FROM STDIN';
const COPY_ROWS = `COPY usage_records (${COLUMNS}) FROM STDIN`;
const CLAIM_KEYS = `
INSERT INTO usage_event_keys (source, id, time)
SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[])
ON CONFLICT DO NOTHING
RETURNING source, id`;
const LEDGER_KEY_CONSTRAINT = 'usage_event_keys_pkey';
/** About 20–40 MB of keys: minutes of traffic at tens of thousands of events per second. */
const RECENT_KEYS = 200_000;

@Injectable()
export class UsageRecordRepository {
  private readonly recentKeys = new RecentKeys(RECENT_KEYS);

  constructor(
    private readonly db: DatabasePool,
    private readonly partitions: PartitionMaintainer,
  ) {}

  /**
   * Stores the rows whose (source, id) is new, atomically; returns how many were new. `inTransaction`:
   * the client of a caller's open transaction (DatabasePool.transaction), when the rows must commit
   * together with the caller's other writes.
   */
  async insertBatch(batch: UsageRow[], inTransaction?: PoolClient): Promise<number> {
    const rows = firstOfEachKeySorted(batch).filter((row) => !this.recentKeys.has(ledgerKey(row.source, row.id)));
    if (rows.length === 0) return 0;
    await this.partitions.ensureMonthsFor(rows.map((row) => row.time));
    // A caller's transaction cannot be retried from here (nor known to commit), so it takes the
    // path that never fails on a duplicate, and its keys are not remembered.
    if (inTransaction) return insertNewKeys(inTransaction, rows);
    let stored: number;
    try {
      stored = await this.db.transaction((client) => insertAllAsNew(client, rows));
    } catch (error) {
      if (!isLedgerConflict(error)) throw error;
      stored = await this.db.transaction((client) => insertNewKeys(client, rows));
    }
    for (const row of rows) this.recentKeys.add(ledgerKey(row.source, row.id));
    return stored;
  }

  /**
   * A deployment's self-hosted tokens per UTC hour in [from, to), exact counters winning: in any
   * hour where the deployment has counter-based rows (`basis: counter`, from the metrics scraper),
   * its log-estimate rows (`basis: log-estimate`, from vLLM stats lines) are ignored; hours without
   * counter rows use the log estimates. (The same rule as the rollups' KEPT_USAGE_OF_DAY.)
   */
  async selfHostedTokensByHour(deployment: string, from: Date, to: Date): Promise<SelfHostedHour[]> {
    const { rows } = await this.db.query<{
      hour: Date;
      basis: SelfHostedHour['basis'];
      input_tokens: bigint;
      output_tokens: bigint;
      requests: bigint;
      records: number;
    }>(SELF_HOSTED_BY_HOUR, [deployment, from.toISOString(), to.toISOString()]);
    return rows.map((row) => ({
      hour: row.hour,
      basis: row.basis,
      inputTokens: row.input_tokens,
      outputTokens: row.output_tokens,
      requests: row.requests,
      records: row.records,
    }));
  }
}

export interface SelfHostedHour {
  /** Start of the UTC hour. */
  hour: Date;
  /** Which rows the totals come from. */
  basis: 'counter' | 'log-estimate';
  inputTokens: bigint;
  outputTokens: bigint;
  requests: bigint;
  /** Usage rows summed. */
  records: number;
}

const SELF_HOSTED_BY_HOUR = `
WITH candidate AS (
  SELECT date_trunc('hour', time, 'UTC') AS hour, tags->>'basis' AS basis, input_tokens, output_tokens, requests
  FROM usage_records
  WHERE provider = 'self-hosted' AND deployment = $1 AND time >= $2::timestamptz AND time < $3::timestamptz
    AND tags->>'basis' IN ('counter', 'log-estimate')
),
chosen AS (
  SELECT hour, CASE WHEN bool_or(basis = 'counter') THEN 'counter' ELSE 'log-estimate' END AS basis
  FROM candidate GROUP BY hour
)
SELECT c.hour, c.basis, sum(r.input_tokens)::int8 AS input_tokens, sum(r.output_tokens)::int8 AS output_tokens,
  sum(r.requests)::int8 AS requests, count(*)::int AS records
FROM chosen c JOIN candidate r ON r.hour = c.hour AND r.basis = c.basis
GROUP BY c.hour, c.basis
ORDER BY c.hour`;

/** The fast path: every key is assumed new; the ledger's primary key fails the COPY if one is not. */
async function insertAllAsNew(client: PoolClient, rows: UsageRow[]): Promise<number> {
  const times = rows.map((row) => row.time.toISOString());
  await copyIn(client, COPY_KEYS, rows, (row, i) => `${text(row.source)}\t${text(row.id)}\t${times[i]}\n`);
  await copyIn(client, COPY_ROWS, rows, (row, i) => rowLine(row, times[i]));
  return rows.length;
}

/** The careful path: claims the keys that are free and stores only their rows. */
async function insertNewKeys(client: PoolClient, rows: UsageRow[]): Promise<number> {
  const times = rows.map((row) => row.time.toISOString());
  const claimed = await client.query<{ source: string; id: string }>(CLAIM_KEYS, [rows.map((row) => row.source), rows.map((row) => row.id), times]);
  const fresh = new Set(claimed.rows.map((key) => ledgerKey(key.source, key.id)));
  const kept = rows.map((row, i) => ({ row, time: times[i] })).filter(({ row }) => fresh.has(ledgerKey(row.source, row.id)));
  await copyIn(client, COPY_ROWS, kept, ({ row, time }) => rowLine(row, time));
  return kept.length;
}

function isLedgerConflict(error: unknown): boolean {
  const { code, constraint } = (error ?? {}) as { code?: string; constraint?: string };
  return code === '23505' && constraint === LEDGER_KEY_CONSTRAINT;
}

/** COPY in text format, 1,000 lines per chunk. */
async function copyIn<T>(client: PoolClient, statement: string, items: T[], line: (item: T, index: number) => string): Promise<void> {
  if (items.length === 0) return;
  function* chunks() {
    for (let start = 0; start < items.length; start += 1_000) {
      let chunk = '';
      for (let i = start; i < Math.min(start + 1_000, items.length); i++) chunk += line(items[i], i);
      yield chunk;
    }
  }
  await pipeline(Readable.from(chunks()), client.query(copyFrom(statement)));
}

function ledgerKey(source: string, id: string): string {
  return `${source}\u0000${id}`;
}

/**
 * Duplicates inside one batch (a client retry landing in the same fetch) are dropped here, so the
 * ledger sees each key once; the rest is sorted by key so that two batches sharing keys (consumers
 * of different partitions) claim them in the same order and wait for each other instead of deadlocking.
 */
function firstOfEachKeySorted(rows: UsageRow[]): UsageRow[] {
  const byKey = new Map<string, UsageRow>();
  for (const row of rows) {
    const key = ledgerKey(row.source, row.id);
    if (!byKey.has(key)) byKey.set(key, row);
  }
  return [...byKey.keys()].sort().map((key) => byKey.get(key)!);
}

function rowLine(row: UsageRow, time: string): string {
  return `${text(row.source)}\t${text(row.id)}\t${time}\t${text(row.team)}\t${text(row.project)}\t${text(JSON.stringify(row.tags))}\t${text(row.provider)}\t${text(row.model)}\t${text(row.deployment)}\t${row.inputTokens}\t${row.cachedInputTokens}\t${row.cacheWriteTokens}\t${row.outputTokens}\t${row.reasoningTokens}\t${row.requests}\t${text(row.costUsd)}\t${text(row.priceVersion)}\n`;
}

/** A value in COPY's text format: \\N for null; backslash, tab, newline and carriage return escaped. */
function text(value: string | null): string {
  if (value === null) return '\\N';
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!) : value;
}
