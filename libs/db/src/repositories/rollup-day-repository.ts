// rollup_days: when each day was last rolled up, so late events (ingested after their day's
// rollup, up to the accepted event age) send that day back through the rollup.
//
// A day's rolled_up_at is a watermark, not the clock: every row the rollup could not see has an
// ingested_at at or after it. ingested_at is the inserting transaction's start (now()), so a row
// committed while the rollup ran may carry a time before the rollup's own; the watermark is therefore
// the start of the oldest transaction still open when the night began. (A fixed hour of margin did
// the same job, but sent every day ingested within the hour back through the rollup each night: a
// backfill of 90 nights re-rolled all 90 days 90 times.)
import { Injectable } from '@nestjs/common';
import { PoolClient } from 'pg';
import { DatabasePool } from '../client/database-pool';

// The oldest open transaction in this database, or now(). Sessions of other roles hide their
// transaction start without pg_read_all_stats; then an hour of margin stands in for it.
// Cut down to the millisecond, as ingested_at and rolled_up_at are stored: a watermark of finer grain was
// rounded when stored, so a row ingested in that millisecond was counted by the rollup (ingested_at before
// the exact watermark) and by reads as a late row (ingested_at at or after the stored one), or by neither.
// As text: Postgres' own form, sent back as it came.
const WATERMARK = `
SELECT date_trunc('milliseconds',
         CASE WHEN bool_or(query = '<insufficient privilege>') THEN now() - interval '1 hour'
              ELSE least(now(), min(xact_start)) END)::text AS watermark
FROM pg_stat_activity
WHERE datname = current_database() AND pid <> pg_backend_pid()`;

/** A timestamptz in Postgres' own text form, microseconds kept (see WATERMARK). */
export type Watermark = string;

@Injectable()
export class RollupDayRepository {
  constructor(private readonly db: DatabasePool) {}

  /** The time before which every row that will ever be visible already is (see the file's comment). */
  async watermark(): Promise<Watermark> {
    const { rows } = await this.db.query<{ watermark: Watermark }>(WATERMARK);
    return rows[0]!.watermark;
  }

  /**
   * Days in [from, to) with raw rows ingested at or after the day's last rollup watermark (or never
   * rolled up). After the first rollup only rows ingested since the earliest watermark of these days are
   * looked at (an index on ingested_at), so a night does not rescan months of raw events. (The latest
   * watermark of all days would be later when an earlier night was run again afterwards, and the late rows
   * of the days that night did not cover, ingested before it, would never be found.)
   */
  async staleDays(from: string, to: string): Promise<string[]> {
    const { rows } = await this.db.query<{ day: string }>(
      `WITH since AS (
         SELECT coalesce(min(rolled_up_at), '-infinity'::timestamptz) AS t FROM rollup_days
         WHERE day >= $1::date AND day < $2::date)
       SELECT DISTINCT to_char((r.time AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day
       FROM usage_records r
       CROSS JOIN since
       LEFT JOIN rollup_days rd ON rd.day = (r.time AT TIME ZONE 'UTC')::date
       WHERE r.ingested_at >= since.t
         AND r.time >= ($1::date)::timestamp AT TIME ZONE 'UTC'
         AND r.time < ($2::date)::timestamp AT TIME ZONE 'UTC'
         AND (rd.day IS NULL OR r.ingested_at >= rd.rolled_up_at)
       ORDER BY 1`,
      [from, to],
    );
    return rows.map((r) => r.day);
  }

  /**
   * Moves the watermark of the days in [from, to) that were rolled up before to tonight's: a day the
   * night found no late rows for counts, in its rollups, every row ingested before tonight's watermark
   * too. Reads then look for late rows only among those ingested since the last night.
   */
  async advanceWatermark(from: string, to: string, watermark: Watermark): Promise<void> {
    await this.db.query(
      `UPDATE rollup_days SET rolled_up_at = $3::timestamptz
       WHERE day >= $1::date AND day < $2::date AND rolled_up_at < $3::timestamptz`,
      [from, to, watermark],
    );
  }

  /** `watermark`: taken before the night read anything (RollupDayRepository.watermark). */
  async markRolledUp(client: PoolClient, day: string, records: number, watermark: Watermark): Promise<void> {
    await client.query(
      `INSERT INTO rollup_days (day, rolled_up_at, records) VALUES ($1::date, $3::timestamptz, $2)
       ON CONFLICT (day) DO UPDATE SET rolled_up_at = EXCLUDED.rolled_up_at, records = EXCLUDED.records`,
      [day, records, watermark],
    );
  }
}
