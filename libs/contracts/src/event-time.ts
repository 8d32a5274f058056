// Usage time: an RFC 3339 timestamp (CloudEvents `time`) inside a window around `now`, stored as
// ISO UTC. The window catches unit mistakes (seconds vs milliseconds, local time sent as UTC a
// year off) before they land in the wrong monthly partition.
import { MAX_EVENT_AGE_DAYS, MAX_EVENT_FUTURE_DAYS } from './usage-limits';

const DAY_MS = 24 * 60 * 60 * 1000;

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

export const EVENT_TIME_FORMAT_EXPECTATION =
  'expected an RFC 3339 timestamp with a time zone, e.g. "2026-05-01T12:00:00Z"';

export type EventTimeResult = { ok: true; iso: string } | { ok: false; expectation: string };

export function parseEventTime(value: unknown, now: Date): EventTimeResult {
  if (typeof value !== 'string') return { ok: false, expectation: EVENT_TIME_FORMAT_EXPECTATION };
  const canonical = canonicalUtcMillis(value);
  if (canonical !== null) return withinWindow(canonical, now, value);
  const match = RFC3339.exec(value);
  if (!match) return { ok: false, expectation: EVENT_TIME_FORMAT_EXPECTATION };
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  // Date.parse rolls 2026-02-30 over to March; a calendar check keeps such typos out.
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    (match[8] !== 'Z' && match[8] !== 'z' && !validOffset(match[8]!))
  ) {
    return { ok: false, expectation: EVENT_TIME_FORMAT_EXPECTATION };
  }
  const millis = Date.parse(value.toUpperCase());
  if (Number.isNaN(millis)) return { ok: false, expectation: EVENT_TIME_FORMAT_EXPECTATION };
  return withinWindow(millis, now, new Date(millis).toISOString());
}

function withinWindow(millis: number, now: Date, iso: string): EventTimeResult {
  const earliest = now.getTime() - MAX_EVENT_AGE_DAYS * DAY_MS;
  const latest = now.getTime() + MAX_EVENT_FUTURE_DAYS * DAY_MS;
  if (millis < earliest || millis > latest) {
    return {
      ok: false,
      expectation:
        `expected a time between ${new Date(earliest).toISOString()} and ${new Date(latest).toISOString()} ` +
        `(at most ${MAX_EVENT_AGE_DAYS} days old and ${MAX_EVENT_FUTURE_DAYS} day ahead)`,
    };
  }
  return { ok: true, iso };
}

/**
 * Epoch milliseconds of a time written the way JavaScript's toISOString writes it
 * (`2026-05-01T12:00:00.000Z`), as almost every sender does; null for any other form or an
 * impossible date, which the general parse then judges. Reads the digits in place: Date.parse and
 * toISOString cost more than the rest of an event's checks.
 */
export function canonicalUtcMillis(value: string): number | null {
  if (value.length !== 24 || !CANONICAL_UTC.test(value)) return null;
  const year = digits(value, 0) * 100 + digits(value, 2);
  const month = digits(value, 5);
  const day = digits(value, 8);
  const hour = digits(value, 11);
  const minute = digits(value, 14);
  const second = digits(value, 17);
  // Years below 1000 are left to Date (Date.UTC reads 0–99 as 19xx); they fail the window anyway.
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const millis = digits(value, 20) * 10 + value.charCodeAt(22) - 48;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis);
}

const CANONICAL_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The two-digit number at `start`. */
function digits(value: string, start: number): number {
  return (value.charCodeAt(start) - 48) * 10 + value.charCodeAt(start + 1) - 48;
}

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

function validOffset(offset: string): boolean {
  const hours = Number(offset.slice(1, 3));
  const minutes = Number(offset.slice(4, 6));
  return hours <= 23 && minutes <= 59;
}
