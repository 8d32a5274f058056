// The dashboard: this week so far, the spend trend, open recommendations and alerts.
import type { WeeklyReport } from '@tokenmeter/finops';
import { escapeHtml } from './html-escape';
import { renderPage } from './page-layout';
import { tokensChart, trendChart } from './report-charts';
import { chartFigure } from './svg-chart';
import {
  alertsTable,
  kpiBoxes,
  recommendationsSection,
  saturationTable,
  scopeLabel,
  spendTable,
} from './weekly-report-page';

export function renderDashboardPage(thisWeek: WeeklyReport, lastWeek: string, who: string): string {
  const body = `
<h1>Dashboard <span class="note">· ${escapeHtml(scopeLabel(thisWeek))}</span></h1>
<p class="note">This week: ${escapeHtml(thisWeek.week)} \
(${escapeHtml(thisWeek.from)} to ${escapeHtml(thisWeek.to)}, so far: ${escapeHtml(soFar(thisWeek))}). \
Last complete week: <a href="/reports/weekly/${escapeHtml(lastWeek)}">weekly report ${escapeHtml(lastWeek)}</a>.</p>
${kpiBoxes(thisWeek)}
<h2>Trend</h2>
${chartFigure(trendChart(thisWeek), 'trend')}
${chartFigure(tokensChart(thisWeek), 'tokens')}
${spendTable('Spend by team, this week so far', thisWeek.spendByTeam, thisWeek)}
<h2>Recommendations</h2>
${recommendationsSection(thisWeek, false)}
<h2>Capacity forecasts</h2>
${saturationTable(thisWeek)}
<h2>Alerts this week</h2>
${alertsTable(thisWeek)}
`;
  return renderPage({ title: 'Dashboard', who, body });
}

/** Which days a running week counts: those the nightly rollup has closed (today's come after the night). */
function soFar(report: WeeklyReport): string {
  if (report.countedThrough === undefined) return 'the days rolled up';
  return report.countedThrough === null
    ? 'no day closed by the nightly rollup yet'
    : `through ${report.countedThrough}, the last day the nightly rollup has closed`;
}
