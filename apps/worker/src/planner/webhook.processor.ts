// The webhooks queue's handler: one signed POST per job; BullMQ retries failures with backoff.
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { JobNames, Queues, WebhookDeliveryPayload } from '@tokenmeter/contracts';
import { WebhookEndpointRepository } from '@tokenmeter/db';
import { Job } from 'bullmq';
import { WebhookSender } from '@tokenmeter/planner';

@Processor(Queues.webhooks, { concurrency: 4 })
export class WebhookProcessor extends WorkerHost {
  constructor(
    private readonly endpoints: WebhookEndpointRepository,
    private readonly sender: WebhookSender,
  ) {
    super();
  }

  async process(job: Job<WebhookDeliveryPayload>): Promise<unknown> {
    if (job.name !== JobNames.webhookDelivery) throw new Error(`no handler for job ${job.name} on queue ${Queues.webhooks}`);
    const endpoint = await this.endpoints.byId(job.data.endpointId);
    if (!endpoint || !endpoint.enabled) return { skipped: 'endpoint removed or disabled' };
    return { status: await this.sender.send(endpoint.url, endpoint.secret, job.data.body) };
  }
}
