/** A monthly token volume as people read it: "48.5K", "848.6M", "1.59B"; "n/a" for none. */
export function tokensText(v: number | null): string {
  if (v === null) return 'n/a';
  if (v >= 1e9) return `${Number((v / 1e9).toFixed(2))}B`;
  // Under 0.1M, millions to one decimal would read "0M".
  if (v < 1e5) return `${Number((v / 1e3).toFixed(1))}K`;
  return `${Number((v / 1e6).toFixed(1))}M`;
}
