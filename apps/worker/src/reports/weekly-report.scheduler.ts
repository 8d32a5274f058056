import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { dailyJobOptions, isoWeekOf, JobNames, JobPayloads, Queues, shiftIsoWeek } from '@tokenmeter/contracts';
import { Queue } from 'bullmq';

/**
 * Every Monday 06:00 UTC (after the nightly chain has planned Sunday), the report of the week
 * before. The job id carries the week, so a second scheduler or a retry cannot build it twice.
 */
@Injectable()
export class WeeklyReportScheduler {
  constructor(@InjectQueue(Queues.reports) private readonly queue: Queue) {}

  @Cron('0 6 * * 1', { timeZone: 'UTC' })
  async enqueueLastWeek(now = new Date()): Promise<string> {
    const week = shiftIsoWeek(isoWeekOf(now), -1);
    const payload: JobPayloads[typeof JobNames.weeklyReport] = { week };
    await this.queue.add(JobNames.weeklyReport, payload, dailyJobOptions(JobNames.weeklyReport, week));
    return week;
  }
}
