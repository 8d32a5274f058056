// The webhooks queue's handler: one alert message to one destination per job; BullMQ retries
// failures with backoff. The outcome is recorded in alert_deliveries: delivered, or a dead-letter
// record after the last try (or at once when the destination refuses for good).
import { JobNames, Queues, WebhookDeliveryPayload } from '@tokenmeter/contracts';
import { AlertDeliveryRepository, WebhookEndpointRepository } from '@tokenmeter/db';
import { DestinationRefusedError, WebhookSender } from '@tokenmeter/planner';
import { Job, UnrecoverableError } from 'bullmq';
import { JobHandlers, JobHost, JobProcessor } from '../jobs/job-host';

@JobProcessor(Queues.webhooks, { concurrency: 4 })
export class WebhookProcessor extends JobHost {
  readonly handlers: JobHandlers = {
    [JobNames.webhookDelivery]: async (job) => this.deliver(job),
  };

  constructor(
    private readonly endpoints: WebhookEndpointRepository,
    private readonly sender: WebhookSender,
    private readonly deliveries: AlertDeliveryRepository,
  ) {
    super();
  }

  private async deliver(job: Job<WebhookDeliveryPayload>) {
    const { data } = job;
    const endpoint = await this.endpoints.byId(data.endpointId);
    if (!endpoint?.enabled) return { skipped: 'destination removed or disabled' };
    const record = (status: 'delivered' | 'dead-letter', lastError: string | null) =>
      this.deliveries.record({
        destinationId: endpoint.id,
        jobId: job.id ?? `${job.name}@${job.timestamp}`,
        status,
        attempts: job.attemptsMade + 1,
        describe: data.describe,
        lastError,
        body: data.body,
      });
    try {
      const status = await this.sender.deliver(endpoint, data.body);
      await record('delivered', null);
      return { status };
    } catch (error) {
      const message = (error as Error).message;
      const final = error instanceof DestinationRefusedError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (final) await record('dead-letter', message);
      if (error instanceof DestinationRefusedError) throw new UnrecoverableError(message);
      throw error;
    }
  }
}
