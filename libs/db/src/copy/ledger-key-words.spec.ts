import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareKeys, keyHex, pickKeys, writeKeyWords } from './ledger-key-words';
import { ledgerKey } from './usage-copy-rows';

const hex32 = fc.stringMatching(/^[0-9a-f]{32}$/);

describe('ledger key words', () => {
  it('hold a key exactly and sort keys as their hex text sorts', () => {
    fc.assert(
      fc.property(hex32, hex32, (a, b) => {
        const words = new Uint32Array(8);
        writeKeyWords(a, words, 0);
        writeKeyWords(b, words, 1);
        expect([keyHex(words, 0), keyHex(words, 1)]).toEqual([a, b]);
        expect(Math.sign(compareKeys(words, 0, words, 1))).toBe(a < b ? -1 : a > b ? 1 : 0);
      }),
      { numRuns: 5_000 },
    );
  });

  it('read the ledger key from the start of an event digest and pick keys by index', () => {
    const words = new Uint32Array(8);
    writeKeyWords(`${ledgerKey('t', 'spec', 'a')}${'f'.repeat(32)}`, words, 0);
    writeKeyWords(ledgerKey('t', 'spec', 'b'), words, 1);
    expect(keyHex(pickKeys(words, [1, 0]), 1)).toBe(ledgerKey('t', 'spec', 'a'));
    expect(keyHex(pickKeys(words, [1, 0]), 0)).toBe(ledgerKey('t', 'spec', 'b'));
  });
});
