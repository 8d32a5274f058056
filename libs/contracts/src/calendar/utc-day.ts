// Days are UTC calendar days written YYYY-MM-DD: job payloads, nights, rollup days and report
// ranges all use them. The one place that does arithmetic on them.

export const DAY_MS = 86_400_000;

/** The UTC calendar day of an instant. */
export function utcDay(time: Date): string {
  return time.toISOString().slice(0, 10);
}

/** Midnight UTC at the start of `day`. */
export function dayStart(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

export function addDays(day: string, days: number): string {
  const d = dayStart(day);
  d.setUTCDate(d.getUTCDate() + days);
  return utcDay(d);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysFrom(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);
}

/** The night that ended most recently at `now`: yesterday, UTC. */
export function lastNight(now: Date): string {
  return addDays(utcDay(now), -1);
}

/** Every day from `from` to `to`, both included. */
export function nightsBetween(from: string, to: string): string[] {
  const nights: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) nights.push(d);
  return nights;
}
