// The ingest hot path. A micro-batch is COPY'd into a per-connection staging table, then one
// statement claims each (source, id) in the usage_event_keys ledger and moves only the rows whose
// key was new into the partitioned usage table — all in one transaction, so a redelivered batch,
// a retry or a duplicate inside the batch is stored once. (COPY parses faster than unnest arrays.)
import { Injectable } from '@nestjs/common';
import { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DatabasePool } from './database-pool';
import { PartitionMaintainer } from './partition-maintainer';

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

const CREATE_STAGING = `CREATE TEMP TABLE IF NOT EXISTS usage_records_staging
  (LIKE usage_records INCLUDING DEFAULTS) ON COMMIT DELETE ROWS`;

const MOVE_NEW_ROWS = `
WITH fresh AS (
  INSERT INTO usage_event_keys (source, id, time)
  SELECT source, id, time FROM usage_records_staging
  ON CONFLICT DO NOTHING
  RETURNING source, id
)
INSERT INTO usage_records (${COLUMNS})
SELECT ${COLUMNS.split(', ').map((column) => `s.${column}`).join(', ')}
FROM usage_records_staging s JOIN fresh f ON f.source = s.source AND f.id = s.id`;

@Injectable()
export class UsageRecordRepository {
  /** Connections that already have their staging table (temp tables live as long as the session). */
  private readonly staged = new WeakSet<PoolClient>();

  constructor(
    private readonly db: DatabasePool,
    private readonly partitions: PartitionMaintainer,
  ) {}

  /** Stores the rows whose (source, id) is new, atomically; returns how many were new. */
  async insertBatch(batch: UsageRow[]): Promise<number> {
    const rows = firstOfEachKey(batch);
    if (rows.length === 0) return 0;
    await this.partitions.ensureMonthsFor(rows.map((row) => row.time));
    return this.db.transaction(async (client) => {
      if (!this.staged.has(client)) {
        await client.query(CREATE_STAGING);
        this.staged.add(client);
      }
      await pipeline(Readable.from(copyChunks(rows)), client.query(copyFrom(`COPY usage_records_staging (${COLUMNS}) FROM STDIN`)));
      const result = await client.query(MOVE_NEW_ROWS);
      return result.rowCount ?? 0;
    });
  }
}

/** Duplicates inside one batch (a client retry landing in the same fetch) are dropped here, not sorted out in SQL. */
function firstOfEachKey(rows: UsageRow[]): UsageRow[] {
  const seen = new Set<string>();
  const unique: UsageRow[] = [];
  for (const row of rows) {
    const key = `${row.source}\u0000${row.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(row);
  }
  return unique;
}

/** COPY text format, 1,000 rows per chunk. */
function* copyChunks(rows: UsageRow[]): Generator<string> {
  for (let start = 0; start < rows.length; start += 1_000) {
    let chunk = '';
    for (const row of rows.slice(start, start + 1_000)) {
      chunk += `${text(row.source)}\t${text(row.id)}\t${row.time.toISOString()}\t${text(row.team)}\t${text(row.project)}\t${text(JSON.stringify(row.tags))}\t${text(row.provider)}\t${text(row.model)}\t${text(row.deployment)}\t${row.inputTokens}\t${row.cachedInputTokens}\t${row.cacheWriteTokens}\t${row.outputTokens}\t${row.reasoningTokens}\t${row.requests}\t${text(row.costUsd)}\t${text(row.priceVersion)}\n`;
    }
    yield chunk;
  }
}

/** A value in COPY's text format: \N for null; backslash, tab, newline and carriage return escaped. */
function text(value: string | null): string {
  if (value === null) return '\\N';
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!) : value;
}
