const UNITS = [
  { size: 1e9, suffix: 'B' },
  { size: 1e6, suffix: 'M' },
  { size: 1e3, suffix: 'K' },
] as const;

/** To four significant digits, trailing zeros dropped: 999.96 reads 1000. */
const fourDigits = (x: number) => Number(x.toPrecision(4));

/**
 * A monthly token volume as people read it, to four significant digits: "48.52K", "848.6M", "1.594B"; "n/a"
 * for none. Four digits keep a shown volume within 0.05 % of the one meant, so a reader who checks 1 % past
 * it lands where the sentence says (two decimals of billions were up to 0.5 % off, "0.3M" up to 17 %).
 */
export function tokensText(v: number | null): string {
  if (v === null) return 'n/a';
  // The largest unit the volume reaches once rounded (999.96M is 1B); thousands below that.
  const unit = UNITS.find(({ size }) => fourDigits(v / size) >= 1) ?? UNITS[UNITS.length - 1];
  return `${fourDigits(v / unit.size)}${unit.suffix}`;
}
