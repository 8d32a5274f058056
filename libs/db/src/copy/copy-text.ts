// A value in COPY's text format, for every COPY this library writes. Pure: the ingest path encodes
// its lines in worker threads.

/** A value in COPY's text format: \N for null; backslash, tab, newline and carriage return escaped. */
export function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!)
    : value;
}
