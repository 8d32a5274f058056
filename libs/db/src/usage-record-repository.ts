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

  /**
   * Stores the rows whose (source, id) is new, atomically; returns how many were new. `inTransaction`:
   * the client of a caller's open transaction (DatabasePool.transaction), when the rows must commit
   * together with the caller's other writes.
   */
  async insertBatch(batch: UsageRow[], inTransaction?: PoolClient): Promise<number> {
    const rows = firstOfEachKey(batch);
    if (rows.length === 0) return 0;
    await this.partitions.ensureMonthsFor(rows.map((row) => row.time));
    const work = async (client: PoolClient) => {
      if (!this.staged.has(client)) {
        await client.query(CREATE_STAGING);
        this.staged.add(client);
      }
      await pipeline(Readable.from(copyChunks(rows)), client.query(copyFrom(`COPY usage_records_staging (${COLUMNS}) FROM STDIN`)));
      const result = await client.query(MOVE_NEW_ROWS);
      return result.rowCount ?? 0;
    };
    return inTransaction ? work(inTransaction) : this.db.transaction(work);
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
