// Sends one rendered alert message to one destination: a signed POST for generic webhooks
// (X-TokenMeter-Timestamp, X-TokenMeter-Signature: sha256=HMAC(secret, "<timestamp>.<body>")), a
// plain JSON POST for Slack, Teams and PagerDuty, an email through SMTP. Redirects are never
// followed (a 3xx is a failure), and the URL and every address its host resolves to are checked
// against private ranges first. A non-2xx answer throws, and BullMQ retries with backoff;
// a DestinationRefusedError is final (no retry can fix it).
import { lookup } from 'node:dns/promises';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@tokenmeter/config';
import {
  destinationUrlProblem,
  resolvedAddressProblem,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  UrlPolicy,
  webhookSignature,
} from '@tokenmeter/finops';
import { createTransport, Transporter } from 'nodemailer';

export { webhookSignature } from '@tokenmeter/finops';

export class DestinationRefusedError extends Error {}

export interface SendableDestination {
  type: string;
  url: string;
  secret: string;
}

export function urlPolicyOf(config: Pick<AppConfig, 'ALERT_ALLOWED_HOSTS' | 'ALERT_ALLOW_HTTP'>): UrlPolicy {
  return {
    allowedHosts: config.ALERT_ALLOWED_HOSTS.split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    allowHttp: config.ALERT_ALLOW_HTTP === 'true',
  };
}

@Injectable()
export class WebhookSender {
  private readonly policy: UrlPolicy;
  private mailer: Transporter | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.policy = urlPolicyOf(config);
  }

  /** Sends `body` (the rendered payload, JSON) to the destination; returns the HTTP status (250 for email). */
  async deliver(destination: SendableDestination, body: string, now = new Date()): Promise<number> {
    if (destination.type === 'email') return this.email(destination.url, body);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (destination.type === 'webhook') {
      const timestamp = String(Math.floor(now.getTime() / 1000));
      headers[TIMESTAMP_HEADER] = timestamp;
      headers[SIGNATURE_HEADER] = webhookSignature(destination.secret, timestamp, body);
    }
    return this.post(destination.url, headers, body);
  }

  /** The generic webhook as before: a signed POST of `body`. */
  async send(url: string, secret: string, body: string, now = new Date()): Promise<number> {
    return this.deliver({ type: 'webhook', url, secret }, body, now);
  }

  private async post(url: string, headers: Record<string, string>, body: string): Promise<number> {
    await this.checkUrl(url);
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    });
    await response.body?.cancel().catch(() => undefined);
    if (response.status >= 300 && response.status < 400)
      throw new Error(`destination ${new URL(url).host} answered a redirect (HTTP ${response.status}); not followed`);
    if (!response.ok) throw new Error(`destination ${new URL(url).host} answered HTTP ${response.status}`);
    return response.status;
  }

  private async checkUrl(url: string): Promise<void> {
    const problem = destinationUrlProblem(url, this.policy);
    if (problem) throw new DestinationRefusedError(`destination URL refused: ${problem}`);
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    for (const { address } of await lookup(host, { all: true })) {
      const resolved = resolvedAddressProblem(host, address, this.policy);
      if (resolved) throw new DestinationRefusedError(`destination URL refused: ${resolved}`);
    }
  }

  private async email(to: string, body: string): Promise<number> {
    if (!this.config.SMTP_URL) throw new DestinationRefusedError('email destination: SMTP_URL is not configured');
    this.mailer ??= createTransport(this.config.SMTP_URL);
    const { subject, text } = JSON.parse(body) as { subject: string; text: string };
    await this.mailer.sendMail({ from: this.config.ALERT_EMAIL_FROM, to, subject, text });
    return 250;
  }
}
