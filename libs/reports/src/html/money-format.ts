// How numbers read on the pages and in chart captions.

/** toLocaleString with options builds a formatter on every call: a third of the dashboard's rendering. */
const CENTS = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const usd = (v: number | null | undefined): string =>
  v === null || v === undefined ? 'n/a' : `$${CENTS.format(v)}`;

export const pct = (v: number | null | undefined): string =>
  v === null || v === undefined ? 'n/a' : `${v > 0 ? '+' : ''}${v.toFixed(1)}%`;

export function tokens(v: number | null | undefined): string {
  if (v === null || v === undefined) return 'n/a';
  const abs = Math.abs(v);
  if (abs >= 1e9) return `${(v / 1e9).toFixed(2)}B`;
  if (abs >= 1e6) return `${(v / 1e6).toFixed(2)}M`;
  if (abs >= 1e3) return `${(v / 1e3).toFixed(1)}k`;
  return String(Math.round(v));
}
