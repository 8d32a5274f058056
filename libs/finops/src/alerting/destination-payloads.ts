// The body each kind of destination receives for one alert transition (or a digest of several):
// a generic signed JSON document, Slack Block Kit, a Microsoft Teams Adaptive Card, a PagerDuty
// Events v2 event and a plain-text email. Pure: the sender only posts what these return.

export type DestinationType = 'webhook' | 'slack' | 'teams' | 'pagerduty' | 'email';
export const DESTINATION_TYPES: readonly DestinationType[] = ['webhook', 'slack', 'teams', 'pagerduty', 'email'];

export interface AlertNotice {
  team: string;
  kind: string;
  subject: string;
  transition: 'fired' | 'resolved';
  runDate: string;
  message: string;
  value: number | null;
  threshold: number | null;
  evidence: Record<string, unknown>;
  /** Where the evidence is shown (the alert history page), when a public base URL is configured. */
  evidenceUrl: string | null;
}

/** Several transitions for one destination sent as one message (grouping, never a storm). */
export interface AlertDigest {
  notices: AlertNotice[];
  /** How many more transitions the digest stands for beyond `notices` (shown as "and N more"). */
  omitted: number;
}

const SLACK_SECTION_MAX = 3000;
const SLACK_HEADER_MAX = 150;
const SLACK_FIELD_MAX = 2000;
const PAGERDUTY_SUMMARY_MAX = 1024;
const PAGERDUTY_DEDUP_MAX = 255;

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
const shown = (v: number | null) => (v === null ? 'n/a' : String(Math.round(v * 1000) / 1000));
const title = (n: AlertNotice) =>
  `${n.transition === 'fired' ? 'FIRING' : 'RESOLVED'}: ${n.kind} for ${n.team} (${n.subject})`;

/** Slack mrkdwn treats &, < and > as control characters; model and team names are user data. */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The identity of one alert across its transitions (PagerDuty's dedup_key, the webhook's alertId). */
export function alertIdentity(n: Pick<AlertNotice, 'team' | 'kind' | 'subject'>): string {
  return clip(`tokenmeter/${n.team}/${n.kind}/${n.subject}`, PAGERDUTY_DEDUP_MAX);
}

/** The generic webhook's JSON document (signed by the sender): one object per transition. */
export function webhookPayload(n: AlertNotice) {
  return {
    type: `alert.${n.transition}`,
    alertId: alertIdentity(n),
    team: n.team,
    kind: n.kind,
    subject: n.subject,
    runDate: n.runDate,
    message: n.message,
    value: n.value,
    threshold: n.threshold,
    evidence: n.evidence,
    evidenceUrl: n.evidenceUrl,
  };
}

export function webhookDigestPayload(d: AlertDigest) {
  return { type: 'alert.digest', alerts: d.notices.map(webhookPayload), omitted: d.omitted };
}

/** Slack Block Kit (incoming webhook): `text` is the notification fallback, `blocks` the layout. */
export function slackPayload(n: AlertNotice) {
  const icon = n.transition === 'fired' ? ':rotating_light:' : ':white_check_mark:';
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(title(n), SLACK_HEADER_MAX), emoji: true } },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: clip(`${icon} ${escapeSlackText(n.message)}`, SLACK_SECTION_MAX) },
    },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: clip(`*Team*\n${escapeSlackText(n.team)}`, SLACK_FIELD_MAX) },
        { type: 'mrkdwn', text: `*Night*\n${n.runDate}` },
        { type: 'mrkdwn', text: `*Value*\n${shown(n.value)}` },
        { type: 'mrkdwn', text: `*Threshold*\n${shown(n.threshold)}` },
      ],
    },
  ];
  if (n.evidenceUrl) blocks.push(slackEvidenceLink(n.evidenceUrl));
  return { text: clip(`${icon} ${escapeSlackText(`${title(n)}: ${n.message}`)}`, SLACK_SECTION_MAX), blocks };
}

function slackEvidenceLink(url: string) {
  // A URL inside <...|...> must not carry | or > of its own.
  const safe = url.replace(/[|>]/g, encodeURIComponent);
  return { type: 'context', elements: [{ type: 'mrkdwn', text: `<${safe}|Evidence and recommendation>` }] };
}

export function slackDigestPayload(d: AlertDigest) {
  const lines = d.notices.map(
    (n) => `${n.transition === 'fired' ? ':rotating_light:' : ':white_check_mark:'} ${escapeSlackText(title(n))}`,
  );
  if (d.omitted > 0) lines.push(`… and ${d.omitted} more`);
  const header = `${d.notices.length + d.omitted} alert transitions`;
  return {
    text: header,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: header, emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: clip(lines.join('\n'), SLACK_SECTION_MAX) } },
    ],
  };
}

const ADAPTIVE_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

function adaptiveCardMessage(body: unknown[], actions: unknown[]) {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: { $schema: ADAPTIVE_SCHEMA, type: 'AdaptiveCard', version: '1.4', body, actions },
      },
    ],
  };
}

/** Microsoft Teams (incoming webhook or Workflows "post card" trigger): an Adaptive Card message. */
export function teamsPayload(n: AlertNotice) {
  const body = [
    {
      type: 'TextBlock',
      text: title(n),
      weight: 'Bolder',
      size: 'Medium',
      color: n.transition === 'fired' ? 'Attention' : 'Good',
      wrap: true,
    },
    { type: 'TextBlock', text: n.message, wrap: true },
    {
      type: 'FactSet',
      facts: [
        { title: 'Team', value: n.team },
        { title: 'Night', value: n.runDate },
        { title: 'Value', value: shown(n.value) },
        { title: 'Threshold', value: shown(n.threshold) },
      ],
    },
  ];
  const actions = n.evidenceUrl ? [{ type: 'Action.OpenUrl', title: 'Evidence', url: n.evidenceUrl }] : [];
  return adaptiveCardMessage(body, actions);
}

export function teamsDigestPayload(d: AlertDigest) {
  const body: unknown[] = [
    { type: 'TextBlock', text: `${d.notices.length + d.omitted} alert transitions`, weight: 'Bolder', wrap: true },
    ...d.notices.map((n) => ({ type: 'TextBlock', text: title(n), wrap: true, spacing: 'Small' })),
  ];
  if (d.omitted > 0) body.push({ type: 'TextBlock', text: `… and ${d.omitted} more`, wrap: true, isSubtle: true });
  return adaptiveCardMessage(body, []);
}

const SEVERITY: Record<string, 'critical' | 'error' | 'warning' | 'info'> = {
  'job-failed': 'error',
  'dlq-growth': 'error',
  saturation: 'warning',
  'budget-threshold': 'warning',
  'spend-anomaly': 'warning',
};

/**
 * PagerDuty Events API v2: a firing alert is a `trigger`, its resolution a `resolve` with the same
 * dedup_key, so PagerDuty closes the incident it opened.
 */
export function pagerDutyPayload(n: AlertNotice, routingKey: string) {
  const dedupKey = alertIdentity(n);
  if (n.transition === 'resolved') return { routing_key: routingKey, event_action: 'resolve', dedup_key: dedupKey };
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: dedupKey,
    payload: {
      summary: clip(`${title(n)}: ${n.message}`, PAGERDUTY_SUMMARY_MAX),
      source: 'tokenmeter',
      severity: SEVERITY[n.kind] ?? 'info',
      component: n.subject,
      group: n.team,
      class: n.kind,
      custom_details: { runDate: n.runDate, value: n.value, threshold: n.threshold, evidence: n.evidence },
    },
    client: 'TokenMeter',
    ...(n.evidenceUrl ? { client_url: n.evidenceUrl, links: [{ href: n.evidenceUrl, text: 'Evidence' }] } : {}),
  };
}

/** A plain-text email (subject and body) for SMTP destinations. */
export function emailPayload(n: AlertNotice) {
  const lines = [
    n.message,
    '',
    `Team: ${n.team}`,
    `Alert: ${n.kind} (${n.subject})`,
    `Night: ${n.runDate}`,
    `Value: ${shown(n.value)}`,
    `Threshold: ${shown(n.threshold)}`,
  ];
  if (n.evidenceUrl) lines.push(`Evidence: ${n.evidenceUrl}`);
  return { subject: `[TokenMeter] ${title(n)}`, text: lines.join('\n') };
}

export function emailDigestPayload(d: AlertDigest) {
  const lines = d.notices.map((n) => `${title(n)}: ${n.message}`);
  if (d.omitted > 0) lines.push(`… and ${d.omitted} more`);
  return { subject: `[TokenMeter] ${d.notices.length + d.omitted} alert transitions`, text: lines.join('\n') };
}

/** The exact body a destination receives (JSON text): one transition or a digest of several. */
export function renderAlertBody(
  destination: { type: string; secret: string },
  message: { notice: AlertNotice } | { digest: AlertDigest },
): string {
  const type = destination.type as DestinationType;
  if ('notice' in message) {
    const n = message.notice;
    if (type === 'slack') return JSON.stringify(slackPayload(n));
    if (type === 'teams') return JSON.stringify(teamsPayload(n));
    if (type === 'pagerduty') return JSON.stringify(pagerDutyPayload(n, destination.secret));
    if (type === 'email') return JSON.stringify(emailPayload(n));
    return JSON.stringify(webhookPayload(n));
  }
  const d = message.digest;
  if (type === 'slack') return JSON.stringify(slackDigestPayload(d));
  if (type === 'teams') return JSON.stringify(teamsDigestPayload(d));
  if (type === 'email') return JSON.stringify(emailDigestPayload(d));
  if (type === 'pagerduty') throw new Error('PagerDuty takes one event per alert, never a digest');
  return JSON.stringify(webhookDigestPayload(d));
}

/** A sample transition for a destination's `test` action. */
export function sampleAlertNotice(team: string, now: Date): AlertNotice {
  return {
    team,
    kind: 'test',
    subject: 'destination-test',
    transition: 'fired',
    runDate: now.toISOString().slice(0, 10),
    message: 'This is a test message from TokenMeter: the destination is set up correctly.',
    value: 1,
    threshold: 1,
    evidence: { test: true },
    evidenceUrl: null,
  };
}
