import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { JOB_OPTIONS, JobNames, JobPayloads, Queues, SCRAPE_EVERY_MS } from '@tokenmeter/contracts';
import { Queue } from 'bullmq';

/**
 * Keeps the repeatable metrics scrape scheduled. The scheduler id is the job name, so every worker
 * instance upserts the same single schedule; a scrape that runs twice at once is safe anyway
 * (MetricsScraper locks each deployment's counters).
 */
@Injectable()
export class TelemetryScheduler implements OnApplicationBootstrap {
  constructor(@InjectQueue(Queues.telemetry) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    const data: JobPayloads[typeof JobNames.scrapeMetrics] = {};
    await this.queue.upsertJobScheduler(
      JobNames.scrapeMetrics,
      { every: SCRAPE_EVERY_MS },
      { name: JobNames.scrapeMetrics, data, opts: JOB_OPTIONS[JobNames.scrapeMetrics] },
    );
  }
}
