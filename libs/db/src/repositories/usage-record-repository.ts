// The ingest hot path. Each (source, id) is claimed in the usage_event_keys ledger and only rows
// whose key was new reach the partitioned usage_facts table (after their dimensions' ids are known,
// usage-dimension-repository.ts), in one transaction, so a redelivered batch,
// a retry or a duplicate inside the batch is stored once. Duplicates are rare, so a batch is first
// written optimistically with two COPYs (the fastest way in); only when the ledger refuses a key
// that is already there is the batch redone with INSERT … ON CONFLICT DO NOTHING to sort it out;
// keys this process committed lately are dropped up front, so a client's retry does not cause that.

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DatabasePool } from '../client/database-pool';
import { CopyLines, copyChunks, lineCount, pickLines } from '../copy/copy-lines';
import { RecentKeys } from '../copy/recent-keys';
import {
  encodeUsageRows,
  factLinesWithDimensions,
  pickUsageRows,
  USAGE_FACT_COPY_COLUMNS,
  UsageCopyRows,
  UsageRow,
  usageRowCount,
} from '../copy/usage-copy-rows';
import { PartitionMaintainer } from './partition-maintainer';
import { UsageDimensionRepository } from './usage-dimension-repository';

const COPY_KEYS = 'COPY usage_event_keys (key) FROM STDIN';
const COPY_FACTS = `COPY usage_facts (${USAGE_FACT_COPY_COLUMNS}) FROM STDIN`;
// The careful path stages the keys with their position, claims the free ones in that (sorted)
// order, and learns which positions it got.
const CREATE_CLAIM_TABLE = `CREATE TEMP TABLE IF NOT EXISTS usage_key_claims
  (ord int NOT NULL, key uuid NOT NULL) ON COMMIT DELETE ROWS`;
const COPY_CLAIMS = 'COPY usage_key_claims (ord, key) FROM STDIN';
const CLAIM_KEYS = `
WITH claimed AS (
  INSERT INTO usage_event_keys (key)
  SELECT key FROM usage_key_claims ORDER BY ord
  ON CONFLICT DO NOTHING
  RETURNING key
)
SELECT c.ord FROM usage_key_claims c JOIN claimed USING (key) ORDER BY c.ord`;
const LEDGER_KEY_CONSTRAINT = 'usage_event_keys_pkey';
/** About 20–40 MB of keys: minutes of traffic at tens of thousands of events per second. */
const RECENT_KEYS = 200_000;

@Injectable()
export class UsageRecordRepository {
  private readonly recentKeys = new RecentKeys(RECENT_KEYS);
  /** Connections that already have their claim table (temp tables live as long as the session). */
  private readonly withClaimTable = new WeakSet<PoolClient>();

  constructor(
    private readonly db: DatabasePool,
    private readonly partitions: PartitionMaintainer,
    private readonly dimensions: UsageDimensionRepository,
  ) {}

  /**
   * Stores the rows whose (source, id) is new, atomically; returns how many were new. `inTransaction`:
   * the client of a caller's open transaction (DatabasePool.transaction), when the rows must commit
   * together with the caller's other writes.
   */
  insertBatch(rows: UsageRow[], inTransaction?: PoolClient): Promise<number> {
    return this.insertEncoded(encodeUsageRows(rows).encoded, inTransaction);
  }

  /** insertBatch for rows already encoded (the ingest consumer encodes in a worker thread). */
  async insertEncoded(batch: UsageCopyRows, inTransaction?: PoolClient): Promise<number> {
    const count = usageRowCount(batch);
    const unseen: number[] = [];
    for (let i = 0; i < count; i++) if (!this.recentKeys.has(batch.keys, i)) unseen.push(i);
    if (unseen.length === 0) return 0;
    const rows = unseen.length === count ? batch : pickUsageRows(batch, unseen);
    await this.partitions.ensureMonths(rows.months);
    // A caller's transaction cannot be retried from here (nor known to commit), so it takes the
    // path that never fails on a duplicate, and its keys are not remembered.
    if (inTransaction) {
      return this.insertNewKeys(inTransaction, rows, await this.dimensions.idsOf(rows.dimensionLines, inTransaction));
    }
    // Committed before the facts' transaction starts: a fact never refers to a dimension that may roll back.
    const dimensionIds = await this.dimensions.idsOf(rows.dimensionLines);
    let stored: number;
    try {
      stored = await this.db.transaction((client) => insertAllAsNew(client, rows, dimensionIds));
    } catch (error) {
      if (!isLedgerConflict(error)) throw error;
      stored = await this.db.transaction((client) => this.insertNewKeys(client, rows, dimensionIds));
    }
    for (let i = 0; i < unseen.length; i++) this.recentKeys.add(rows.keys, i);
    return stored;
  }

  /** The careful path: claims the keys that are free and stores only their rows. */
  private async insertNewKeys(client: PoolClient, rows: UsageCopyRows, dimensionIds: Int32Array): Promise<number> {
    if (!this.withClaimTable.has(client)) {
      await client.query(CREATE_CLAIM_TABLE);
      this.withClaimTable.add(client);
    }
    const positions = Array.from({ length: usageRowCount(rows) }, (_, i) => i);
    await copyIn(
      client,
      COPY_CLAIMS,
      pickLines(rows.keyLines, positions, (i) => `${i}\t`),
    );
    const claimed = await client.query<{ ord: number }>(CLAIM_KEYS);
    await copyIn(
      client,
      COPY_FACTS,
      factLinesWithDimensions(
        rows,
        dimensionIds,
        claimed.rows.map(({ ord }) => ord),
      ),
    );
    return claimed.rows.length;
  }

  /**
   * A deployment's self-hosted tokens per UTC hour in [from, to), exact counters winning: in any
   * hour where the deployment has counter-based rows (`basis: counter`, from the metrics scraper),
   * its log-estimate rows (`basis: log-estimate`, from vLLM stats lines) are ignored; hours without
   * counter rows use the log estimates. (The same rule as `kept` in usage-rollup-day-sync.ts.)
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
    -- Only rows TokenMeter wrote for this deployment (sources clients may not use, see
    -- SELF_HOSTED_SOURCE_PATTERN), of the deployment's own team: a client event naming the
    -- deployment, or tagged basis=counter, changes nothing here.
    AND source IN ('vllm-metrics:' || $1, 'vllm-log:' || $1, tags->>'engine' || '-log:' || $1)
    AND team = coalesce((SELECT d.team FROM deployments d WHERE d.name = $1), team)
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
async function insertAllAsNew(client: PoolClient, rows: UsageCopyRows, dimensionIds: Int32Array): Promise<number> {
  await copyIn(client, COPY_KEYS, rows.keyLines);
  await copyIn(client, COPY_FACTS, factLinesWithDimensions(rows, dimensionIds));
  return usageRowCount(rows);
}

function isLedgerConflict(error: unknown): boolean {
  const { code, constraint } = (error ?? {}) as { code?: string; constraint?: string };
  return code === '23505' && constraint === LEDGER_KEY_CONSTRAINT;
}

async function copyIn(client: PoolClient, statement: string, lines: CopyLines): Promise<void> {
  if (lineCount(lines) === 0) return;
  await pipeline(Readable.from(copyChunks(lines)), client.query(copyFrom(statement)));
}
