// One statement that brings a day's rollup rows in line with freshly aggregated totals while
// writing only what differs: new keys are inserted, changed totals updated, vanished keys deleted.
// An unchanged row is left alone, so re-running a night leaves no dead tuples behind (the local
// Postgres runs without autovacuum, and delete-then-insert bloated the hourly table 40-fold).

export interface RollupSyncSpec {
  table: string;
  /** Key columns, in the primary key's order (the ON CONFLICT target). */
  keys: string[];
  /** Total columns, compared with IS DISTINCT FROM before an update. */
  totals: string[];
  /** A SELECT yielding keys then totals, in that order, for the day ($1). */
  fresh: string;
  /** The day's rows of the table, as a WHERE condition on $1. */
  dayCondition: string;
}

/** The statement's single result row: raw records behind the day and rows written. */
export interface RollupSyncResult {
  records: string;
  changed: string;
}

export function rollupSyncStatement(spec: RollupSyncSpec): string {
  const columns = [...spec.keys, ...spec.totals];
  const stored = spec.totals.map((c) => `${spec.table}.${c}`).join(', ');
  const excluded = spec.totals.map((c) => `EXCLUDED.${c}`).join(', ');
  const matches = spec.keys.map((k) => `f.${k} = t.${k}`).join(' AND ');
  return `WITH fresh AS (${spec.fresh}),
    upserted AS (
      INSERT INTO ${spec.table} (${columns.join(', ')})
      SELECT ${columns.join(', ')} FROM fresh
      ON CONFLICT (${spec.keys.join(', ')}) DO UPDATE SET ${spec.totals.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}
      WHERE (${stored}) IS DISTINCT FROM (${excluded})
      RETURNING 1),
    removed AS (
      DELETE FROM ${spec.table} t
      WHERE ${spec.dayCondition.replaceAll('{t}', 't')} AND NOT EXISTS (SELECT 1 FROM fresh f WHERE ${matches})
      RETURNING 1)
    SELECT coalesce((SELECT sum(records) FROM fresh), 0)::text AS records,
      ((SELECT count(*) FROM upserted) + (SELECT count(*) FROM removed))::text AS changed`;
}
