// Charts rendered on the server with Apache ECharts' string SVG renderer (no DOM, no canvas): the
// page carries the SVG inline, so it reads without JavaScript and prints as vectors.
import * as echarts from 'echarts';
import { escapeHtml } from './html-escape';

export const CHART_WIDTH = 720;
export const CHART_HEIGHT = 300;

export interface Chart {
  /** Short title, shown above the chart. */
  title: string;
  /** The chart's key numbers in words: the figure caption and the SVG's accessible name. */
  summary: string;
  /** Extra caption lines (one number each). */
  details: string[];
  option: echarts.EChartsCoreOption;
  height?: number;
}

/** Series colours; everything else (axes, grid, labels) is grey, so a coloured shape is data or its legend. */
export const CHART_PALETTE = ['#2563eb', '#f97316', '#16a34a', '#9333ea', '#dc2626', '#0891b2', '#ca8a04', '#4b5563'];

export function renderSvg(option: echarts.EChartsCoreOption, height = CHART_HEIGHT): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: CHART_WIDTH, height });
  try {
    chart.setOption({
      animation: false,
      color: CHART_PALETTE,
      textStyle: { fontFamily: 'system-ui, sans-serif', fontSize: 12 },
      grid: { left: 64, right: 24, top: 40, bottom: 40, containLabel: true },
      ...option,
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** A `<figure>` with the SVG (role img, named by the summary) and a caption listing the numbers. */
export function chartFigure(chart: Chart, id: string): string {
  // Replacement functions, not strings: a caption's "$1,234" must not read as a capture group.
  const name = `<title id="${id}-title">${escapeHtml(`${chart.title}. ${chart.summary}`)}</title>`;
  const svg = renderSvg(chart.option, chart.height).replace(
    /^<svg ([^>]*)>/,
    (_, attributes: string) => `<svg role="img" aria-labelledby="${id}-title" ${attributes}>${name}`,
  );
  const details = chart.details.length
    ? `<ul>${chart.details.map((d) => `<li>${escapeHtml(d)}</li>`).join('')}</ul>`
    : '';
  return `<figure class="chart" id="${id}" data-chart="${id}">
<div class="chart-svg">${svg}</div>
<figcaption><strong>${escapeHtml(chart.title)}.</strong> ${escapeHtml(chart.summary)}${details}</figcaption>
</figure>`;
}
