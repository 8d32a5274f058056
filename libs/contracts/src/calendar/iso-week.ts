// ISO 8601 weeks (`2026-W48`): Monday 00:00 UTC to the next Monday. Reports are keyed by them.

import { DAY_MS, utcDay } from './utc-day';

const WEEK = /^(\d{4})-W(\d{2})$/;

export interface IsoWeekRange {
  week: string;
  /** Monday 00:00 UTC. */
  start: Date;
  /** The next Monday 00:00 UTC (exclusive). */
  end: Date;
  /** The seven UTC dates, Monday first. */
  days: string[];
}

/** The week's range, or null when the text is not `YYYY-Www` or that ISO year has no such week. */
export function parseIsoWeek(week: string): IsoWeekRange | null {
  const match = WEEK.exec(week);
  if (!match) return null;
  const year = Number(match[1]);
  const number = Number(match[2]);
  const jan4 = Date.UTC(year, 0, 4);
  const week1Monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
  const start = new Date(week1Monday + (number - 1) * 7 * DAY_MS);
  if (number < 1 || isoWeekOf(start) !== week) return null;
  return {
    week,
    start,
    end: new Date(start.getTime() + 7 * DAY_MS),
    days: Array.from({ length: 7 }, (_, i) => utcDay(new Date(start.getTime() + i * DAY_MS))),
  };
}

/** The ISO week a UTC instant falls in (the ISO year is the year of that week's Thursday). */
export function isoWeekOf(time: Date): string {
  const day = Date.UTC(time.getUTCFullYear(), time.getUTCMonth(), time.getUTCDate());
  const thursday = new Date(day + (3 - ((new Date(day).getUTCDay() + 6) % 7)) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const number = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(number).padStart(2, '0')}`;
}

/** The week `offset` weeks after `week` (negative: before). */
export function shiftIsoWeek(week: string, offset: number): string {
  const range = parseIsoWeek(week);
  if (!range) throw new Error(`week: expected an ISO week YYYY-Www, got ${JSON.stringify(week)}`);
  return isoWeekOf(new Date(range.start.getTime() + offset * 7 * DAY_MS));
}
