import { WORDS_PER_KEY } from './ledger-key-words';

/**
 * Keys this process has recently committed to the idempotency ledger. A client's retry usually
 * arrives a few seconds after the original, in a later micro-batch; recognising it here keeps that
 * batch on the fast path (a COPY the ledger would refuse, then a slower redo). Only committed keys
 * are remembered, so dropping a remembered key is always right; a key not remembered is still
 * checked by the ledger. Two generations bound the memory: when the newer one is full the older is
 * forgotten, so between `capacity` and twice that many keys are remembered.
 *
 * Each generation is an open-addressing hash table of whole 128-bit keys in one typed array (a Set
 * of strings cost the consumer's thread about 1 µs per event); the keys are SHA-256 bits, so their
 * first word is already a good hash. An all-zero key marks an empty slot and is never remembered.
 */
export class RecentKeys {
  private newer: KeyTable;
  private older: KeyTable;

  constructor(private readonly capacity: number) {
    this.newer = new KeyTable(capacity);
    this.older = new KeyTable(capacity);
  }

  /** Whether key `index` of `words` was remembered. */
  has(words: Uint32Array, index: number): boolean {
    return this.newer.has(words, index) || this.older.has(words, index);
  }

  add(words: Uint32Array, index: number): void {
    if (this.newer.size >= this.capacity) {
      const forgotten = this.older;
      forgotten.clear();
      this.older = this.newer;
      this.newer = forgotten;
    }
    this.newer.add(words, index);
  }
}

class KeyTable {
  private readonly slots: Uint32Array;
  private readonly mask: number;
  size = 0;

  constructor(capacity: number) {
    // At most half full, so probe runs stay short.
    let slotCount = 16;
    while (slotCount < capacity * 2) slotCount *= 2;
    this.slots = new Uint32Array(slotCount * WORDS_PER_KEY);
    this.mask = slotCount - 1;
  }

  has(words: Uint32Array, index: number): boolean {
    return this.find(words, index) >= 0;
  }

  add(words: Uint32Array, index: number): void {
    const found = this.find(words, index);
    if (found >= 0 || found === NOT_STORABLE) return;
    const at = -found - 1;
    this.slots.set(words.subarray(index * WORDS_PER_KEY, (index + 1) * WORDS_PER_KEY), at * WORDS_PER_KEY);
    this.size++;
  }

  clear(): void {
    this.slots.fill(0);
    this.size = 0;
  }

  /** The key's slot if present; otherwise -(the empty slot where it would go) - 1. */
  private find(words: Uint32Array, index: number): number {
    const k = index * WORDS_PER_KEY;
    const w0 = words[k]!,
      w1 = words[k + 1]!,
      w2 = words[k + 2]!,
      w3 = words[k + 3]!;
    if ((w0 | w1 | w2 | w3) === 0) return NOT_STORABLE;
    const { slots, mask } = this;
    for (let slot = w0 & mask; ; slot = (slot + 1) & mask) {
      const s = slot * WORDS_PER_KEY;
      const s0 = slots[s]!,
        s1 = slots[s + 1]!,
        s2 = slots[s + 2]!,
        s3 = slots[s + 3]!;
      if (s0 === w0 && s1 === w1 && s2 === w2 && s3 === w3) return slot;
      if ((s0 | s1 | s2 | s3) === 0) return -slot - 1;
    }
  }
}

/** find()'s answer for the all-zero key, which marks empty slots. */
const NOT_STORABLE = -(2 ** 31);
