// What a consumer's readiness rests on, kept apart from Kafka so it can be tested alone: whether
// it is a member of its group, whether it keeps crashing, and for each partition it holds how far
// the committed offset trails the log end and since when the committed offset has not moved.
// A partition with lag whose offset stands still for the stall time means records are arriving
// and nothing is being stored: the process is alive, but not doing its job.

export interface PartitionProgress {
  partition: number;
  /** Records between the committed offset and the log end; null until both are known. */
  lag: number | null;
  /** Seconds since the committed offset last moved (or since the partition was assigned). */
  lastCommitAgeSeconds: number;
}

export interface ConsumerVerdict {
  ready: boolean;
  /** Why not, one line each (empty when ready). */
  problems: string[];
  partitions: PartitionProgress[];
}

interface PartitionState {
  committed: bigint | null;
  /** When the committed offset last moved (the assignment, before the first move). */
  movedAt: number;
  logEnd: bigint | null;
  /** When the partition was last seen with nothing to do: a stall is counted from the later of the two. */
  caughtUpAt: number;
}

/** Crashes in this window, rejoined or not, count as a crash loop. */
export const CRASH_WINDOW_MS = 10 * 60_000;
export const CRASHES_FOR_LOOP = 3;
/** A rebalance takes seconds; not being a member for longer than this is a problem. */
export const MEMBERSHIP_GRACE_MS = 60_000;

export class ConsumerProgress {
  private member = false;
  /** When the consumer last stopped being a member (or started without being one). */
  private outsideSince: number;
  private crashes: Array<{ at: number; error: string }> = [];
  private partitions = new Map<number, PartitionState>();

  constructor(
    private readonly topic: string,
    now: number,
  ) {
    this.outsideSince = now;
  }

  joined(assigned: number[], now: number): void {
    this.member = true;
    const previous = this.partitions;
    this.partitions = new Map(
      assigned.map((p) => [p, previous.get(p) ?? { committed: null, movedAt: now, logEnd: null, caughtUpAt: now }]),
    );
  }

  left(now: number): void {
    if (this.member) this.outsideSince = now;
    this.member = false;
  }

  crashed(error: string, now: number): void {
    this.crashes = [...this.crashes.filter((c) => now - c.at < CRASH_WINDOW_MS), { at: now, error }];
    this.left(now);
  }

  /** The group's committed offset for a partition, from our own commit or from the broker. */
  committed(partition: number, offset: bigint, now: number): void {
    const state = this.partitions.get(partition);
    if (!state) return;
    if (state.committed === null || offset > state.committed) {
      // The first sighting is where the partition stood when assigned, not a move.
      if (state.committed !== null) state.movedAt = now;
      state.committed = offset;
    }
  }

  logEnd(partition: number, offset: bigint): void {
    const state = this.partitions.get(partition);
    if (state && (state.logEnd === null || offset > state.logEnd)) state.logEnd = offset;
  }

  assignedPartitions(): number[] {
    return [...this.partitions.keys()];
  }

  /** Readiness now; a partition found caught up starts any later stall from now. */
  assess(now: number, stallMs: number): ConsumerVerdict {
    const problems: string[] = [];
    const recent = this.crashes.filter((c) => now - c.at < CRASH_WINDOW_MS);
    if (recent.length >= CRASHES_FOR_LOOP) {
      problems.push(
        `${this.topic}: crashed ${recent.length} times in ${CRASH_WINDOW_MS / 60_000} min ` +
          `(last: ${recent.at(-1)!.error})`,
      );
    }
    if (!this.member && now - this.outsideSince > MEMBERSHIP_GRACE_MS) {
      const last = this.crashes.at(-1);
      const since = Math.round((now - this.outsideSince) / 1000);
      problems.push(
        `${this.topic}: not a member of its consumer group for ${since} s${last ? ` (last crash: ${last.error})` : ''}`,
      );
    }
    const partitions = [...this.partitions.entries()]
      .sort(([a], [b]) => a - b)
      .map(([partition, state]) => {
        const lag =
          state.logEnd === null || state.committed === null
            ? null
            : Math.max(0, Number(state.logEnd - state.committed));
        if (lag === 0) state.caughtUpAt = now;
        const lastCommitAgeSeconds = Math.max(0, (now - state.movedAt) / 1000);
        const stalledMs = now - Math.max(state.movedAt, state.caughtUpAt);
        if (lag !== null && lag > 0 && stalledMs > stallMs) {
          const age = Math.round(lastCommitAgeSeconds);
          problems.push(`${this.topic}[${partition}]: ${lag} records behind and no offset committed for ${age} s`);
        }
        return { partition, lag, lastCommitAgeSeconds };
      });
    return { ready: problems.length === 0, problems, partitions };
  }
}
