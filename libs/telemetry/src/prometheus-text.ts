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
      // Histogram and summary series come back as buckets/quantiles without `value`; none of the
      // metrics we map is one.
      if (typeof metric.value !== 'string') continue;
      const labels: Record<string, string> = {};
      for (const [key, value] of Object.entries(metric.labels ?? {})) labels[key] = String(value);
      samples.push({ name: family.name, labels, value: sampleValue(metric.value) });
    }
  }
  return { samples, rejectedLines };
}
