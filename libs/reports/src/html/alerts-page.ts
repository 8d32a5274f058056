// The alerting page: current alerts, the history of firings and resolutions with their evidence
// and the recommendation they agree with, the rules and destinations in force, what was delivered
// where (dead letters included), the saturation forecasts, and the audit trail of changes.
import { isoWeekOf } from '@tokenmeter/contracts';
import { escapeHtml } from './html-escape';
import { renderPage } from './page-layout';

export interface AlertsPageData {
  scope: string;
  states: { team: string; kind: string; subject: string; state: string; message: string; firedOn: string | null }[];
  transitions: {
    team: string;
    kind: string;
    subject: string;
    runDate: string;
    transition: string;
    message: string;
    evidence: Record<string, unknown>;
  }[];
  rules: { id: string; team: string; kind: string; threshold: number; enabled: boolean; mutedUntil: string | null }[];
  destinations: {
    id: string;
    team: string | null;
    type: string;
    name: string;
    kinds: string[];
    mutedUntil: string | null;
  }[];
  deliveries: { destinationId: string; status: string; attempts: number; describe: string; lastError: string | null }[];
  saturation: {
    deployment: string;
    team: string;
    month: string | null;
    earliestMonth: string | null;
    latestMonth: string | null;
    weeksUntil: number | null;
    capacityTokensPerSec: number;
  }[];
  audit: { at: string; actor: string; entity: string; entityId: string; action: string }[];
}

const cell = (v: unknown) => `<td>${escapeHtml(v ?? '')}</td>`;
const table = (head: string[], rows: string[][]) =>
  rows.length === 0
    ? '<p class="note">None.</p>'
    : `<div class="table-wrap"><table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>` +
      `</thead><tbody>${rows.map((r) => `<tr>${r.join('')}</tr>`).join('')}</tbody></table></div>`;

/**
 * The recommendation an alert names, linked to the weekly report page of its night's week (a page a signed-in
 * reader can open; the JSON API it names in the evidence wants an API key).
 */
function evidenceCell(evidence: Record<string, unknown>, runDate: string): string {
  const rec = evidence.recommendation as { api?: string; kind?: string; workload?: string } | undefined;
  const week = isoWeekOf(new Date(`${runDate}T00:00:00Z`));
  const link = rec
    ? `<a href="/reports/weekly/${escapeHtml(week)}">${escapeHtml(rec.kind ?? 'recommendation')} ` +
      `(weekly report ${escapeHtml(week)})</a> `
    : '';
  const shown = escapeHtml(JSON.stringify(evidence, null, 2));
  return `<td>${link}<details><summary>evidence</summary><pre>${shown}</pre></details></td>`;
}

export function renderAlertsPage(data: AlertsPageData, who: string): string {
  const body = `
<h1>Alerts <span class="note">· ${escapeHtml(data.scope)}</span></h1>
<p class="note">Rules and destinations are changed through <code>/v1/alerts</code> or <code>tokenmeter alerts</code>;
every change is in the audit trail below.</p>
<h2>Firing now</h2>
${table(
  ['team', 'alert', 'subject', 'since', 'message'],
  data.states
    .filter((s) => s.state === 'firing')
    .map((s) => [cell(s.team), cell(s.kind), cell(s.subject), cell(s.firedOn), cell(s.message)]),
)}
<h2>History</h2>
${table(
  ['night', 'transition', 'team', 'alert', 'subject', 'message', 'recommendation and evidence'],
  data.transitions.map((t) => [
    cell(t.runDate),
    cell(t.transition),
    cell(t.team),
    cell(t.kind),
    cell(t.subject),
    cell(t.message),
    evidenceCell(t.evidence, t.runDate),
  ]),
)}
<h2>Saturation forecasts</h2>
${table(
  ['deployment', 'team', 'capacity (tokens/s)', 'busiest hour exceeds it', '90% interval', 'weeks'],
  data.saturation.map((s) => [
    cell(s.deployment),
    cell(s.team),
    cell(s.capacityTokensPerSec),
    cell(s.month ?? 'not within two years'),
    cell(`${s.earliestMonth ?? '—'} to ${s.latestMonth ?? 'beyond two years'}`),
    cell(s.weeksUntil ?? '—'),
  ]),
)}
<h2>Rules</h2>
${table(
  ['id', 'team', 'kind', 'threshold', 'enabled', 'muted until'],
  data.rules.map((r) => [
    cell(r.id),
    cell(r.team),
    cell(r.kind),
    cell(r.threshold),
    cell(r.enabled),
    cell(r.mutedUntil),
  ]),
)}
<h2>Destinations</h2>
${table(
  ['id', 'team', 'type', 'name', 'kinds', 'muted until'],
  data.destinations.map((d) => [
    cell(d.id),
    cell(d.team ?? 'every team'),
    cell(d.type),
    cell(d.name),
    cell(d.kinds.length ? d.kinds.join(', ') : 'all'),
    cell(d.mutedUntil),
  ]),
)}
<h2>Deliveries</h2>
${table(
  ['destination', 'status', 'attempts', 'message', 'last error'],
  data.deliveries.map((d) => [
    cell(d.destinationId),
    cell(d.status),
    cell(d.attempts),
    cell(d.describe),
    cell(d.lastError),
  ]),
)}
<h2>Changes</h2>
${table(
  ['when', 'who', 'what', 'id', 'action'],
  data.audit.map((a) => [cell(a.at), cell(a.actor), cell(a.entity), cell(a.entityId), cell(a.action)]),
)}
`;
  return renderPage({ title: 'Alerts', who, body });
}
