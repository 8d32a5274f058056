// Delivers alert transitions: Kafka finops.alerts (key: team) and one BullMQ job per webhook
// endpoint (Slack-compatible JSON, signed, retried with backoff). The database row is written
// before this runs, so a delivery failure never loses the alert.

import { createHash } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { JOB_OPTIONS, JobNames, Queues, TopicMap, WebhookDeliveryPayload } from '@tokenmeter/contracts';
import { AlertEventRow, WebhookEndpointRepository } from '@tokenmeter/db';
import { alertSlackMessage } from '@tokenmeter/finops';
import { KafkaProducerService, TOPICS } from '@tokenmeter/kafka';
import { Queue } from 'bullmq';

@Injectable()
export class AlertDispatcher {
  constructor(
    private readonly producer: KafkaProducerService,
    @Inject(TOPICS) private readonly topics: TopicMap,
    private readonly endpoints: WebhookEndpointRepository,
    @InjectQueue(Queues.webhooks) private readonly webhooks: Queue,
  ) {}

  async deliver(events: AlertEventRow[]): Promise<void> {
    if (events.length === 0) return;
    await this.producer.send(
      this.topics.finopsAlerts,
      events.map((e) => ({ key: e.team, value: JSON.stringify(e), headers: { 'tm-transition': e.transition } })),
    );
    for (const e of events) {
      const body = JSON.stringify(alertSlackMessage({ ...e, evidenceUrl: null }));
      for (const endpoint of await this.endpoints.forTeam(e.team)) {
        const payload: WebhookDeliveryPayload = {
          endpointId: endpoint.id,
          body,
          describe: `alert ${e.transition}: ${e.team} ${e.kind} ${e.subject}`,
        };
        // One delivery per endpoint and transition, even if the night is re-run.
        const id = createHash('sha256')
          .update(`${endpoint.id}|${e.team}|${e.kind}|${e.subject}|${e.runDate}|${e.transition}`)
          .digest('hex')
          .slice(0, 32);
        const options = { ...JOB_OPTIONS[JobNames.webhookDelivery], jobId: `webhook@${id}` };
        await this.webhooks.add(JobNames.webhookDelivery, payload, options);
      }
    }
  }
}
