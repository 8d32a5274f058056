// Delivery to each kind of destination against local receivers: an email through SMTP (the
// smtp-server package as the receiving server), a redirect answered by a destination is a failure
// and never followed, and private addresses are refused unless allowed by configuration.
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../libs/config/src';
import { renderAlertBody, sampleAlertNotice } from '../../libs/finops/src';
import { DestinationRefusedError, WebhookSender } from '../../libs/planner/src';

describe('alert destinations', () => {
  let smtp: SMTPServer;
  let smtpPort = 0;
  const mails: { from: string; to: string[]; data: string }[] = [];
  let http: Server;
  let httpPort = 0;
  const hits: string[] = [];

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let data = '';
        stream.on('data', (c) => (data += c));
        stream.on('end', () => {
          mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            data,
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    smtpPort = (smtp.server.address() as AddressInfo).port;
    http = createServer((req, res) => {
      hits.push(req.url ?? '');
      if (req.url === '/redirect') res.writeHead(307, { location: '/elsewhere' }).end();
      else res.writeHead(200).end('ok');
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    httpPort = (http.address() as AddressInfo).port;
  });

  afterAll(async () => {
    http?.close();
    await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  });

  const sender = (env: Record<string, string>) => new WebhookSender(parseConfig(env));
  const allowLocal = { ALERT_ALLOWED_HOSTS: '127.0.0.1', ALERT_ALLOW_HTTP: 'true' };

  it('sends an email through the configured SMTP server', async () => {
    const notice = sampleAlertNotice('search', new Date('2026-03-02T00:00:00Z'));
    const body = renderAlertBody({ type: 'email', secret: '' }, { notice });
    const status = await sender({
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      ALERT_EMAIL_FROM: 'alerts@example.com',
    }).deliver({ type: 'email', url: 'oncall@example.com,finops@example.com', secret: '' }, body);
    expect(status).toBe(250);
    expect(mails).toHaveLength(1);
    expect(mails[0].from).toBe('alerts@example.com');
    expect(mails[0].to).toEqual(['oncall@example.com', 'finops@example.com']);
    expect(mails[0].data).toContain('Subject: [TokenMeter] FIRING: test for search');
    expect(mails[0].data).toContain('the destination is set up correctly');
  });

  it('refuses email when no SMTP server is configured', async () => {
    await expect(sender({}).deliver({ type: 'email', url: 'a@example.com', secret: '' }, '{}')).rejects.toThrow(
      DestinationRefusedError,
    );
  });

  it('treats a redirect as a failure and does not follow it', async () => {
    const before = hits.length;
    await expect(
      sender(allowLocal).deliver({ type: 'slack', url: `http://127.0.0.1:${httpPort}/redirect`, secret: '' }, '{}'),
    ).rejects.toThrow(/redirect \(HTTP 307\); not followed/);
    expect(hits.slice(before)).toEqual(['/redirect']);
  });

  it('refuses private and loopback addresses unless allowed, before any request', async () => {
    const before = hits.length;
    const url = `http://127.0.0.1:${httpPort}/hook`;
    await expect(
      sender({ ALERT_ALLOW_HTTP: 'true' }).deliver({ type: 'webhook', url, secret: 's' }, '{}'),
    ).rejects.toThrow(/"127.0.0.1" is a loopback address; add it to ALERT_ALLOWED_HOSTS/);
    await expect(sender({}).deliver({ type: 'teams', url: 'https://localhost/x', secret: '' }, '{}')).rejects.toThrow(
      DestinationRefusedError,
    );
    expect(hits.length).toBe(before);
    expect(await sender(allowLocal).deliver({ type: 'webhook', url, secret: 's' }, '{}')).toBe(200);
  });
});
