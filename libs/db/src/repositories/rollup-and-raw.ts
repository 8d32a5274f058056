// The one way a read that must equal raw rows (the read API, the FOCUS export, budgets, the weekly report)
// combines them with the nightly rollups: each whole UTC day the rollup has closed from its rollup plus its
// late rows, the raw rows ingested since the day's watermark (the rollup holds exactly the rows before it, so
// none counts twice), and every other instant from raw rows. Each night moves the watermarks of the accepted
// event age to its own (RollupStep), so late rows are looked for among the rows ingested since the earliest
// of the days' watermarks, given as a value: the query planner then finds them through the BRIN index on
// ingested_at instead of reading the range's raw rows.
import { DatabasePool } from '../client/database-pool';

/** What a read selects from each part. */
export interface RollupAndRawRead {
  /** The rollup's rows of the closed days, given the days' `date[]` parameter and the days themselves. */
  rollup: (days: string, dayList: readonly string[]) => string;
  /** A raw row's columns, in the rollup part's order (`usage_records u`). */
  raw: string;
  /** More conditions on raw rows, each starting with ' AND '. */
  where: string;
  /** Only the days the rollup has closed: no `unrolled` part. */
  closedDaysOnly?: boolean;
  /** Whether a closed day (`YYYY-MM-DD`) is to be read from raw rows all the same (its rollups cannot answer). */
  readRaw?: (day: string) => boolean;
}

/** SELECTs to UNION ALL; null where the range has no such part. */
export interface RollupAndRawParts {
  /** The closed days' rollup rows. */
  rollup: string | null;
  /** The closed days' raw rows ingested since their watermarks. */
  late: string | null;
  /** Raw rows of every instant not in a closed day (today, partial days). */
  unrolled: string | null;
}

/**
 * The parts of a read over [from, to) (`fromParam`/`toParam`: their placeholders if the query has them already);
 * `param` adds a value to the query's parameters and returns its placeholder.
 */
export async function rollupAndRawParts(
  db: DatabasePool,
  range: { from: Date; to: Date; fromParam?: string; toParam?: string },
  param: (value: unknown) => string,
  read: RollupAndRawRead,
): Promise<RollupAndRawParts> {
  const rolled = (await rolledDays(db, range.from, range.to)).filter((r) => !read.readRaw?.(r.day));
  // The range's placeholders are made only for a part that uses them: a query with a parameter it never
  // names is refused.
  let bounds: string | null = null;
  const inRange = () =>
    (bounds ??= `u.time >= ${range.fromParam ?? param(range.from)}::timestamptz
      AND u.time < ${range.toParam ?? param(range.to)}::timestamptz`);
  const parts: RollupAndRawParts = { rollup: null, late: null, unrolled: null };
  if (rolled.length > 0) {
    const days = param(rolled.map((r) => r.day));
    const marks = param(rolled.map((r) => r.rolledUpAt));
    const earliest = param(rolled[0]!.earliest);
    parts.rollup = read.rollup(
      days,
      rolled.map((r) => r.day),
    );
    parts.late = `SELECT ${read.raw} FROM usage_records u
        JOIN unnest(${days}::date[], ${marks}::timestamptz[]) AS d(day, mark)
          ON d.day = (u.time AT TIME ZONE 'UTC')::date AND u.ingested_at >= d.mark
      WHERE ${inRange()} AND u.ingested_at >= ${earliest}::timestamptz${read.where}`;
  }
  if (read.closedDaysOnly) return parts;
  const unrolled = rangesWithout(
    range.from,
    range.to,
    rolled.map((r) => r.day),
  ).map(([start, end]) => `(u.time >= ${param(start)} AND u.time < ${param(end)})`);
  if (unrolled.length > 0) {
    // One SELECT a range: each finds its rows through the time index of its own month's partition, where
    // ranges joined by OR had every partition scanned with the whole condition on every row.
    parts.unrolled = unrolled
      .map((range) => `SELECT ${read.raw} FROM usage_records u WHERE ${inRange()} AND ${range}${read.where}`)
      .join('\n UNION ALL\n');
  }
  return parts;
}

/** The parts a read has, in order. */
export function presentParts(parts: RollupAndRawParts): string[] {
  return [parts.rollup, parts.late, parts.unrolled].filter((part): part is string => part !== null);
}

interface RolledDay {
  day: string;
  /** The day's watermark and the earliest of them all, as Postgres' text (sent back as they came). */
  rolledUpAt: string;
  earliest: string;
}

/** Whole UTC days in [from, to) with a rollup, and their watermarks. */
async function rolledDays(db: DatabasePool, from: Date, to: Date): Promise<RolledDay[]> {
  const { rows } = await db.query<RolledDay>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, rolled_up_at::text AS "rolledUpAt",
            (min(rolled_up_at) OVER ())::text AS earliest
     FROM rollup_days
     WHERE day::timestamp AT TIME ZONE 'UTC' >= $1 AND (day + 1)::timestamp AT TIME ZONE 'UTC' <= $2 ORDER BY day`,
    [from, to],
  );
  return rows;
}

/** [from, to) without the given UTC days (sorted), as instant ranges. */
export function rangesWithout(from: Date, to: Date, days: readonly string[]): Array<[Date, Date]> {
  const ranges: Array<[Date, Date]> = [];
  let start = from;
  for (const day of days) {
    const [dayStart, dayEnd] = utcDay(day);
    if (dayStart > start) ranges.push([start, dayStart]);
    start = dayEnd;
  }
  if (start < to) ranges.push([start, to]);
  return ranges;
}

/** Runs of consecutive UTC days (sorted), as instant ranges: [first day's start, last day's end). */
export function dayRuns(days: readonly string[]): Array<[Date, Date]> {
  const runs: Array<[Date, Date]> = [];
  for (const day of days) {
    const [start, end] = utcDay(day);
    const last = runs[runs.length - 1];
    if (last && last[1].getTime() === start.getTime()) last[1] = end;
    else runs.push([start, end]);
  }
  return runs;
}

/** A UTC day (`YYYY-MM-DD`) as [its start, the next day's start). */
export function utcDay(day: string): [Date, Date] {
  const start = new Date(`${day}T00:00:00Z`);
  return [start, new Date(start.getTime() + 86_400_000)];
}
