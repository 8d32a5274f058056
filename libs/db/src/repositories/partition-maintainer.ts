import { Injectable } from '@nestjs/common';
import { DatabasePool } from '../client/database-pool';

/** Creates monthly partitions of usage_facts (the usage_records view's rows) ahead of the data (SQL function). */
@Injectable()
export class PartitionMaintainer {
  private readonly knownMonths = new Set<number>();

  constructor(private readonly db: DatabasePool) {}

  /** Makes sure every month touched by `times` has its partition; cheap once a month is known. */
  async ensureMonthsFor(times: Iterable<Date>): Promise<void> {
    const months = new Set<number>();
    for (const time of times) months.add(time.getUTCFullYear() * 12 + time.getUTCMonth());
    await this.ensureMonths(months);
  }

  /** The same for months given as UTC year × 12 + month index. */
  async ensureMonths(months: Iterable<number>): Promise<void> {
    for (const month of months) {
      if (this.knownMonths.has(month)) continue;
      const first = new Date(Date.UTC(Math.floor(month / 12), month % 12, 1));
      await this.ensureRange(first, addMonths(first, 1));
      this.knownMonths.add(month);
    }
  }

  /** The months from `from` up to (not including) the month of `to`. Returns how many were created. */
  async ensureRange(from: Date, to: Date, table = 'usage_facts'): Promise<number> {
    const { rows } = await this.db.query<{ created: number }>(
      'SELECT tokenmeter_ensure_monthly_partitions($1, $2::date, $3::date) AS created',
      [table, from.toISOString().slice(0, 10), to.toISOString().slice(0, 10)],
    );
    return rows[0].created;
  }

  /**
   * Summarizes the block ranges added to usage_facts' BRIN indexes (time, ingested_at) since the last
   * call. Postgres leaves a new range unsummarized until VACUUM (autovacuum may be off), and a query
   * must read every unsummarized range; the nightly rollup calls this first, so only the day's newest
   * pages are read in full. Returns the ranges summarized.
   */
  async summarizeNewBlockRanges(): Promise<number> {
    const { rows } = await this.db.query<{ ranges: string | null }>(
      `SELECT sum(brin_summarize_new_values(i.indexrelid))::text AS ranges
       FROM pg_index i
       JOIN pg_class ic ON ic.oid = i.indexrelid
       JOIN pg_am am ON am.oid = ic.relam AND am.amname = 'brin'
       JOIN pg_partition_tree('usage_facts') p ON p.relid = i.indrelid AND p.isleaf`,
    );
    return Number(rows[0]?.ranges ?? 0);
  }

  /** The rolling window the worker keeps ready: the accepted event age behind, three months ahead. */
  async ensureWindow(now: Date): Promise<number> {
    const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    return this.ensureRange(addMonths(month, -14), addMonths(month, 4));
  }
}

function addMonths(date: Date, months: number): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
}
