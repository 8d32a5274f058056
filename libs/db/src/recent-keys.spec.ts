import { describe, expect, it } from 'vitest';
import { RecentKeys } from './recent-keys';

describe('RecentKeys', () => {
  it('remembers between capacity and twice capacity of the latest keys', () => {
    const keys = new RecentKeys(3);
    for (const key of ['a', 'b', 'c', 'd', 'e']) keys.add(key);
    expect(['a', 'b', 'c', 'd', 'e'].map((key) => keys.has(key))).toEqual([true, true, true, true, true]);
    keys.add('f');
    keys.add('g'); // the newer generation (d, e, f) was full: a, b, c are forgotten
    expect(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((key) => keys.has(key))).toEqual([false, false, false, true, true, true, true]);
  });
});
