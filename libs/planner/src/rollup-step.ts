// Step 1: bring the night's daily and hourly rollups in line with raw events, plus any earlier day
// (within the accepted event age) that received late events since it was last rolled up. Only rows
// whose totals differ are written; when many were, the tables are vacuumed so that Postgres without
// autovacuum does not bloat. First, every table autovacuum would vacuum is vacuumed (StandInAutovacuum).
import { Injectable } from '@nestjs/common';
import { addDays, MAX_EVENT_AGE_DAYS } from '@tokenmeter/contracts';
import {
  DatabasePool,
  PartitionMaintainer,
  RollupDayRepository,
  StandInAutovacuum,
  UsageRollupDaySync,
} from '@tokenmeter/db';
import { forEachConcurrently } from './for-each-concurrently';

export interface RollupOutput {
  days: string[];
  lateDays: number;
  records: number;
  /** Rollup rows inserted, updated or deleted. */
  changed: number;
  /** Tables vacuumed and analyzed first, past autovacuum's thresholds (StandInAutovacuum). */
  vacuumed: string[];
}

/** Days rolled up at the same time. */
const DAYS_AT_ONCE = 2;

/** Rows rewritten in one night above which the step vacuums the rollup tables itself. */
export const ROLLUP_VACUUM_THRESHOLD = 5_000;

@Injectable()
export class RollupStep {
  constructor(
    private readonly db: DatabasePool,
    private readonly rollupDays: RollupDayRepository,
    private readonly rollups: UsageRollupDaySync,
    private readonly partitions: PartitionMaintainer,
    private readonly autovacuum: StandInAutovacuum,
  ) {}

  async run(date: string): Promise<RollupOutput> {
    // One watermark for the whole night, taken before anything is read, so no day rolled up early in
    // the night can hide a row committed before a later day's rollup.
    const watermark = await this.rollupDays.watermark();
    // Statistics first: the stale-day search below, the night's other steps and every read plan with them.
    const vacuumed = await this.autovacuum.run();
    await this.partitions.summarizeNewBlockRanges();
    const from = addDays(date, -MAX_EVENT_AGE_DAYS);
    const stale = await this.rollupDays.staleDays(from, date);
    const days = [...stale, date];
    let records = 0;
    let changed = 0;
    // Days are independent (each its own transaction over its own rollup rows), so after a bulk import,
    // when hundreds are stale, two run at once and Postgres gives each its own core.
    await forEachConcurrently(days, DAYS_AT_ONCE, (day) =>
      this.db.transaction(async (client) => {
        const synced = await this.rollups.syncDay(client, day, watermark);
        await this.rollupDays.markRolledUp(client, day, synced.records, watermark);
        records += synced.records;
        changed += synced.changed;
      }),
    );
    // The other rolled-up days had no row ingested since their watermark, so tonight's holds for them too.
    await this.rollupDays.advanceWatermark(from, date, watermark);
    // VACUUM cannot run inside a transaction; it only marks the old versions' space reusable.
    if (changed > ROLLUP_VACUUM_THRESHOLD) {
      // ANALYZE too: after a large rewrite the planner's row estimates for the rollups are far off.
      await this.db.query(
        'VACUUM (ANALYZE) usage_rollups_hourly, usage_rollups_daily, usage_rollups_priced_daily, rollup_days',
      );
    }
    return { days: days.length > 5 ? [days[0], '…', date] : days, lateDays: stale.length, records, changed, vacuumed };
  }
}
