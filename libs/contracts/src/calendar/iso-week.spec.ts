import { describe, expect, it } from 'vitest';
import { isoWeekOf, parseIsoWeek, shiftIsoWeek } from './iso-week';

describe('ISO weeks', () => {
  it('starts a week on Monday 00:00 UTC and lists its seven days', () => {
    const w = parseIsoWeek('2026-W48')!;
    expect(w.start.toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(w.end.toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(w.days).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
    ]);
  });

  it('puts the days around New Year in the ISO year of their Thursday', () => {
    expect(isoWeekOf(new Date('2026-01-01T12:00:00Z'))).toBe('2026-W01');
    expect(isoWeekOf(new Date('2027-01-01T00:00:00Z'))).toBe('2026-W53');
    expect(isoWeekOf(new Date('2024-12-30T23:59:59Z'))).toBe('2025-W01');
    expect(parseIsoWeek('2025-W01')!.start.toISOString().slice(0, 10)).toBe('2024-12-30');
  });

  it('refuses weeks a year does not have and malformed text', () => {
    expect(parseIsoWeek('2026-W53')).not.toBeNull();
    expect(parseIsoWeek('2025-W53')).toBeNull();
    expect(parseIsoWeek('2026-W00')).toBeNull();
    expect(parseIsoWeek('2026-48')).toBeNull();
  });

  it('steps across year boundaries', () => {
    expect(shiftIsoWeek('2026-W01', -1)).toBe('2025-W52');
    expect(shiftIsoWeek('2026-W53', 1)).toBe('2027-W01');
    expect(shiftIsoWeek('2026-W48', -8)).toBe('2026-W40');
  });
});
