// The CTEs that bring a day's rows of one rollup table in line with freshly aggregated totals while
// writing only what differs: new keys are inserted, changed totals updated, vanished keys deleted.
// An unchanged row is left alone, so re-running a night leaves no dead tuples behind (the local
// Postgres runs without autovacuum, and delete-then-insert bloated the hourly table 40-fold).

export interface RollupSyncSpec {
  table: string;
  /** Key columns, in the primary key's order (the ON CONFLICT target). */
  keys: string[];
  /** Total columns, compared with IS DISTINCT FROM before an update. */
  totals: string[];
  /** The CTE that holds the day's fresh rows, with the keys and totals under these names. */
  fresh: string;
  /** The day's rows of the table, as a WHERE condition on $1 (`{t}` stands for the table). */
  dayCondition: string;
}

/** `<table>_upserted` and `<table>_removed`: CTEs returning one row per row they wrote. */
export function rollupSyncCtes(spec: RollupSyncSpec): string {
  const columns = [...spec.keys, ...spec.totals];
  const stored = spec.totals.map((c) => `${spec.table}.${c}`).join(', ');
  const excluded = spec.totals.map((c) => `EXCLUDED.${c}`).join(', ');
  const matches = spec.keys.map((k) => `f.${k} = t.${k}`).join(' AND ');
  return `${spec.table}_upserted AS (
      INSERT INTO ${spec.table} (${columns.join(', ')})
      SELECT ${columns.join(', ')} FROM ${spec.fresh}
      ON CONFLICT (${spec.keys.join(', ')}) DO UPDATE SET ${spec.totals.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}
      WHERE (${stored}) IS DISTINCT FROM (${excluded})
      RETURNING 1),
    ${spec.table}_removed AS (
      DELETE FROM ${spec.table} t
      WHERE ${spec.dayCondition.replaceAll('{t}', 't')} AND NOT EXISTS (SELECT 1 FROM ${spec.fresh} f WHERE ${matches})
      RETURNING 1)`;
}

/** The rows rollupSyncCtes(spec) wrote, as an expression. */
export function rollupSyncChanged(spec: RollupSyncSpec): string {
  return `(SELECT count(*) FROM ${spec.table}_upserted) + (SELECT count(*) FROM ${spec.table}_removed)`;
}
