import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalUtcMillis, parseEventTime } from './event-time';

const now = new Date('2026-05-10T12:00:00Z');

/** What the digit reader must agree with: Date's own reading, where it prints the text back. */
function byDate(text: string): number | null {
  const millis = Date.parse(text);
  return !Number.isNaN(millis) && new Date(millis).toISOString() === text ? millis : null;
}

describe('canonicalUtcMillis', () => {
  it('reads every toISOString text as Date does', () => {
    const from = Date.UTC(1000, 0, 1);
    const to = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), (millis) => {
        expect(canonicalUtcMillis(new Date(millis).toISOString())).toBe(millis);
      }),
      { numRuns: 5_000 },
    );
  });

  it('refuses what Date would roll over or reject: calendar typos, hour 24, leap days of common years', () => {
    const digit = fc.integer({ min: 0, max: 9 }).map(String);
    const pair = fc.tuple(digit, digit).map(([a, b]) => a + b);
    const text = fc
      .tuple(
        fc.constantFrom('1999', '2000', '2024', '2026', '2100'),
        pair,
        pair,
        pair,
        pair,
        pair,
        fc.tuple(digit, digit, digit),
      )
      .map(([y, mo, d, h, mi, s, ms]) => `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms.join('')}Z`);
    fc.assert(
      fc.property(text, (value) => {
        expect(canonicalUtcMillis(value)).toBe(byDate(value));
      }),
      { numRuns: 20_000 },
    );
    for (const value of [
      '2026-02-29T00:00:00.000Z',
      '2026-04-31T00:00:00.000Z',
      '2026-05-01T24:00:00.000Z',
      '2100-02-29T00:00:00.000Z',
    ]) {
      expect(canonicalUtcMillis(value)).toBeNull();
    }
    expect(canonicalUtcMillis('2024-02-29T23:59:59.999Z')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59, 999));
  });

  it('leaves other forms to the general parse', () => {
    for (const value of [
      '2026-05-01T12:00:00Z',
      '2026-05-01t12:00:00.000z',
      '2026-05-01T12:00:00.000+00:00',
      '2026-05-01 12:00:00.000Z',
      '0099-05-01T12:00:00.000Z',
    ]) {
      expect(canonicalUtcMillis(value)).toBeNull();
    }
  });
});

describe('parseEventTime', () => {
  it('keeps a canonical time as sent and converts offsets to UTC', () => {
    expect(parseEventTime('2026-05-10T11:59:00.250Z', now)).toEqual({ ok: true, iso: '2026-05-10T11:59:00.250Z' });
    expect(parseEventTime('2026-05-10T11:59:00.25+02:00', now)).toEqual({ ok: true, iso: '2026-05-10T09:59:00.250Z' });
  });

  it('refuses impossible dates in either form, and times outside the window', () => {
    expect(parseEventTime('2026-02-30T10:00:00.000Z', now).ok).toBe(false);
    expect(parseEventTime('2026-02-30T10:00:00Z', now).ok).toBe(false);
    expect(parseEventTime('2026-04-31T10:00:00+02:00', now).ok).toBe(false);
    expect(parseEventTime('2026-13-01T10:00:00Z', now).ok).toBe(false);
    expect(parseEventTime('2025-12-31T23:30:00-01:00', now)).toEqual({ ok: true, iso: '2026-01-01T00:30:00.000Z' });
    expect(parseEventTime('2026-05-12T12:00:00.000Z', now)).toMatchObject({
      ok: false,
      expectation: expect.stringContaining('at most 400 days old'),
    });
    expect(parseEventTime(1_778_000_000_000, now).ok).toBe(false);
  });
});
