import { Processor, WorkerHost } from '@nestjs/bullmq';
import { JobNames, JobPayloads, Queues } from '@tokenmeter/contracts';
import { Job } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { GeneratedReports, WeeklyReportBuilder } from '@tokenmeter/reports';

@Processor(Queues.reports)
export class WeeklyReportProcessor extends WorkerHost {
  constructor(
    private readonly builder: WeeklyReportBuilder,
    private readonly logger: PinoLogger,
  ) {
    super();
    logger.setContext(WeeklyReportProcessor.name);
  }

  async process(job: Job): Promise<GeneratedReports> {
    switch (job.name) {
      case JobNames.weeklyReport: {
        const { week } = job.data as JobPayloads[typeof JobNames.weeklyReport];
        const generated = await this.builder.generate(week, new Date());
        this.logger.info({ week, versions: generated.versions.length }, 'weekly report stored');
        return generated;
      }
      default:
        throw new Error(`no handler for job ${job.name} on queue ${Queues.reports}`);
    }
  }
}
