// The `test` action on a destination (API and CLI alike): a sample alert rendered for the
// destination's kind, sent now, and recorded in its delivery history as a test message.
import { Injectable } from '@nestjs/common';
import { AlertDeliveryRepository, WebhookEndpointRow } from '@tokenmeter/db';
import { renderAlertBody, sampleAlertNotice } from '@tokenmeter/finops';
import { WebhookSender } from './webhook-sender';

@Injectable()
export class DestinationTestMessage {
  constructor(
    private readonly sender: WebhookSender,
    private readonly deliveries: AlertDeliveryRepository,
  ) {}

  /** Sends the sample about `team` (the destination's own team when it has one); the HTTP status. */
  async send(destination: WebhookEndpointRow, team: string, now = new Date()): Promise<number> {
    const body = renderAlertBody(destination, { notice: sampleAlertNotice(destination.team ?? team, now) });
    const status = await this.sender.deliver(destination, body, now);
    await this.deliveries.record({
      destinationId: destination.id,
      jobId: `test@${destination.id}@${now.getTime()}`,
      status: 'delivered',
      attempts: 1,
      describe: 'test message',
      lastError: null,
      body,
    });
    return status;
  }
}
