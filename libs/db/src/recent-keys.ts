/**
 * Keys this process has recently committed to the idempotency ledger. A client's retry usually
 * arrives a few seconds after the original, in a later micro-batch; recognising it here keeps that
 * batch on the fast path (a COPY the ledger would refuse, then a slower redo). Only committed keys
 * are remembered, so dropping a remembered key is always right; a key not remembered is still
 * checked by the ledger. Two generations of sets bound the memory: when the newer one is full the
 * older is dropped, so between `capacity` and twice that many keys are remembered.
 */
export class RecentKeys {
  private newer = new Set<string>();
  private older = new Set<string>();

  constructor(private readonly capacity: number) {}

  has(key: string): boolean {
    return this.newer.has(key) || this.older.has(key);
  }

  add(key: string): void {
    if (this.newer.size >= this.capacity) {
      this.older = this.newer;
      this.newer = new Set();
    }
    this.newer.add(key);
  }
}
