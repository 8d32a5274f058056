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
(${escapeHtml(thisWeek.from)} to ${escapeHtml(thisWeek.to)}, so far). \
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
