import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { repeatEvery } from './repeating-task';

describe('repeatEvery', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs at once, then every interval, past a failed run, until stopped', async () => {
    let runs = 0;
    const task = repeatEvery(30, async () => {
      runs += 1;
      if (runs === 2) throw new Error('the database is away');
    });
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toBe(2);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(runs).toBe(3);
    task.stop();
    await vi.advanceTimersByTimeAsync(90_000);
    expect(runs).toBe(3);
  });

  it('does not keep the process alive', () => {
    vi.useRealTimers();
    const spy = vi.spyOn(globalThis, 'setInterval');
    const task = repeatEvery(60, async () => undefined);
    const timer = spy.mock.results[0]!.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    task.stop();
    spy.mockRestore();
  });
});
