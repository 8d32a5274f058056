// The weekly report as one HTML page: numbers in tables and KPI boxes, every chart inline SVG with
// its key numbers in the caption.
import { twelveMonthsText, type WeeklyReport } from '@tokenmeter/finops';
import { escapeHtml } from './html-escape';
import { pct, tokens, usd } from './money-format';
import { renderPage } from './page-layout';
import {
  breakEvenChart,
  forecastChart,
  spendByProviderChart,
  spendByTeamChart,
  tokensChart,
  utilizationChart,
} from './report-charts';
import { chartFigure } from './svg-chart';

const slug = (value: string) =>
  value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

function changeCell(changePct: number | null): string {
  const cls = changePct === null ? '' : changePct > 0 ? ' up' : changePct < 0 ? ' down' : '';
  return `<td class="num${cls}">${escapeHtml(pct(changePct))}</td>`;
}

export function scopeLabel(report: WeeklyReport): string {
  return report.team === null ? 'Organization' : `Team ${report.teamName ?? report.team}`;
}

export function kpiBoxes(report: WeeklyReport): string {
  const t = report.totals;
  return `<div class="kpis">
<div class="kpi">Spend<b>${escapeHtml(usd(t.costUsd))}</b><span class="note">${
    report.preliminary
      ? `so far; ${escapeHtml(report.previousLabel ?? `${report.previousWeek} whole week`)}: ` +
        `${escapeHtml(usd(t.previousCostUsd))}${report.previousLabel ? ` (${escapeHtml(pct(t.changePct))})` : ''}`
      : `${escapeHtml(pct(t.changePct))} vs ${escapeHtml(report.previousWeek)}`
  }</span></div>
<div class="kpi">API tokens<b>${escapeHtml(tokens(t.apiTokens))}</b></div>
<div class="kpi">Self-hosted tokens<b>${escapeHtml(tokens(t.selfHostedTokens))}</b></div>
<div class="kpi">Idle GPU dollars\
<b>${escapeHtml(idleGpuDollars(report))}</b></div>
<div class="kpi">Open recommendations<b>${report.recommendations.length}</b></div>
</div>`;
}

/** The idle dollars of the deployments whose capacity is known, saying how many are not: "n/a" when none's is. */
function idleGpuDollars(report: WeeklyReport): string {
  const known = report.utilization.filter((d) => d.idleWasteUsd !== null);
  const unknown = report.utilization.length - known.length;
  if (known.length === 0 && unknown > 0) return usd(null);
  const sum = usd(known.reduce((s, d) => s + d.idleWasteUsd!, 0));
  return unknown > 0 ? `${sum} + ${unknown} unknown` : sum;
}

export function spendTable(title: string, lines: WeeklyReport['spendByTeam'], report: WeeklyReport): string {
  if (lines.length === 0) return '';
  return `<div class="table-wrap"><table><caption class="note">${escapeHtml(title)}</caption>
<thead><tr><th></th><th class="num">${escapeHtml(report.week)}</th>\
<th class="num">${escapeHtml(report.previousLabel ?? report.previousWeek)}</th>\
<th class="num">change</th></tr></thead>
<tbody>${lines
    .map(
      (l) =>
        `<tr><td>${escapeHtml(l.label)}</td><td class="num">${escapeHtml(usd(l.costUsd))}</td>` +
        `<td class="num">${escapeHtml(usd(l.previousCostUsd))}</td>${changeCell(l.changePct)}</tr>`,
    )
    .join('')}</tbody>
</table></div>${partialWeekNote(lines)}`;
}

/** Under a table whose changes come partly from days in service: which deployments, how many days. */
function partialWeekNote(lines: WeeklyReport['spendByTeam']): string {
  const deployments = [...new Set(lines.flatMap((l) => l.partialPreviousWeek ?? []))];
  if (deployments.length === 0) return '';
  return `<p class="note">Part of the change is days in service, not spend: ${escapeHtml(deployments.join('; '))}.</p>`;
}

/** Who saves the money, by the option chosen (buying, the default, reads as self-hosting). */
const OPTION_DOER: Readonly<Record<string, string>> = {
  rent: 'renting the GPUs',
  'hosted-open-model': 'the hosted open model',
  'existing-capacity': 'the capacity already owned',
};

export function recommendationsSection(report: WeeklyReport, withCharts: boolean): string {
  if (report.recommendations.length === 0) return '<p class="note">No open recommendations.</p>';
  return report.recommendations
    .map((rec) => {
      const chart = withCharts ? breakEvenChart(rec) : null;
      // A premium is said as a premium: never "$-12,363.46 saved". The money is the chosen option's.
      const doer = OPTION_DOER[rec.option ?? ''] ?? 'self-hosting';
      const facts = [
        rec.volumeBand === null ? null : `volume band ${rec.volumeBand}`,
        rec.option ? `option ${rec.option}` : null,
        rec.breakEvenMonths === null ? null : `break-even in ${rec.breakEvenMonths} months`,
        rec.monthlySavingsUsd === null
          ? null
          : rec.monthlySavingsUsd >= 0
            ? `${doer} saves ${usd(rec.monthlySavingsUsd)} a month`
            : `${doer} costs ${usd(-rec.monthlySavingsUsd)} a month more than the API`,
        rec.savings12mUsd === null ? null : twelveMonthsText(rec.savings12mUsd, rec.capexUsd ?? null, usd),
        rec.savingsUsdPerMonth === null
          ? null
          : rec.savingsUsdPerMonth >= 0
            ? `${usd(rec.savingsUsdPerMonth)} saved per month`
            : `${usd(-rec.savingsUsdPerMonth)} more per month`,
        rec.qualityGap === null ? null : `quality gap: ${rec.qualityGap}`,
        rec.confidence ? `forecast confidence ${rec.confidence}` : null,
        rec.whatWouldFlip ? `what would flip it: ${rec.whatWouldFlip}` : null,
      ].filter((f) => f !== null);
      return `<section class="rec" data-team="${escapeHtml(rec.team)}">
<h3><span class="kind">${escapeHtml(rec.kind)}</span> ${escapeHtml(rec.workload)} \
<span class="note">· ${escapeHtml(rec.team)} · night of ${escapeHtml(rec.runDate)}</span></h3>
<p>${escapeHtml(rec.rationale)}</p>${facts.length ? `<p class="note">${escapeHtml(facts.join('; '))}</p>` : ''}
${chart ? chartFigure(chart, `breakeven-${slug(`${rec.team}-${rec.workload}`)}`) : ''}
</section>`;
    })
    .join('\n');
}

export function alertsTable(report: WeeklyReport): string {
  if (report.alerts.length === 0) return '<p class="note">No alerts this week.</p>';
  return `<div class="table-wrap"><table><thead>\
<tr><th>Night</th><th>Team</th><th>Alert</th><th>Subject</th><th>Change</th><th>Message</th></tr></thead>\
<tbody>
${report.alerts
  .map(
    (a) =>
      `<tr><td>${escapeHtml(a.runDate)}</td><td>${escapeHtml(a.team)}</td><td>${escapeHtml(a.kind)}</td>` +
      `<td>${escapeHtml(a.subject)}</td><td>${escapeHtml(a.transition)}</td><td>${escapeHtml(a.message)}</td></tr>`,
  )
  .join('\n')}
</tbody></table></div>`;
}

/** When each deployment's busiest hour is forecast to exceed its capacity, with the 90% interval. */
export function saturationTable(report: WeeklyReport): string {
  const rows = report.saturation ?? [];
  if (rows.length === 0) return '<p class="note">No deployment with a known capacity and enough history.</p>';
  const body = rows
    .map(
      (s) =>
        `<tr><td>${escapeHtml(s.deployment)}</td><td>${escapeHtml(s.team)}</td>` +
        `<td>${escapeHtml(s.capacityTokensPerSec)}</td><td>${escapeHtml(s.weeklyPeaks.at(-1) ?? '')}</td>` +
        `<td>${escapeHtml(s.month ?? 'not within two years')}</td>` +
        `<td>${escapeHtml(`${s.earliestMonth ?? '—'} to ${s.latestMonth ?? 'beyond two years'}`)}</td></tr>`,
    )
    .join('');
  return (
    '<table><thead><tr><th>deployment</th><th>team</th><th>capacity (tokens/s)</th>' +
    '<th>busiest hour last week (tokens/s)</th><th>forecast to exceed capacity</th><th>90% interval</th></tr>' +
    `</thead><tbody>${body}</tbody></table>`
  );
}

export function renderWeeklyReportPage(report: WeeklyReport, who: string): string {
  const forecast = forecastChart(report);
  const body = `
<h1>Weekly report ${escapeHtml(report.week)} <span class="note">· ${escapeHtml(scopeLabel(report))}</span></h1>
<p class="note">${escapeHtml(report.from)} to ${escapeHtml(report.to)} (UTC) · \
generated ${escapeHtml(report.generatedAt.slice(0, 16).replace('T', ' '))} UTC\
${report.preliminary ? ' · preliminary: the week is not over yet' : ''}</p>
${kpiBoxes(report)}
<h2>Spend</h2>
${chartFigure(spendByProviderChart(report), 'spend-by-provider')}
${spendTable('Spend by provider', report.spendByProvider, report)}
${chartFigure(spendByTeamChart(report), 'spend-by-team')}
${spendTable('Spend by team', report.spendByTeam, report)}
<h2>API versus self-hosted tokens</h2>
${chartFigure(tokensChart(report), 'tokens')}
<h2>Open recommendations</h2>
${recommendationsSection(report, true)}
<h2>GPU utilization and idle dollars</h2>
${
  report.utilization.length
    ? report.utilization.map((d) => chartFigure(utilizationChart(d), `utilization-${slug(d.deployment)}`)).join('\n')
    : '<p class="note">No self-hosted deployments this week.</p>'
}
<h2>Capacity forecasts</h2>
${saturationTable(report)}
<h2>Alerts of the week</h2>
${alertsTable(report)}
<h2>Forecast, next 3 months</h2>
${
  forecast
    ? chartFigure(forecast, 'forecast')
    : '<p class="note">No forecast yet: the nightly planner has not forecast this scope.</p>'
}
`;
  return renderPage({ title: `Weekly report ${report.week}`, who, body });
}
