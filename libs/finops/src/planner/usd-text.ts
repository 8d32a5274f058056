// Amounts of money as a rationale says them.

/** "$1,030": whole dollars, for a recommendation's headline figures; the sentence says which way (no sign). */
export const usdText = (v: number) => `$${Math.round(Math.abs(v)).toLocaleString('en-US')}`;

/** "$2,149.65": to the cent, for sentences whose parts a reader adds up by hand. Like usdText, without a sign. */
export const usdCentsText = (v: number) => `$${CENTS.format(Math.abs(v))}`;

/** One formatter for every amount: toLocaleString with options builds one per call (a tenth of a pricing). */
const CENTS = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
