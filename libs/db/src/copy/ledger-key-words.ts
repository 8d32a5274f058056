// Ledger keys (128 bits, see ledgerKey) held as four 32-bit words each in a Uint32Array, most
// significant first, so a batch's keys are one transferable buffer rather than thousands of strings,
// and comparing two keys is four number comparisons. Word order equals the byte order Postgres
// sorts uuids by, and the order of the keys' hex text.

export const WORDS_PER_KEY = 4;

/** Writes the key whose 32 hex digits start `hex` (lowercase) as key number `index` of `words`. */
export function writeKeyWords(hex: string, words: Uint32Array, index: number): void {
  for (let w = 0; w < WORDS_PER_KEY; w++) {
    let word = 0;
    for (let c = w * 8; c < w * 8 + 8; c++) {
      const code = hex.charCodeAt(c);
      // '0'-'9' are 48-57, 'a'-'f' are 97-102.
      word = word * 16 + (code <= 57 ? code - 48 : code - 87);
    }
    words[index * WORDS_PER_KEY + w] = word;
  }
}

/** Negative, zero or positive as key i of `a` sorts before, with or after key j of `b`. */
export function compareKeys(a: Uint32Array, i: number, b: Uint32Array, j: number): number {
  for (let w = 0; w < WORDS_PER_KEY; w++) {
    const x = a[i * WORDS_PER_KEY + w]!;
    const y = b[j * WORDS_PER_KEY + w]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** Key `index` as the 32 hex digits of ledgerKey (tests and logs). */
export function keyHex(words: Uint32Array, index: number): string {
  let hex = '';
  for (let w = 0; w < WORDS_PER_KEY; w++) hex += words[index * WORDS_PER_KEY + w]!.toString(16).padStart(8, '0');
  return hex;
}

/** The keys at `indexes`, in that order. */
export function pickKeys(words: Uint32Array, indexes: readonly number[]): Uint32Array {
  const picked = new Uint32Array(indexes.length * WORDS_PER_KEY);
  for (const [position, index] of indexes.entries()) {
    picked.set(words.subarray(index * WORDS_PER_KEY, (index + 1) * WORDS_PER_KEY), position * WORDS_PER_KEY);
  }
  return picked;
}
