import { describe, expect, it } from 'vitest';
import { matchRfc3339, normalizeTime, resolveYearlessTime, type YearlessTime } from './log-time';

const at = (month: number, day: number, hour = 0): YearlessTime => ({
  month,
  day,
  hour,
  minute: 0,
  second: 0,
  millisecond: 0,
});

describe('resolveYearlessTime', () => {
  it('uses the given year, and nothing without a year or reference', () => {
    expect(resolveYearlessTime(at(3, 4, 10), { year: 2026 })).toBe('2026-03-04T10:00:00.000Z');
    expect(resolveYearlessTime(at(3, 4), {})).toBeNull();
  });

  it('moves across New Year relative to the reference, and only then', () => {
    expect(resolveYearlessTime(at(1, 1), { year: 2026, reference: '2026-12-31T23:59:00Z' })).toBe(
      '2027-01-01T00:00:00.000Z',
    );
    expect(resolveYearlessTime(at(12, 31), { reference: '2027-01-01T00:00:05Z' })).toBe('2026-12-31T00:00:00.000Z');
    expect(resolveYearlessTime(at(8, 1), { year: 2026, reference: '2026-01-17T00:00:00Z' })).toBe(
      '2026-08-01T00:00:00.000Z',
    );
  });

  it('rejects dates that do not exist', () => {
    expect(resolveYearlessTime(at(2, 29), { year: 2026 })).toBeNull();
    expect(resolveYearlessTime(at(2, 29), { year: 2028 })).toBe('2028-02-29T00:00:00.000Z');
    expect(resolveYearlessTime(at(13, 1), { year: 2026 })).toBeNull();
  });
});

describe('matchRfc3339', () => {
  it('reads nanoseconds, offsets and a missing zone as UTC', () => {
    expect(matchRfc3339('2026-11-27T10:15:30.123456789Z rest')).toEqual({
      iso: '2026-11-27T10:15:30.123Z',
      length: 30,
    });
    expect(matchRfc3339('2026-11-27T12:15:30+02:00 x')?.iso).toBe('2026-11-27T10:15:30.000Z');
    expect(matchRfc3339('2026-11-27 10:15:30 x')?.iso).toBe('2026-11-27T10:15:30.000Z');
    expect(matchRfc3339('2026-13-27T10:15:30Z')).toBeNull();
  });

  it('normalizes caller times', () => {
    expect(normalizeTime(new Date(Date.UTC(2026, 0, 1)))).toBe('2026-01-01T00:00:00.000Z');
    expect(normalizeTime('nonsense')).toBeNull();
    expect(normalizeTime(undefined)).toBeNull();
  });
});
