import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyHex, writeKeyWords } from './ledger-key-words';
import { RecentKeys } from './recent-keys';

/** Keys as words, from 32-digit hex strings. */
function words(hexKeys: string[]): Uint32Array {
  const out = new Uint32Array(hexKeys.length * 4);
  for (const [i, hex] of hexKeys.entries()) writeKeyWords(hex, out, i);
  return out;
}

const key = (n: number) => n.toString(16).padStart(32, '0');

describe('RecentKeys', () => {
  it('remembers between capacity and twice capacity of the latest keys', () => {
    const recent = new RecentKeys(3);
    const all = words(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((c) => c.repeat(32)));
    for (let i = 0; i < 5; i++) recent.add(all, i);
    expect([0, 1, 2, 3, 4].map((i) => recent.has(all, i))).toEqual([true, true, true, true, true]);
    recent.add(all, 5);
    recent.add(all, 6); // the newer generation (d, e, f) was full: a, b, c are forgotten
    expect([0, 1, 2, 3, 4, 5, 6].map((i) => recent.has(all, i))).toEqual([false, false, false, true, true, true, true]);
  });

  it('tells keys apart that share a slot, and never remembers the all-zero key that marks empty slots', () => {
    const recent = new RecentKeys(100);
    // Same first word (the slot), different later words.
    const keys = words([key(1), key(2), `${'0'.repeat(31)}3`, key(0)]);
    recent.add(keys, 0);
    recent.add(keys, 3);
    expect([0, 1, 2, 3].map((i) => recent.has(keys, i))).toEqual([true, false, false, false]);
  });

  it('answers like a set of the latest keys for any sequence of adds and lookups', () => {
    // Few distinct keys with few distinct first words: many share a slot, and some repeat. (Not the
    // all-zero key, which is never remembered: the test above.)
    const hexKey = fc
      .tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 1, max: 8 }))
      .map(([slot, rest]) => `${slot.toString(16).padStart(8, '0')}${'0'.repeat(23)}${rest}`);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), hexKey), { maxLength: 200 }), (operations) => {
        const capacity = 5;
        const recent = new RecentKeys(capacity);
        // Reference: two generations of string sets, as the class documents.
        let newer = new Set<string>();
        let older = new Set<string>();
        for (const [isAdd, hex] of operations) {
          const one = words([hex]);
          if (isAdd) {
            if (newer.size >= capacity) [older, newer] = [newer, new Set()];
            newer.add(hex);
            recent.add(one, 0);
          } else {
            expect(recent.has(one, 0)).toBe(newer.has(hex) || older.has(hex));
          }
          expect(keyHex(one, 0)).toBe(hex);
        }
      }),
      { numRuns: 2_000 },
    );
  });
});
