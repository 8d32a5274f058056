import { describe, expect, it } from 'vitest';
import { forecastSaturation, weeklyPeaks } from './saturation-forecast';

describe('saturation forecast', () => {
  it('finds the month a growing busiest hour reaches capacity, with an interval around it', () => {
    // 100 tokens/s growing 10 a week with a little noise; capacity 300 → about 20 weeks after the last week.
    const peaks = Array.from({ length: 12 }, (_, i) => 100 + 10 * (i - 11) + 110 + (i % 2 ? 2 : -2));
    const f = forecastSaturation(peaks, 300, '2026-03-01');
    expect(f).not.toBeNull();
    expect(f?.weeksUntil).toBeGreaterThanOrEqual(8);
    expect(f?.weeksUntil).toBeLessThanOrEqual(10);
    expect(f?.month).toBe('2026-05');
    expect(f?.earliestMonth && f.month && f.earliestMonth <= f.month).toBe(true);
    expect(f?.latestMonth && f.month && f.latestMonth >= f.month).toBe(true);
  });

  it('says never within the horizon for flat demand, and 0 weeks when already over', () => {
    expect(forecastSaturation([100, 101, 99, 100, 100, 101], 300, '2026-03-01')?.weeksUntil).toBeNull();
    expect(forecastSaturation([280, 300, 320], 300, '2026-03-01')?.weeksUntil).toBe(0);
    expect(forecastSaturation([100, 110], 300, '2026-03-01')).toBeNull();
  });

  it('takes weekly maxima of daily busiest hours, starting at the first week with traffic', () => {
    const daily = [
      { day: '2026-02-20', tokensPerSec: 5 },
      { day: '2026-02-23', tokensPerSec: 9 },
      { day: '2026-03-01', tokensPerSec: 7 },
    ];
    expect(weeklyPeaks(daily, '2026-03-01', 4)).toEqual([5, 9]);
  });
});
