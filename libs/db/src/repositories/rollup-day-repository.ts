// rollup_days: when each day was last rolled up, so late events (ingested after their day's
// rollup, up to the accepted event age) send that day back through the rollup.
import { Injectable } from '@nestjs/common';
import { PoolClient } from 'pg';
import { DatabasePool } from '../client/database-pool';

// A row committed while a rollup ran may carry an ingested_at just before the rollup's own time.
const MARGIN = "interval '1 hour'";

@Injectable()
export class RollupDayRepository {
  constructor(private readonly db: DatabasePool) {}

  /**
   * Days in [from, to) with raw rows ingested after the day was last rolled up (or never rolled
   * up). After the first rollup only rows ingested since the latest rollup are looked at (an index
   * on ingested_at), so a night does not rescan months of raw events.
   */
  async staleDays(from: string, to: string): Promise<string[]> {
    const { rows } = await this.db.query<{ day: string }>(
      `WITH since AS (SELECT coalesce(max(rolled_up_at) - ${MARGIN}, '-infinity'::timestamptz) AS t FROM rollup_days)
       SELECT DISTINCT to_char((r.time AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day
       FROM usage_records r
       CROSS JOIN since
       LEFT JOIN rollup_days rd ON rd.day = (r.time AT TIME ZONE 'UTC')::date
       WHERE r.ingested_at > since.t
         AND r.time >= ($1::date)::timestamp AT TIME ZONE 'UTC'
         AND r.time < ($2::date)::timestamp AT TIME ZONE 'UTC'
         AND (rd.day IS NULL OR r.ingested_at > rd.rolled_up_at)
       ORDER BY 1`,
      [from, to],
    );
    return rows.map((r) => r.day);
  }

  async markRolledUp(client: PoolClient, day: string, records: number): Promise<void> {
    await client.query(
      `INSERT INTO rollup_days (day, rolled_up_at, records) VALUES ($1::date, now() - ${MARGIN}, $2)
       ON CONFLICT (day) DO UPDATE SET rolled_up_at = EXCLUDED.rolled_up_at, records = EXCLUDED.records`,
      [day, records],
    );
  }
}
