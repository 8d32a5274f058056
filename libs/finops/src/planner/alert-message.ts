// The Slack-compatible body of an alert transition ({text, blocks}); every webhook receives this.

export interface AlertMessageInput {
  team: string;
  kind: string;
  subject: string;
  transition: 'fired' | 'resolved';
  runDate: string;
  message: string;
  value: number | null;
  threshold: number | null;
  evidenceUrl?: string | null;
}

export interface SlackMessage {
  text: string;
  blocks: unknown[];
}

/**
 * Text from usage (a model name, a team, a message that quotes them) as Slack mrkdwn shows it
 * literally: `&`, `<` and `>` are its only control characters, and `<!channel>` or
 * `<https://evil|click>` must reach readers as text, not as a mention or a disguised link.
 */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function alertSlackMessage(alert: AlertMessageInput): SlackMessage {
  const icon = alert.transition === 'fired' ? ':rotating_light:' : ':white_check_mark:';
  const [team, kind, subject, message] = [alert.team, alert.kind, alert.subject, alert.message].map(escapeSlackText);
  const text = `${icon} [${alert.transition}] ${team} ${kind} (${subject}): ${message}`;
  const fields = [
    { type: 'mrkdwn', text: `*Team*\n${team}` },
    { type: 'mrkdwn', text: `*Night*\n${alert.runDate}` },
    { type: 'mrkdwn', text: `*Value*\n${alert.value ?? 'n/a'}` },
    { type: 'mrkdwn', text: `*Threshold*\n${alert.threshold ?? 'n/a'}` },
  ];
  const blocks: unknown[] = [
    { type: 'section', text: { type: 'mrkdwn', text } },
    { type: 'section', fields },
  ];
  if (alert.evidenceUrl)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `<${alert.evidenceUrl}|evidence>` }] });
  return { text, blocks };
}
