import { describe, expect, it } from 'vitest';
import {
  AlertNotice,
  escapeSlackText,
  pagerDutyPayload,
  renderAlertBody,
  slackDigestPayload,
  slackPayload,
  teamsPayload,
  webhookPayload,
} from './destination-payloads';
import { destinationUrlProblem, resolvedAddressProblem } from './destination-url-check';
import { REPLAY_WINDOW_SECONDS, verifyWebhookSignature, webhookSignature } from './webhook-signature';

const fired: AlertNotice = {
  team: 'search',
  kind: 'run-rate-self-host',
  subject: 'api:openai/<gpt-4o>&co',
  transition: 'fired',
  runDate: '2026-03-20',
  message: 'openai/<gpt-4o>&co: monthly run-rate 61.2M tokens crossed 50.0M',
  value: 61_234_567.891,
  threshold: 50e6,
  evidence: { recommendation: { kind: 'MIGRATE_TO_SELF_HOSTED' } },
  evidenceUrl: 'https://tm.example.com/alerts/history?team=search&kind=run-rate-self-host',
};
const resolved: AlertNotice = { ...fired, transition: 'resolved', message: 'resolved' };

describe('Slack Block Kit payload', () => {
  it('has fallback text and header, section and context blocks within Slack limits', () => {
    const p = slackPayload(fired);
    expect(typeof p.text).toBe('string');
    const blocks = p.blocks as Record<string, any>[];
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'context']);
    expect(blocks[0].text).toMatchObject({ type: 'plain_text' });
    expect(blocks[0].text.text.length).toBeLessThanOrEqual(150);
    expect(blocks[1].text.type).toBe('mrkdwn');
    expect(blocks[2].fields.length).toBeLessThanOrEqual(10);
    for (const f of blocks[2].fields) expect(f).toEqual({ type: 'mrkdwn', text: expect.any(String) });
    expect(blocks[3].elements[0].text).toBe(`<${fired.evidenceUrl}|Evidence and recommendation>`);
    expect(blocks.length).toBeLessThanOrEqual(50);
  });

  it('escapes &, < and > of model and team names in mrkdwn text', () => {
    expect(escapeSlackText('a<b>&c')).toBe('a&lt;b&gt;&amp;c');
    const p = slackPayload(fired);
    const section = (p.blocks[1] as { text: { text: string } }).text.text;
    expect(section).toContain('openai/&lt;gpt-4o&gt;&amp;co');
    expect(section).not.toContain('<gpt-4o>');
    expect(p.text).not.toContain('<gpt-4o>');
  });

  it('clips a long message to the 3000-character section limit', () => {
    const p = slackPayload({ ...fired, message: 'x'.repeat(5000) });
    expect((p.blocks[1] as { text: { text: string } }).text.text.length).toBe(3000);
  });

  it('groups many transitions into one digest message', () => {
    const d = slackDigestPayload({ notices: [fired, resolved], omitted: 3 });
    expect(d.text).toBe('5 alert transitions');
    expect((d.blocks[1] as { text: { text: string } }).text.text).toContain('… and 3 more');
  });
});

describe('Microsoft Teams Adaptive Card payload', () => {
  it('is a message with one Adaptive Card attachment as the incoming webhook expects', () => {
    const p = teamsPayload(fired);
    expect(p.type).toBe('message');
    expect(p.attachments).toHaveLength(1);
    const [attachment] = p.attachments;
    expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(attachment.contentUrl).toBeNull();
    expect(attachment.content).toMatchObject({
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      type: 'AdaptiveCard',
      version: '1.4',
    });
    const body = attachment.content.body as Record<string, any>[];
    expect(body.map((b) => b.type)).toEqual(['TextBlock', 'TextBlock', 'FactSet']);
    expect(body[2].facts).toContainEqual({ title: 'Team', value: 'search' });
    expect(attachment.content.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Evidence', url: fired.evidenceUrl }]);
  });
});

describe('PagerDuty Events v2 payload', () => {
  it('triggers with routing key, dedup key and the required payload fields', () => {
    const p = pagerDutyPayload(fired, 'R0UT1NGKEY') as Record<string, any>;
    expect(p.routing_key).toBe('R0UT1NGKEY');
    expect(p.event_action).toBe('trigger');
    expect(p.dedup_key.length).toBeLessThanOrEqual(255);
    expect(p.payload.summary.length).toBeLessThanOrEqual(1024);
    expect(p.payload.source).toBe('tokenmeter');
    expect(['critical', 'error', 'warning', 'info']).toContain(p.payload.severity);
    expect(p.links).toEqual([{ href: fired.evidenceUrl, text: 'Evidence' }]);
  });

  it('resolves the same alert with the same dedup key and nothing else', () => {
    const trigger = pagerDutyPayload(fired, 'K') as Record<string, unknown>;
    expect(pagerDutyPayload(resolved, 'K')).toEqual({
      routing_key: 'K',
      event_action: 'resolve',
      dedup_key: trigger.dedup_key,
    });
  });

  it('is never sent as a digest', () => {
    expect(() =>
      renderAlertBody({ type: 'pagerduty', secret: 'k' }, { digest: { notices: [fired], omitted: 0 } }),
    ).toThrow(/never a digest/);
  });
});

describe('generic webhook', () => {
  it('carries the alert with its evidence and a stable id across fired and resolved', () => {
    expect(webhookPayload(fired)).toMatchObject({ type: 'alert.fired', team: 'search', evidence: fired.evidence });
    expect(webhookPayload(resolved).alertId).toBe(webhookPayload(fired).alertId);
  });

  it('verifies a fresh signature in constant time and refuses a stale, altered or missing one', () => {
    const body = JSON.stringify(webhookPayload(fired));
    const now = 1_800_000_000;
    const signature = webhookSignature('s3cret', String(now), body);
    expect(verifyWebhookSignature('s3cret', { signature, timestamp: String(now) }, body, now + 10)).toBe(true);
    const late = now + REPLAY_WINDOW_SECONDS + 1;
    expect(verifyWebhookSignature('s3cret', { signature, timestamp: String(now) }, body, late)).toBe(false);
    expect(verifyWebhookSignature('s3cret', { signature, timestamp: String(now) }, `${body} `, now)).toBe(false);
    expect(verifyWebhookSignature('other', { signature, timestamp: String(now) }, body, now)).toBe(false);
    expect(verifyWebhookSignature('s3cret', { signature: undefined, timestamp: String(now) }, body, now)).toBe(false);
  });
});

describe('destination URL check', () => {
  const policy = { allowedHosts: [], allowHttp: false };
  it('refuses private hosts, http and credentials unless configured', () => {
    expect(destinationUrlProblem('https://hooks.slack.com/services/T/B/X', policy)).toBeNull();
    expect(destinationUrlProblem('https://169.254.169.254/latest', policy)).toMatch(/link-local/);
    expect(destinationUrlProblem('https://[::1]:8080/', policy)).toMatch(/loopback/);
    expect(destinationUrlProblem('https://10.1.2.3/', policy)).toMatch(/"10\.1\.2\.3" is a private address/);
    expect(destinationUrlProblem('https://[::ffff:a9fe:a9fe]/', policy)).toMatch(/link-local/);
    expect(destinationUrlProblem('https://localhost/', policy)).toMatch(/loopback/);
    expect(destinationUrlProblem('http://example.com/', policy)).toMatch(/expected an https URL/);
    expect(destinationUrlProblem('https://u:p@example.com/', policy)).toMatch(/user name/);
    expect(destinationUrlProblem('not a url', policy)).toMatch(/absolute/);
    expect(
      destinationUrlProblem('http://127.0.0.1:9000/hook', { allowedHosts: ['127.0.0.1'], allowHttp: true }),
    ).toBeNull();
  });

  it('checks each address a public name resolves to', () => {
    expect(resolvedAddressProblem('hooks.example.com', '169.254.169.254', policy)).toMatch(
      /resolves to the link-local address/,
    );
    expect(resolvedAddressProblem('hooks.example.com', '8.8.8.8', policy)).toBeNull();
    expect(
      resolvedAddressProblem('relay.internal', '10.0.0.5', { ...policy, allowedHosts: ['relay.internal'] }),
    ).toBeNull();
  });
});
