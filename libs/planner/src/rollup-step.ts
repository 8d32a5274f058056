// Step 1: rebuild the night's daily and hourly rollups from raw events, plus any earlier day
// (within the accepted event age) that received late events since it was last rolled up.
import { Injectable } from '@nestjs/common';
import { addDays, MAX_EVENT_AGE_DAYS } from '@tokenmeter/contracts';
import {
  DatabasePool,
  RollupDayRepository,
  UsageRollupDailyRepository,
  UsageRollupHourlyRepository,
} from '@tokenmeter/db';

export interface RollupOutput {
  days: string[];
  lateDays: number;
  records: number;
}

@Injectable()
export class RollupStep {
  constructor(
    private readonly db: DatabasePool,
    private readonly rollupDays: RollupDayRepository,
    private readonly daily: UsageRollupDailyRepository,
    private readonly hourly: UsageRollupHourlyRepository,
  ) {}

  async run(date: string): Promise<RollupOutput> {
    const stale = await this.rollupDays.staleDays(addDays(date, -MAX_EVENT_AGE_DAYS), date);
    const days = [...stale, date];
    let records = 0;
    for (const day of days) {
      records += await this.db.transaction(async (client) => {
        await this.hourly.rebuildDay(client, day);
        const counted = await this.daily.rebuildDay(client, day);
        await this.rollupDays.markRolledUp(client, day, counted);
        return counted;
      });
    }
    return { days: days.length > 5 ? [days[0], '…', date] : days, lateDays: stale.length, records };
  }
}
