import { describe, expect, it } from 'vitest';
import { ConsumerProgress, MEMBERSHIP_GRACE_MS } from './consumer-progress';

const STALL_MS = 120_000;
const t0 = 1_000_000;

function joinedAt(now: number, partitions = [0, 1]): ConsumerProgress {
  const progress = new ConsumerProgress('usage.events', now);
  progress.joined(partitions, now);
  return progress;
}

describe('ConsumerProgress', () => {
  it('is ready while a member keeps up, and reports lag and last-commit age per partition', () => {
    const progress = joinedAt(t0);
    progress.committed(0, 10n, t0);
    progress.logEnd(0, 15n);
    progress.committed(0, 15n, t0 + 5_000);
    const verdict = progress.assess(t0 + 8_000, STALL_MS);
    expect(verdict.ready).toBe(true);
    expect(verdict.partitions[0]).toEqual({ partition: 0, lag: 0, lastCommitAgeSeconds: 3 });
    expect(verdict.partitions[1]!.lag).toBeNull();
  });

  it('turns not-ready when a partition has lag and its offset stands still past the stall time', () => {
    const progress = joinedAt(t0);
    progress.committed(0, 10n, t0);
    progress.logEnd(0, 12n);
    expect(progress.assess(t0 + STALL_MS - 1, STALL_MS).ready).toBe(true);
    const stalled = progress.assess(t0 + STALL_MS + 1_000, STALL_MS);
    expect(stalled.ready).toBe(false);
    expect(stalled.problems).toEqual(['usage.events[0]: 2 records behind and no offset committed for 121 s']);
    progress.committed(0, 12n, t0 + STALL_MS + 2_000);
    expect(progress.assess(t0 + STALL_MS + 3_000, STALL_MS).ready).toBe(true);
  });

  it('counts a stall from when the partition was last caught up, not from its last commit', () => {
    const progress = joinedAt(t0);
    progress.committed(0, 10n, t0);
    progress.logEnd(0, 10n);
    expect(progress.assess(t0 + 10 * STALL_MS, STALL_MS).ready).toBe(true);
    progress.logEnd(0, 11n);
    expect(progress.assess(t0 + 10 * STALL_MS + 1_000, STALL_MS).ready).toBe(true);
  });

  it('turns not-ready when it has not been a member for longer than a rebalance takes', () => {
    const progress = joinedAt(t0);
    progress.left(t0 + 1_000);
    expect(progress.assess(t0 + 1_000 + MEMBERSHIP_GRACE_MS - 1, STALL_MS).ready).toBe(true);
    const verdict = progress.assess(t0 + 2_000 + MEMBERSHIP_GRACE_MS, STALL_MS);
    expect(verdict.ready).toBe(false);
    expect(verdict.problems[0]).toMatch(/^usage.events: not a member of its consumer group for 61 s$/);
    progress.joined([0], t0 + 3_000 + MEMBERSHIP_GRACE_MS);
    expect(progress.assess(t0 + 4_000 + MEMBERSHIP_GRACE_MS, STALL_MS).ready).toBe(true);
  });

  it('turns not-ready on a crash loop, even when it rejoins between crashes', () => {
    const progress = joinedAt(t0);
    for (let i = 1; i <= 3; i++) {
      progress.crashed('LZ4 compression not implemented', t0 + i * 10_000);
      progress.joined([0], t0 + i * 10_000 + 5_000);
    }
    const verdict = progress.assess(t0 + 40_000, STALL_MS);
    expect(verdict.ready).toBe(false);
    expect(verdict.problems[0]).toBe('usage.events: crashed 3 times in 10 min (last: LZ4 compression not implemented)');
  });

  it('never reports a partition it does not hold', () => {
    const progress = joinedAt(t0, [1]);
    progress.logEnd(0, 99n);
    progress.committed(0, 1n, t0);
    expect(progress.assess(t0 + 10 * STALL_MS, STALL_MS).partitions.map((p) => p.partition)).toEqual([1]);
  });
});
