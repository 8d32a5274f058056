// The telemetry queue's handler: one scrape of every deployment's vLLM and DCGM endpoints.
import { JobNames, Queues } from '@tokenmeter/contracts';
import { PinoLogger } from 'nestjs-pino';
import { JobHandlers, JobHost, JobProcessor } from '../jobs/job-host';
import { MetricsScraper } from './metrics-scraper';

@JobProcessor(Queues.telemetry)
export class TelemetryProcessor extends JobHost {
  readonly handlers: JobHandlers = {
    [JobNames.scrapeMetrics]: async () => {
      const outcomes = await this.scraper.scrapeAll();
      this.logger.debug({ outcomes }, 'metrics scraped');
      return { deployments: outcomes.length, stored: outcomes.filter((o) => o.status === 'stored').length };
    },
  };

  constructor(
    private readonly scraper: MetricsScraper,
    private readonly logger: PinoLogger,
  ) {
    super();
    logger.setContext(TelemetryProcessor.name);
  }
}
