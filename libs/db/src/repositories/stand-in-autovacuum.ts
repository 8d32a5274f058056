// Autovacuum's job, done by the product where Postgres runs without it (the local stack's does, and DESIGN
// leaves that maintenance to the product): every table past autovacuum's default thresholds is vacuumed and
// analyzed. Without it nothing gives the query planner statistics on what the product writes: the planner
// then read every raw row of a range where the BRIN index on ingested_at finds a night's late rows in a
// millisecond (bench:read's dashboard took twice as long, its FOCUS export fell below target), and the
// nightly forecast read unanalyzed tables of last night's forecasts. With autovacuum on, it finds little to do.
import { Injectable } from '@nestjs/common';
import { DatabasePool } from '../client/database-pool';

/**
 * autovacuum_vacuum_threshold / _scale_factor (dead rows), autovacuum_vacuum_insert_threshold / _scale_factor
 * (inserted rows: vacuuming an append-only table marks its new pages all-visible) and
 * autovacuum_analyze_threshold / _scale_factor (rows changed since the last analyze), at Postgres' defaults.
 */
const PAST_AUTOVACUUM_THRESHOLDS = `
  s.n_dead_tup > 50 + 0.2 * greatest(c.reltuples, 0)
  OR s.n_ins_since_vacuum > 1000 + 0.2 * greatest(c.reltuples, 0)
  OR s.n_mod_since_analyze > 50 + 0.1 * greatest(c.reltuples, 0)`;

@Injectable()
export class StandInAutovacuum {
  constructor(private readonly db: DatabasePool) {}

  /** VACUUM (ANALYZE) of each of this schema's tables past the thresholds; returns their names. */
  async run(): Promise<string[]> {
    const { rows } = await this.db.query<{ name: string }>(
      `SELECT quote_ident(s.schemaname) || '.' || quote_ident(s.relname) AS name
       FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
       WHERE s.schemaname = current_schema() AND c.relkind = 'r' AND (${PAST_AUTOVACUUM_THRESHOLDS})
       ORDER BY 1`,
    );
    // One statement a table: VACUUM cannot run in a transaction, and each table's lock is held for it alone.
    // Append-only tables (usage_facts' partitions, the ledger) are read only where written since the last one.
    for (const { name } of rows) await this.db.query(`VACUUM (ANALYZE) ${name}`);
    return rows.map((r) => r.name);
  }
}
