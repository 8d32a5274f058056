// The package ships no types. Values stay strings, as the library returns them.
declare module 'parse-prometheus-text-format' {
  interface ParsedPrometheusMetric {
    value?: string;
    labels?: Record<string, string>;
    timestamp_ms?: string;
    buckets?: Record<string, string>;
    quantiles?: Record<string, string>;
    count?: string;
    sum?: string;
  }
  interface ParsedPrometheusFamily {
    name: string;
    help: string;
    type: string;
    metrics: ParsedPrometheusMetric[];
  }
  function parsePrometheusTextFormat(text: string): ParsedPrometheusFamily[];
  export = parsePrometheusTextFormat;
}
