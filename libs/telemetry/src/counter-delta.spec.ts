import { describe, expect, it } from 'vitest';
import { counterDelta, counterReadingDelta } from './counter-delta';

describe('counterDelta', () => {
  it('is the increase, or the new value after a reset', () => {
    expect(counterDelta(100, 150)).toBe(50);
    expect(counterDelta(100, 100)).toBe(0);
    expect(counterDelta(100, 30)).toBe(30);
  });

  it('is null without both readings', () => {
    expect(counterDelta(null, 5)).toBeNull();
    expect(counterDelta(5, undefined)).toBeNull();
    expect(counterDelta(5, NaN)).toBeNull();
  });
});

describe('counterReadingDelta', () => {
  it('sees a reset per series, counts new series in full and vanished ones as nothing', () => {
    const before = { total: 1100, series: { 'engine="0"': 1000, 'engine="1"': 100 } };
    const after = { total: 1210, series: { 'engine="0"': 1200, 'engine="1"': 10 } };
    expect(counterReadingDelta(before, after)).toBe(210);
    expect(counterReadingDelta(before, { total: 5, series: { 'engine="2"': 5 } })).toBe(5);
    expect(counterReadingDelta(null, after)).toBeNull();
  });
});
