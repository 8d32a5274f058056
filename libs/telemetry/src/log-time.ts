// Log timestamps without a year (vLLM's `MM-DD HH:MM:SS`, journald's `Nov 27 10:15:30`) and with
// one (RFC 3339 from docker/kubectl/Vector). vLLM prints the container's local time, which is UTC in
// practice; we treat it as UTC. Everything leaves here as an ISO 8601 UTC string.

export interface YearlessTime {
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

export interface YearContext {
  /** The year to assume (the CLI's `--year`, or the year of the previous record). */
  year?: number | null;
  /** A nearby known time (the previous record's, or the Kafka message's). */
  reference?: string | null;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** 1-12 for an English month abbreviation, else null. */
export function monthFromName(name: string): number | null {
  const index = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  return index < 0 ? null : index + 1;
}

function utcMillis(year: number, t: YearlessTime): number | null {
  if (!Number.isInteger(year) || year < 1 || year > 9999) return null;
  const ms = Date.UTC(year, t.month - 1, t.day, t.hour, t.minute, t.second, t.millisecond);
  const date = new Date(ms);
  // Date.UTC rolls 02-30 into March; a time that does not round-trip is not a real time.
  const roundTrips =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === t.month - 1 &&
    date.getUTCDate() === t.day &&
    date.getUTCHours() === t.hour &&
    date.getUTCMinutes() === t.minute &&
    date.getUTCSeconds() === t.second;
  return roundTrips ? ms : null;
}

function toMillis(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : null;
}

/**
 * The UTC instant of a year-less timestamp. The year is `year`, else the reference's year. Crossing
 * New Year moves it by one: a January line after a December reference belongs to the next year, a
 * December line with a January reference (a line ingested just after New Year) to the previous one.
 * Nothing else moves it, so a fixture mixing months keeps the year it was given.
 */
export function resolveYearlessTime(t: YearlessTime, context: YearContext): string | null {
  const referenceMs = toMillis(context.reference);
  const reference = referenceMs === null ? null : new Date(referenceMs);
  let year = context.year ?? reference?.getUTCFullYear() ?? null;
  if (year === null) return null;
  if (reference && reference.getUTCFullYear() === year) {
    const referenceMonth = reference.getUTCMonth() + 1;
    if (referenceMonth === 12 && t.month === 1) year += 1;
    else if (referenceMonth === 1 && t.month === 12) year -= 1;
  }
  const ms = utcMillis(year, t);
  return ms === null ? null : new Date(ms).toISOString();
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|z|[+-]\d{2}:?\d{2})?/;

/** An RFC 3339 timestamp at the start of `text` (a missing zone is read as UTC), with its length. */
export function matchRfc3339(text: string): { iso: string; length: number } | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const fraction = m[7] ?? '';
  const ms = utcMillis(year, {
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6]),
    millisecond: Number(fraction.padEnd(3, '0').slice(0, 3)),
  });
  if (ms === null) return null;
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone && zone !== 'Z' && zone !== 'z') {
    const digits = zone.replace(':', '');
    const sign = digits[0] === '-' ? -1 : 1;
    offsetMinutes = sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  return { iso: new Date(ms - offsetMinutes * 60_000).toISOString(), length: m[0].length };
}

/** An ISO string for a caller-supplied default time (string or Date), else null. */
export function normalizeTime(value: string | Date | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}
