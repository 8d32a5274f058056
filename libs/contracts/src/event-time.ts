// Usage time: an RFC 3339 timestamp (CloudEvents `time`) inside a window around `now`, stored as
// ISO UTC. The window catches unit mistakes (seconds vs milliseconds, local time sent as UTC a
// year off) before they land in the wrong monthly partition.
import { MAX_EVENT_AGE_DAYS, MAX_EVENT_FUTURE_DAYS } from './usage-limits';

const DAY_MS = 24 * 60 * 60 * 1000;

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

export const EVENT_TIME_FORMAT_EXPECTATION =
  'expected an RFC 3339 timestamp with a time zone, e.g. "2026-05-01T12:00:00Z"';

export type EventTimeResult = { ok: true; iso: string } | { ok: false; expectation: string };

/** What JavaScript's toISOString writes, as almost every sender does: parsed without the general checks. */
const CANONICAL_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function parseEventTime(value: unknown, now: Date): EventTimeResult {
  if (typeof value !== 'string') return { ok: false, expectation: EVENT_TIME_FORMAT_EXPECTATION };
  if (CANONICAL_UTC.test(value)) {
    const millis = Date.parse(value);
    // A calendar typo (2026-02-30) parses as NaN here, or, rolled over, prints differently.
    if (!Number.isNaN(millis) && new Date(millis).toISOString() === value) return withinWindow(millis, now, value);
  }
  const match = RFC3339.exec(value);
  if (!match) return { ok: false, expectation: EVENT_TIME_FORMAT_EXPECTATION };
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  // Date.parse rolls 2026-02-30 over to March; a calendar check keeps such typos out.
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (
    calendar.getUTCMonth() !== month - 1 ||
    calendar.getUTCDate() !== day ||
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
      expectation: `expected a time between ${new Date(earliest).toISOString()} and ${new Date(latest).toISOString()} (at most ${MAX_EVENT_AGE_DAYS} days old and ${MAX_EVENT_FUTURE_DAYS} day ahead)`,
    };
  }
  return { ok: true, iso };
}

function validOffset(offset: string): boolean {
  const hours = Number(offset.slice(1, 3));
  const minutes = Number(offset.slice(4, 6));
  return hours <= 23 && minutes <= 59;
}
