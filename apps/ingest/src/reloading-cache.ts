// A value loaded from the database and kept for a while: reloaded when older than asked, one load at
// a time however many callers wait, and a failed reload keeps the previous value (with none yet,
// the failure reaches the caller, whose micro-batch is then retried).
export class ReloadingCache<T> {
  private value: T | null = null;
  private loadedAt = 0;
  private loading: Promise<T> | null = null;

  /** `load` gets the value it replaces (null the first time). */
  constructor(private readonly load: (previous: T | null) => Promise<T>) {}

  async get(maxAgeMs: number): Promise<T> {
    if (this.value !== null && Date.now() - this.loadedAt <= maxAgeMs) return this.value;
    this.loading ??= this.load(this.value).finally(() => (this.loading = null));
    try {
      this.value = await this.loading;
      this.loadedAt = Date.now();
    } catch (error) {
      if (this.value === null) throw error;
    }
    return this.value;
  }
}
