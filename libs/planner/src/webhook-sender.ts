// Posts a webhook body signed with the endpoint's secret: X-TokenMeter-Signature: sha256=<hex of
// HMAC-SHA256(secret, timestamp + "." + body)>, with the timestamp in X-TokenMeter-Timestamp so a
// receiver can refuse replays. A non-2xx answer throws, and BullMQ retries with backoff. A
// redirect is not followed (it is a non-2xx answer): the signed body would otherwise go wherever
// the endpoint points, an internal address included.

import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { redactUrlCredentials } from '@tokenmeter/contracts';

export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

@Injectable()
export class WebhookSender {
  async send(url: string, secret: string, body: string, now = new Date()): Promise<number> {
    const timestamp = String(Math.floor(now.getTime() / 1000));
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-tokenmeter-timestamp': timestamp,
        'x-tokenmeter-signature': webhookSignature(secret, timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(10_000),
      redirect: 'manual',
    });
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      throw new Error(
        `webhook ${redactUrlCredentials(url)} answered HTTP ${response.status}: redirects are not followed`,
      );
    }
    if (!response.ok) throw new Error(`webhook ${redactUrlCredentials(url)} answered HTTP ${response.status}`);
    return response.status;
  }
}
