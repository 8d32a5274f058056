// The budgets page: every monthly budget in the reader's scope with its standing now (spent, projected
// month-end, ok / warning / exceeded), and for finops the forms that set, change and remove them. No
// script: each form posts to /budgets and the page comes back (post, redirect, get).
import type { Budget, BudgetStatus } from '@tokenmeter/finops';
import { escapeHtml } from './html-escape';
import { tokens, usd } from './money-format';
import { renderPage } from './page-layout';

/** One budget (as stored) with its standing now. */
export interface BudgetsPageRow extends Budget {
  /** null: not a key budget. */
  apiKeyId: string | null;
  updatedAt: string;
  /** null when the figures are not available (the spend could not be read). */
  status: Pick<BudgetStatus, 'state' | 'spent' | 'projected' | 'spentUsd' | 'projectedUsd' | 'unpricedRecords'> | null;
}

export interface BudgetsPageData {
  scope: string;
  rows: BudgetsPageRow[];
  /** When the figures were read (the status endpoint's snapshot). */
  asOf: string | null;
  /** Set, change and delete forms: finops only. */
  canManage: boolean;
  /** The forms' anti-forgery token (csrf.ts); empty for a caller that signs each request with its key. */
  formToken: string;
}

const inUnit = (unit: BudgetsPageRow['unit'], value: number) =>
  unit === 'usd' ? usd(value) : `${tokens(value)} tokens`;
const percentOf = (value: number, amount: number) => (amount > 0 ? `${((value / amount) * 100).toFixed(0)}%` : 'n/a');

function hidden(name: string, value: string): string {
  return `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
}

function unitSelect(selected: BudgetsPageRow['unit']): string {
  const option = (unit: string) => `<option value="${unit}"${unit === selected ? ' selected' : ''}>${unit}</option>`;
  return `<select name="unit" aria-label="unit">${option('usd')}${option('tokens')}</select>`;
}

function changeForms(row: BudgetsPageRow, token: string): string {
  return (
    `<form class="inline" method="post" action="/budgets">${hidden('csrf', token)}${hidden('team', row.team)}` +
    `${hidden('project', row.project ?? '')}${hidden('key', row.apiKeyId ?? '')}` +
    '<input name="amount" aria-label="amount" inputmode="decimal" size="10" required ' +
    `value="${escapeHtml(row.amount)}">${unitSelect(row.unit)}` +
    `<label><input type="checkbox" name="hardLimit"${row.hardLimit ? ' checked' : ''}> hard limit</label>` +
    '<button type="submit">Save</button></form>' +
    `<form class="inline" method="post" action="/budgets/${escapeHtml(row.id)}/delete">${hidden('csrf', token)}` +
    '<button type="submit">Delete</button></form>'
  );
}

function scopeCell(row: BudgetsPageRow): string {
  if (row.apiKeyId !== null) return `key <code>${escapeHtml(row.apiKeyId)}</code>`;
  return row.project === null ? '<span class="note">whole team</span>' : escapeHtml(row.project);
}

/** Records without a price count no dollars: said beside the dollars, so they are not read as complete. */
function unpricedNote(s: Pick<BudgetStatus, 'unpricedRecords'>): string {
  const n = s.unpricedRecords ?? 0;
  if (n === 0) return '';
  return `<br><span class="note">${escapeHtml(`+ ${n} unpriced record${n === 1 ? '' : 's'}, not in the USD`)}</span>`;
}

function rowHtml(row: BudgetsPageRow, data: BudgetsPageData): string {
  const s = row.status;
  const figure = (value: number) => escapeHtml(`${inUnit(row.unit, value)} (${percentOf(value, row.amount)})`);
  const cells = [
    `<td>${escapeHtml(row.team)}</td>`,
    `<td>${scopeCell(row)}</td>`,
    `<td class="num">${escapeHtml(inUnit(row.unit, row.amount))}</td>`,
    `<td class="num">${s ? figure(s.spent) : 'n/a'}</td>`,
    `<td class="num">${s ? figure(s.projected) : 'n/a'}</td>`,
    `<td class="num">${s ? escapeHtml(`${usd(s.spentUsd)} → ${usd(s.projectedUsd)}`) + unpricedNote(s) : 'n/a'}</td>`,
    `<td><span class="state state-${s?.state ?? 'unknown'}">${escapeHtml(s?.state ?? 'unknown')}</span></td>`,
    `<td>${row.hardLimit ? 'yes' : 'no'}</td>`,
  ];
  if (data.canManage) cells.push(`<td>${changeForms(row, data.formToken)}</td>`);
  return `<tr data-budget="${escapeHtml(row.id)}">${cells.join('')}</tr>`;
}

function setForm(token: string): string {
  return `<h2>Set a budget</h2>
<form class="budget" method="post" action="/budgets">${hidden('csrf', token)}
<label>Team <input name="team" required pattern="[a-z0-9][a-z0-9-]*" placeholder="search"></label>
<label>Project <input name="project" placeholder="empty: the whole team"></label>
<label>or API key id <input name="key" placeholder="a key budget: only that key's records"></label>
<label>Amount per month <input name="amount" required inputmode="decimal" placeholder="1000"></label>
<label>Unit ${unitSelect('usd')}</label>
<label><input type="checkbox" name="hardLimit"> hard limit (a gateway refuses requests once exceeded)</label>
<button type="submit">Set</button>
</form>
<p class="note">Setting the budget of a team, project or key that has one replaces it.</p>`;
}

export function renderBudgetsPage(data: BudgetsPageData, who: string): string {
  const count = (state: string) => data.rows.filter((row) => row.status?.state === state).length;
  const head = ['team', 'project or key', 'budget / month', 'spent', 'projected month-end', 'USD spent → projected'];
  head.push('state', 'hard limit');
  if (data.canManage) head.push('change');
  const table =
    data.rows.length === 0
      ? '<p class="note">No budgets.</p>'
      : `<div class="table-wrap"><table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}` +
        '</tr></thead>' +
        `<tbody>${data.rows.map((row) => rowHtml(row, data)).join('')}</tbody></table></div>`;
  const body = `
<h1>Budgets <span class="note">· ${escapeHtml(data.scope)}</span></h1>
<div class="kpis">
<div class="kpi">budgets<b>${data.rows.length}</b></div>
<div class="kpi">warning<b>${count('warning')}</b></div>
<div class="kpi">exceeded<b>${count('exceeded')}</b></div>
</div>
<p class="note">Calendar month (UTC) to date${data.asOf ? `, figures as of ${escapeHtml(data.asOf)}` : ''}. A budget is
<b>warning</b> at 80% of its amount or when the month-end projection (the month-to-date run rate) reaches it, and
<b>exceeded</b> at 100%; the 50%, 80% and 100% thresholds, actual and projected, alert once each per month.
A gateway asks <code>GET /v1/budgets/status?team=…</code> before each request.</p>
${table}
${data.canManage ? setForm(data.formToken) : ''}`;
  return renderPage({ title: 'Budgets', who, body });
}
