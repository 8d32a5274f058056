// The ingest hot path: one statement per micro-batch. (source, id) is claimed in the
// usage_event_keys ledger first; only rows whose key was new reach the partitioned usage table,
// so a redelivered batch, a retry or a duplicate inside the batch is stored once.
import { Injectable } from '@nestjs/common';
import { DatabasePool } from './database-pool';
import { PartitionMaintainer } from './partition-maintainer';
import type { SqlExecutor } from './sql-executor';

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

const INSERT_BATCH = `
WITH input AS (
  SELECT *
  FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::jsonb[], $7::text[],
              $8::text[], $9::text[], $10::int8[], $11::int8[], $12::int8[], $13::int8[], $14::int8[],
              $15::int4[], $16::numeric[], $17::text[])
    AS t(source, id, time, team, project, tags, provider, model, deployment, input_tokens,
         cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, requests, cost_usd, price_version)
),
fresh AS (
  INSERT INTO usage_event_keys (source, id, time)
  SELECT source, id, time FROM input
  ON CONFLICT DO NOTHING
  RETURNING source, id
)
INSERT INTO usage_records (source, id, time, team, project, tags, provider, model, deployment, input_tokens,
  cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, requests, cost_usd, price_version)
SELECT i.source, i.id, i.time, i.team, i.project, i.tags, i.provider, i.model, i.deployment, i.input_tokens,
  i.cached_input_tokens, i.cache_write_tokens, i.output_tokens, i.reasoning_tokens, i.requests, i.cost_usd, i.price_version
FROM input i JOIN fresh f ON f.source = i.source AND f.id = i.id`;

@Injectable()
export class UsageRecordRepository {
  constructor(
    private readonly db: DatabasePool,
    private readonly partitions: PartitionMaintainer,
  ) {}

  /**
   * Stores the rows whose (source, id) is new, atomically; returns how many were new. `executor`:
   * a transaction's client, when the rows must commit together with other writes.
   */
  async insertBatch(batch: UsageRow[], executor: SqlExecutor = this.db): Promise<number> {
    const rows = firstOfEachKey(batch);
    if (rows.length === 0) return 0;
    await this.partitions.ensureMonthsFor(rows.map((row) => row.time));
    const columns: unknown[][] = Array.from({ length: 17 }, () => new Array(rows.length));
    rows.forEach((row, i) => {
      columns[0][i] = row.source;
      columns[1][i] = row.id;
      columns[2][i] = row.time.toISOString();
      columns[3][i] = row.team;
      columns[4][i] = row.project;
      columns[5][i] = JSON.stringify(row.tags);
      columns[6][i] = row.provider;
      columns[7][i] = row.model;
      columns[8][i] = row.deployment;
      columns[9][i] = row.inputTokens;
      columns[10][i] = row.cachedInputTokens;
      columns[11][i] = row.cacheWriteTokens;
      columns[12][i] = row.outputTokens;
      columns[13][i] = row.reasoningTokens;
      columns[14][i] = row.requests;
      columns[15][i] = row.costUsd;
      columns[16][i] = row.priceVersion;
    });
    const result = await executor.query(INSERT_BATCH, columns);
    return result.rowCount ?? 0;
  }

  /**
   * A deployment's self-hosted tokens per UTC hour in [from, to), exact counters winning: in any
   * hour where the deployment has counter-based rows (`basis: counter`, from the metrics scraper),
   * its log-estimate rows (`basis: log-estimate`, from vLLM stats lines) are ignored; hours without
   * counter rows use the log estimates. Readers of self-hosted volume (the planner) go through this.
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
