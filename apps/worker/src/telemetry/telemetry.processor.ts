import { Processor, WorkerHost } from '@nestjs/bullmq';
import { JobNames, Queues } from '@tokenmeter/contracts';
import { Job } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { MetricsScraper } from './metrics-scraper';

@Processor(Queues.telemetry)
export class TelemetryProcessor extends WorkerHost {
  constructor(
    private readonly scraper: MetricsScraper,
    private readonly logger: PinoLogger,
  ) {
    super();
    logger.setContext(TelemetryProcessor.name);
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case JobNames.scrapeMetrics: {
        const outcomes = await this.scraper.scrapeAll();
        this.logger.debug({ outcomes }, 'metrics scraped');
        return { deployments: outcomes.length, stored: outcomes.filter((o) => o.status === 'stored').length };
      }
      default:
        throw new Error(`no handler for job ${job.name} on queue ${Queues.telemetry}`);
    }
  }
}
