// The reports queue's handler: builds and stores a week's organization and team reports.
import { JobNames, Queues } from '@tokenmeter/contracts';
import { WeeklyReportBuilder } from '@tokenmeter/reports';
import { PinoLogger } from 'nestjs-pino';
import { JobHandlers, JobHost, JobProcessor } from '../jobs/job-host';

@JobProcessor(Queues.reports)
export class WeeklyReportProcessor extends JobHost {
  readonly handlers: JobHandlers = {
    [JobNames.weeklyReport]: async ({ data: { week } }) => {
      const generated = await this.builder.generate(week, new Date());
      this.logger.info({ week, versions: generated.versions.length }, 'weekly report stored');
      return generated;
    },
  };

  constructor(
    private readonly builder: WeeklyReportBuilder,
    private readonly logger: PinoLogger,
  ) {
    super();
    logger.setContext(WeeklyReportProcessor.name);
  }
}
