// The webhooks queue's handler: one signed POST per job; BullMQ retries failures with backoff.
import { JobNames, Queues } from '@tokenmeter/contracts';
import { WebhookEndpointRepository } from '@tokenmeter/db';
import { WebhookSender } from '@tokenmeter/planner';
import { JobHandlers, JobHost, JobProcessor } from '../jobs/job-host';

@JobProcessor(Queues.webhooks, { concurrency: 4 })
export class WebhookProcessor extends JobHost {
  readonly handlers: JobHandlers = {
    [JobNames.webhookDelivery]: async ({ data }) => {
      const endpoint = await this.endpoints.byId(data.endpointId);
      if (!endpoint?.enabled) return { skipped: 'endpoint removed or disabled' };
      return { status: await this.sender.send(endpoint.url, endpoint.secret, data.body) };
    },
  };

  constructor(
    private readonly endpoints: WebhookEndpointRepository,
    private readonly sender: WebhookSender,
  ) {
    super();
  }
}
