import { describe, expect, it } from 'vitest';
import { intervalMultiplier, normalQuantile } from './monthly-interval';
import { weekdayProfile } from './weekday-profile';

// Log volume of a level of 1M whose weekends run at a fifth of it.
const logWeekly = (days: number) => Array.from({ length: days }, (_, d) => Math.log(1e6 * (d % 7 >= 5 ? 0.2 : 1)));

describe('weekdayProfile', () => {
  it('takes the weekly pattern out without moving the level, and puts it back on the days that follow', () => {
    const history = logWeekly(21);
    const profile = weekdayProfile(history);
    const flat = profile.remove(history);
    expect(Math.max(...flat) - Math.min(...flat)).toBeLessThan(1e-9);
    // The offsets sum to zero: a week's mean log volume is unchanged.
    const week = (values: number[]) => values.slice(0, 7).reduce((s, v) => s + v, 0);
    expect(week(flat)).toBeCloseTo(week(history), 9);
    const restored = profile.restore({ point: Array(14).fill(flat[0]) }, history.length);
    for (let h = 0; h < 14; h++) expect(restored.point[h]).toBeCloseTo(logWeekly(35)[21 + h]!, 9);
  });

  it('widens the bounds by Student’s t for as many degrees of freedom as the history has weeks', () => {
    const history = logWeekly(20);
    const flat = weekdayProfile(history).remove(history);
    const level = flat[0]!;
    const restored = weekdayProfile(history).restore(
      { point: [level], intervals: { level: 0.9, lower: [level - 0.1], upper: [level + 0.1] } },
      history.length,
    );
    const widen = intervalMultiplier(3, 0.9) / normalQuantile(0.95); // two whole weeks: t with 2 degrees of freedom
    expect(widen).toBeCloseTo(2.92 / 1.645, 2);
    const point = restored.point[0]!;
    expect(restored.intervals!.upper[0]! - point).toBeCloseTo(0.1 * widen, 9);
    expect(point - restored.intervals!.lower[0]!).toBeCloseTo(0.1 * widen, 9);
  });
});
