// The maintenance queue's handler: keeps usage_facts' monthly partitions (rows of the usage_records view) ahead.
import { JobNames, Queues } from '@tokenmeter/contracts';
import { PartitionMaintainer } from '@tokenmeter/db';
import { PinoLogger } from 'nestjs-pino';
import { JobHandlers, JobHost, JobProcessor } from '../jobs/job-host';

@JobProcessor(Queues.maintenance)
export class MaintenanceProcessor extends JobHost {
  readonly handlers: JobHandlers = {
    [JobNames.ensurePartitions]: async ({ data: { date } }) => {
      const created = await this.partitions.ensureWindow(new Date(`${date}T00:00:00Z`));
      this.logger.info({ date, created }, 'usage partitions ready');
      return { created };
    },
  };

  constructor(
    private readonly partitions: PartitionMaintainer,
    private readonly logger: PinoLogger,
  ) {
    super();
    logger.setContext(MaintenanceProcessor.name);
  }
}
