import { describe, expect, it } from 'vitest';
import { forEachConcurrently } from './for-each-concurrently';

/** A task that finishes when the test says so. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describe('forEachConcurrently', () => {
  it('runs every item, never more than the limit at once, starting them in order', async () => {
    const started: number[] = [];
    let running = 0;
    let most = 0;
    await forEachConcurrently([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      started.push(item);
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, (item % 3) * 3));
      running--;
    });
    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });

  it('starts nothing new after a failure, lets running items finish, then rejects with the first error', async () => {
    const slow = gate();
    const started: string[] = [];
    const finished: string[] = [];
    const run = forEachConcurrently(['slow', 'bad', 'later'], 2, async (item) => {
      started.push(item);
      if (item === 'bad') throw new Error('day refused');
      await slow.opened;
      finished.push(item);
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    slow.open();
    await expect(run).rejects.toThrow('day refused');
    expect(started).toEqual(['slow', 'bad']);
    expect(finished).toEqual(['slow']);
  });

  it('does nothing for no items', async () => {
    let calls = 0;
    await forEachConcurrently([], 2, async () => {
      calls++;
    });
    expect(calls).toBe(0);
  });
});
