import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { dailyJobOptions, JobNames, JobPayloads, Queues, utcDay } from '@tokenmeter/contracts';
import { Queue } from 'bullmq';

/**
 * Enqueues the daily maintenance; the deterministic job id makes a second scheduler (another
 * worker instance) or a restart a no-op for a day already enqueued.
 */
@Injectable()
export class MaintenanceScheduler implements OnApplicationBootstrap {
  constructor(@InjectQueue(Queues.maintenance) private readonly queue: Queue) {}

  /** Catch-up at start: a worker that was down at midnight still prepares today's partitions. */
  async onApplicationBootstrap(): Promise<void> {
    await this.enqueueToday();
  }

  @Cron('5 0 * * *', { timeZone: 'UTC' })
  async enqueueToday(now = new Date()): Promise<void> {
    const date = utcDay(now);
    const payload: JobPayloads[typeof JobNames.ensurePartitions] = { date };
    await this.queue.add(JobNames.ensurePartitions, payload, dailyJobOptions(JobNames.ensurePartitions, date));
  }
}
