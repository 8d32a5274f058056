// Prometheus text exposition → flat samples, via `parse-prometheus-text-format`. That library
// throws on the first malformed line and loses the whole scrape; a scrape cut short or a stray line
// must not, so each line is tried on its own first and the ones it rejects are left out.
import parsePrometheusTextFormat from 'parse-prometheus-text-format';

export interface PrometheusSample {
  name: string;
  labels: Record<string, string>;
  /** NaN and ±Inf are kept as JavaScript numbers; consumers decide. */
  value: number;
}

export interface PrometheusParseResult {
  samples: PrometheusSample[];
  /** Lines the library rejected (malformed samples, bad HELP/TYPE). */
  rejectedLines: number;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

function accepted(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed === '' || (trimmed.startsWith('#') && !/^#\s+(HELP|TYPE)\b/.test(trimmed))) return true;
  try {
    parsePrometheusTextFormat(trimmed);
    return true;
  } catch {
    return false;
  }
}

function sampleValue(raw: string): number {
  const text = raw.trim();
  if (/^\+?inf$/i.test(text)) return Infinity;
  if (/^-inf$/i.test(text)) return -Infinity;
  return text === '' ? NaN : Number(text);
}

export function parsePrometheusText(text: string): PrometheusParseResult {
  const lines = String(text).split(/\r?\n/);
  const kept = lines.filter(accepted);
  const rejectedLines = lines.length - kept.length;
  let families: ReturnType<typeof parsePrometheusTextFormat>;
  try {
    // The library only closes the last family on a line after it: without a final newline it
    // silently drops the last sample.
    families = parsePrometheusTextFormat(`${kept.join('\n')}\n`);
  } catch {
    return { samples: [], rejectedLines: lines.length };
  }
  const samples: PrometheusSample[] = [];
  for (const family of families) {
    if (!METRIC_NAME.test(family.name)) continue;
    for (const metric of family.metrics) {
      const labels: Record<string, string> = {};
      for (const [key, value] of Object.entries(metric.labels ?? {})) labels[key] = String(value);
      if (typeof metric.value === 'string') {
        samples.push({ name: family.name, labels, value: sampleValue(metric.value) });
      }
      // Histograms and summaries come back as buckets/quantiles without `value`; their `_sum` and
      // `_count` lines are read below.
    }
  }
  samples.push(...histogramTotals(kept));
  return { samples, rejectedLines };
}

const TYPE_LINE = /^#\s+TYPE\s+([a-zA-Z_:][a-zA-Z0-9_:]*)\s+(histogram|summary)\s*$/i;
const SAMPLE_NAME = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?=[\s{])/;

/**
 * `<histogram>_sum` and `_count` samples, which are counters (TGI and Triton expose token totals only
 * as histogram sums). The library drops them when the series has labels, so each such line is read
 * on its own, as an untyped sample.
 */
function histogramTotals(lines: string[]): PrometheusSample[] {
  const families = new Set<string>();
  for (const line of lines) {
    const m = TYPE_LINE.exec(line.trim());
    if (m) families.add(m[1]);
  }
  if (families.size === 0) return [];
  const samples: PrometheusSample[] = [];
  for (const line of lines) {
    const name = SAMPLE_NAME.exec(line.trim())?.[1];
    if (!name || !/_(sum|count)$/.test(name) || !families.has(name.replace(/_(sum|count)$/, ''))) continue;
    try {
      for (const family of parsePrometheusTextFormat(`${line.trim()}\n`)) {
        for (const metric of family.metrics) {
          if (typeof metric.value !== 'string') continue;
          const labels: Record<string, string> = {};
          for (const [key, value] of Object.entries(metric.labels ?? {})) labels[key] = String(value);
          samples.push({ name, labels, value: sampleValue(metric.value) });
        }
      }
    } catch {
      // a malformed line: left out, like any other
    }
  }
  return samples;
}
