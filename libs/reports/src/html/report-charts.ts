// The weekly report's charts: each an ECharts option plus its key numbers in words.
import type { DeploymentWeek, ReportRecommendation, SpendLine, WeeklyReport } from '@tokenmeter/finops';
import { pct, tokens, usd } from './money-format';
import type { Chart } from './svg-chart';

const axisUsd = { type: 'value', axisLabel: { formatter: (v: number) => `$${v.toLocaleString('en-US')}` } };
const axisTokens = { type: 'value', axisLabel: { formatter: (v: number) => tokens(v) } };
// Server-side rendering measures text only roughly: a wider gap keeps a long name off the next marker.
const legend = { top: 4, itemGap: 28 };

function spendChart(title: string, lines: SpendLine[], report: WeeklyReport): Chart {
  return {
    title,
    summary: lines.length
      ? `${report.week} against ${report.previousLabel ?? report.previousWeek}, ${lines.length} ` +
        `${lines.length === 1 ? 'entry' : 'entries'}.`
      : `No spend in ${report.week} or ${report.previousWeek}.`,
    details: lines.map(
      (l) => `${l.label}: ${usd(l.costUsd)} (previous week ${usd(l.previousCostUsd)}, ${pct(l.changePct)})`,
    ),
    height: Math.max(200, 80 + lines.length * 44),
    option: {
      legend,
      grid: { left: 16, right: 32, top: 36, bottom: 24, containLabel: true },
      yAxis: { type: 'category', inverse: true, data: lines.map((l) => l.label) },
      xAxis: axisUsd,
      series: [
        { name: report.previousLabel ?? report.previousWeek, type: 'bar', data: lines.map((l) => l.previousCostUsd) },
        {
          name: report.week,
          type: 'bar',
          data: lines.map((l) => l.costUsd),
          label: { show: true, position: 'right', formatter: (p: { value: number }) => usd(p.value) },
        },
      ],
    },
  };
}

export function spendByProviderChart(report: WeeklyReport): Chart {
  return spendChart('Spend by provider', report.spendByProvider, report);
}

export function spendByTeamChart(report: WeeklyReport): Chart {
  return spendChart('Spend by team', report.spendByTeam, report);
}

export function tokensChart(report: WeeklyReport): Chart {
  const t = report.totals;
  return {
    title: 'API versus self-hosted tokens',
    summary: `${tokens(t.apiTokens)} API tokens and ${tokens(t.selfHostedTokens)} self-hosted tokens in ${report.week}${
      t.selfHostedShare === null ? '' : ` (${(t.selfHostedShare * 100).toFixed(1)}% self-hosted)`
    }.`,
    details: report.tokensByDay.map(
      (d) => `${d.day}: ${tokens(d.apiTokens)} API, ${tokens(d.selfHostedTokens)} self-hosted`,
    ),
    option: {
      legend,
      xAxis: { type: 'category', data: report.tokensByDay.map((d) => d.day.slice(5)) },
      yAxis: axisTokens,
      series: [
        { name: 'API', type: 'bar', stack: 'tokens', data: report.tokensByDay.map((d) => d.apiTokens) },
        { name: 'Self-hosted', type: 'bar', stack: 'tokens', data: report.tokensByDay.map((d) => d.selfHostedTokens) },
      ],
    },
  };
}

export function trendChart(report: WeeklyReport): Chart {
  return {
    title: `Spend trend, last ${report.trend.length} weeks`,
    summary:
      `From ${usd(report.trend[0]?.costUsd)} in ${report.trend[0]?.week} ` +
      `to ${usd(report.trend.at(-1)?.costUsd)} in ${report.trend.at(-1)?.week}.`,
    details: report.trend.map(
      (w) =>
        `${w.week}: ${usd(w.costUsd)}, ${tokens(w.apiTokens)} API tokens, ` +
        `${tokens(w.selfHostedTokens)} self-hosted tokens`,
    ),
    option: {
      legend,
      xAxis: { type: 'category', data: report.trend.map((w) => w.week) },
      yAxis: axisUsd,
      series: [
        {
          name: 'Spend (USD)',
          type: 'line',
          symbolSize: 6,
          areaStyle: { opacity: 0.15 },
          data: report.trend.map((w) => w.costUsd),
        },
      ],
    },
  };
}

export function breakEvenChart(rec: ReportRecommendation): Chart | null {
  const chart = rec.chart;
  if (!chart) return null;
  const last = chart.points.at(-1)!;
  const capex = chart.points[0]!.cumulativeSelfHostedUsd;
  // Renting or a hosted open model has nothing up front: there is no break-even to reach, only a cheaper month.
  const crossing =
    capex === 0
      ? chart.crossingMonth === null
        ? `With nothing up front, it costs more than the API every month for ${last.month} months.`
        : 'With nothing up front, it costs less than the API from the first month: nothing to pay back.'
      : chart.crossingMonth === null
        ? `The lines do not cross within ${last.month} months: self-hosting does not pay back in that time.`
        : `They cross at month ${chart.crossingMonth} at ${usd(chart.crossingUsd)}: break-even.`;
  return {
    title: `Break-even: ${rec.workload} (${rec.team})`,
    summary:
      'Cumulative API cost against cumulative self-hosted cost ' +
      `(${capex === 0 ? 'no up-front cost' : `capex ${usd(capex)} up front`}). ${crossing}`,
    details: [12, 24, 36]
      .map((m) => chart.points.find((p) => p.month === m))
      .filter((p) => p !== undefined)
      .map((p) => `Month ${p.month}: API ${usd(p.cumulativeApiUsd)}, self-hosted ${usd(p.cumulativeSelfHostedUsd)}`),
    option: {
      legend,
      xAxis: { type: 'value', name: 'month', nameLocation: 'middle', nameGap: 24, min: 0, max: last.month },
      yAxis: axisUsd,
      series: [
        {
          name: 'Cumulative API cost',
          type: 'line',
          showSymbol: false,
          data: chart.points.map((p) => [p.month, p.cumulativeApiUsd]),
          markPoint:
            chart.crossingMonth === null
              ? undefined
              : {
                  symbol: 'pin',
                  symbolSize: 44,
                  label: { formatter: `m${chart.crossingMonth}`, fontSize: 10 },
                  data: [{ name: 'break-even', coord: [chart.crossingMonth, chart.crossingUsd] }],
                },
        },
        {
          name: 'Cumulative self-hosted cost',
          type: 'line',
          showSymbol: false,
          data: chart.points.map((p) => [p.month, p.cumulativeSelfHostedUsd]),
        },
      ],
    },
  };
}

export function utilizationChart(d: DeploymentWeek): Chart {
  return {
    title: `GPU utilization: ${d.deployment} (${d.team})`,
    summary:
      d.idleWasteUsd === null
        ? `Cost ${usd(d.costUsd)} this week; how much paid for idle capacity is unknown (no output capacity on record).`
        : `Cost ${usd(d.costUsd)} this week, of which ${usd(d.idleWasteUsd)} paid for idle capacity.`,
    details: d.days.map(
      (day) =>
        `${day.day}: ${day.utilizationPct === null ? 'utilization unknown' : `${day.utilizationPct}% utilized`}, ` +
        `idle ${usd(day.idleWasteUsd)} of ${usd(day.costUsd)}`,
    ),
    option: {
      legend,
      xAxis: { type: 'category', data: d.days.map((day) => day.day.slice(5)) },
      yAxis: [
        { type: 'value', name: 'utilization %', min: 0, max: 100 },
        { ...axisUsd, name: 'idle USD', splitLine: { show: false } },
      ],
      series: [
        { name: 'Utilization %', type: 'bar', data: d.days.map((day) => day.utilizationPct) },
        { name: 'Idle USD', type: 'line', yAxisIndex: 1, symbolSize: 6, data: d.days.map((day) => day.idleWasteUsd) },
      ],
    },
  };
}

export function forecastChart(report: WeeklyReport): Chart | null {
  const f = report.forecast;
  if (f.months.length === 0) return null;
  const level = f.intervalLevel === null ? '' : ` (${Math.round(f.intervalLevel * 100)}% interval)`;
  return {
    title: 'Token forecast, next 3 months',
    summary:
      `Forecast of ${f.runDate}: ${f.months.map((m) => `month ${m.month} ${tokens(m.tokens)}`).join(', ')}` +
      `${level}.`,
    details: f.months.map(
      (m) => `Month ${m.month}: ${tokens(m.tokens)} tokens, between ${tokens(m.lower)} and ${tokens(m.upper)}`,
    ),
    option: {
      legend: { ...legend, data: ['Forecast', 'Interval'] },
      xAxis: { type: 'category', boundaryGap: false, data: f.months.map((m) => `month ${m.month}`) },
      yAxis: axisTokens,
      series: [
        {
          name: 'Lower',
          type: 'line',
          stack: 'band',
          symbol: 'none',
          lineStyle: { opacity: 0 },
          data: f.months.map((m) => m.lower),
        },
        {
          name: 'Interval',
          type: 'line',
          stack: 'band',
          symbol: 'none',
          lineStyle: { opacity: 0 },
          areaStyle: { color: '#93c5fd', opacity: 0.5 },
          itemStyle: { color: '#93c5fd' }, // the legend's marker in the band's colour
          data: f.months.map((m) => m.upper - m.lower),
        },
        { name: 'Forecast', type: 'line', symbolSize: 6, data: f.months.map((m) => m.tokens) },
      ],
    },
  };
}
