import { Processor, WorkerHost } from '@nestjs/bullmq';
import { JobNames, JobPayloads, Queues } from '@tokenmeter/contracts';
import { PartitionMaintainer } from '@tokenmeter/db';
import { Job } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';

@Processor(Queues.maintenance)
export class MaintenanceProcessor extends WorkerHost {
  constructor(
    private readonly partitions: PartitionMaintainer,
    private readonly logger: PinoLogger,
  ) {
    super();
    logger.setContext(MaintenanceProcessor.name);
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case JobNames.ensurePartitions: {
        const { date } = job.data as JobPayloads[typeof JobNames.ensurePartitions];
        const created = await this.partitions.ensureWindow(new Date(`${date}T00:00:00Z`));
        this.logger.info({ date, created }, 'usage partitions ready');
        return { created };
      }
      default:
        throw new Error(`no handler for job ${job.name} on queue ${Queues.maintenance}`);
    }
  }
}
