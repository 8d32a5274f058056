// usage_dimensions, the dictionary of usage rows' repeated text: the ingest path turns each batch's
// distinct dimension lines (UsageCopyRows.dimensionLines) into ids before it COPYs the facts. Ids are
// looked up in a per-process cache first; the few a batch has not seen are added with INSERT … ON
// CONFLICT DO NOTHING, keyed by the SQL function tokenmeter_usage_dimension_key, so two ingest
// processes adding the same dimension end with one row and both learn its id.

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DatabasePool } from '../client/database-pool';
import { CopyLines, copyChunks, lineCount, lineText, pickLines } from '../copy/copy-lines';
import { USAGE_DIMENSION_COPY_COLUMNS } from '../copy/usage-copy-rows';

/** Far more than the distinct dimensions of a busy organization; past it the cache starts over. */
const CACHED_DIMENSIONS = 100_000;

const CREATE_STAGE_TABLE = `CREATE TEMP TABLE IF NOT EXISTS usage_dimension_stage (
  ord int NOT NULL, source text, team text, project text, tags jsonb, provider text, model text,
  deployment text, price_version text, service_tier text, price_rules text, api_key_id uuid
) ON COMMIT DELETE ROWS`;
const COPY_STAGE = `COPY usage_dimension_stage (ord, ${USAGE_DIMENSION_COPY_COLUMNS}) FROM STDIN`;
const KEYED_STAGE = `SELECT tokenmeter_usage_dimension_key(${USAGE_DIMENSION_COPY_COLUMNS}) AS key, *
  FROM usage_dimension_stage`;
// Adds the new dimensions in key order (two writers adding the same ones wait instead of deadlocking);
// a dimension committed by another writer after this statement began is in neither `added` nor the
// statement's snapshot of usage_dimensions: FIND_STAGED, a statement of its own, finds it.
const ADD_STAGED = `
WITH staged AS (${KEYED_STAGE}),
added AS (
  INSERT INTO usage_dimensions (key, ${USAGE_DIMENSION_COPY_COLUMNS})
  SELECT DISTINCT ON (key) key, ${USAGE_DIMENSION_COPY_COLUMNS} FROM staged ORDER BY key
  ON CONFLICT (key) DO NOTHING
  RETURNING id, key
)
SELECT s.ord, coalesce(a.id, d.id) AS id
FROM staged s LEFT JOIN added a ON a.key = s.key LEFT JOIN usage_dimensions d ON d.key = s.key`;
const FIND_STAGED = `SELECT s.ord, d.id FROM (${KEYED_STAGE}) s JOIN usage_dimensions d ON d.key = s.key
  WHERE s.ord = ANY($1::int[])`;

@Injectable()
export class UsageDimensionRepository {
  /** Dimension line (COPY text) → id, for dimensions known to be committed. */
  private readonly cache = new Map<string, number>();
  /** Connections that already have their stage table (temp tables live as long as the session). */
  private readonly withStageTable = new WeakSet<PoolClient>();

  constructor(private readonly db: DatabasePool) {}

  /**
   * The id of each line of `lines` (usage_dimensions' fields in COPY text), adding the dimensions that are
   * new. Without `inTransaction` they are added in a transaction of their own, committed before any fact
   * refers to them; with it (a caller's open transaction) they commit or roll back with the caller's
   * writes, so ids learnt there are not cached.
   */
  async idsOf(lines: CopyLines, inTransaction?: PoolClient): Promise<Int32Array> {
    const count = lineCount(lines);
    const ids = new Int32Array(count);
    const missing: number[] = [];
    const texts: string[] = [];
    for (let i = 0; i < count; i++) {
      texts[i] = lineText(lines, i);
      const id = this.cache.get(texts[i]!);
      if (id === undefined) missing.push(i);
      else ids[i] = id;
    }
    if (missing.length === 0) return ids;
    const staged = pickLines(lines, missing, (position) => `${position}\t`);
    const found = inTransaction
      ? await this.addStaged(inTransaction, staged, missing.length)
      : await this.db.transaction((client) => this.addStaged(client, staged, missing.length));
    if (!inTransaction && this.cache.size + missing.length > CACHED_DIMENSIONS) this.cache.clear();
    for (const [position, index] of missing.entries()) {
      const id = found[position]!;
      ids[index] = id;
      if (!inTransaction) this.cache.set(texts[index]!, id);
    }
    return ids;
  }

  /** Stages the lines (each after its position), adds the new dimensions; each position's id. */
  private async addStaged(client: PoolClient, staged: CopyLines, count: number): Promise<Int32Array> {
    if (!this.withStageTable.has(client)) {
      await client.query(CREATE_STAGE_TABLE);
      this.withStageTable.add(client);
    }
    await pipeline(Readable.from(copyChunks(staged)), client.query(copyFrom(COPY_STAGE)));
    const ids = new Int32Array(count);
    const unresolved = new Set<number>();
    for (const row of (await client.query<{ ord: number; id: number | null }>(ADD_STAGED)).rows) {
      if (row.id === null) unresolved.add(row.ord);
      else ids[row.ord] = row.id;
    }
    if (unresolved.size > 0) {
      const { rows } = await client.query<{ ord: number; id: number }>(FIND_STAGED, [[...unresolved]]);
      for (const row of rows) {
        ids[row.ord] = row.id;
        unresolved.delete(row.ord);
      }
      if (unresolved.size > 0) throw new Error(`usage dimensions not found after adding them: ${unresolved.size}`);
    }
    // Emptied now, not at commit: a caller's transaction may stage again before it commits.
    await client.query('TRUNCATE usage_dimension_stage');
    return ids;
  }
}
