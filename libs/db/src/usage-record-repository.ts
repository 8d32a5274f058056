// The ingest hot path: one statement per micro-batch. (source, id) is claimed in the
// usage_event_keys ledger first; only rows whose key was new reach the partitioned usage table,
// so a redelivered batch, a retry or a duplicate inside the batch is stored once.
import { Injectable } from '@nestjs/common';
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

const INSERT_BATCH = `
WITH input AS (
  SELECT DISTINCT ON (source, id) *
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

  /** Stores the rows whose (source, id) is new, atomically; returns how many were new. */
  async insertBatch(rows: UsageRow[]): Promise<number> {
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
    const result = await this.db.query(INSERT_BATCH, columns);
    return result.rowCount ?? 0;
  }
}
