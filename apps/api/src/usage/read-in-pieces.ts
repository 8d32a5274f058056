// A long usage answer read a run of whole buckets at a time, each run once, in order: the CSV export
// (readInPieces) and a page of the JSON answer (pageInPieces). Pages of the CSV would each have
// Postgres group the whole range again to skip the rows before them (OFFSET); one query for all of it
// would hold every row in memory at once. Runs are sized from the rows a bucket held
// in the last run read, to about PIECE_ROWS, and two are asked for at once (Postgres works on one while the
// other's rows are sent). A run that comes back much larger is read again in halves, so the process holds
// a few runs at most whatever the data's density (a single bucket may be larger).

/** Rows a run aims at: a query's own cost is small beside them, and a few runs are a few MB of objects. */
export const PIECE_ROWS = 20_000;
/** Rows a run may come back with before it is read again in halves. */
const MAX_RUN_ROWS = 2 * PIECE_ROWS;

type ReadRows<R> = (from: Date, to: Date, limit: number | null) => Promise<R[]>;

/**
 * The rows between `points` (the range's start, the bucket starts inside it, then its end), in order, a
 * run of buckets per yield, the first `firstBuckets` long. `read(from, to, limit)` answers at most `limit`
 * rows of [from, to), or all of them for null.
 */
export async function* readInPieces<R>(
  points: readonly Date[],
  firstBuckets: number,
  read: ReadRows<R>,
): AsyncGenerator<R[]> {
  const buckets = points.length - 1;
  let span = firstBuckets;
  let planned = 0;
  const ahead: Array<{ first: number; last: number; rows: Promise<R[]> }> = [];
  const askForNext = () => {
    if (planned >= buckets) return;
    const first = planned;
    const last = Math.min(first + span, buckets);
    planned = last;
    const rows = readAtMost(points, first, last, read);
    // Handled here too: a caller that stops early never awaits the runs asked for ahead.
    rows.catch(() => undefined);
    ahead.push({ first, last, rows });
  };
  askForNext();
  askForNext();
  for (let run = ahead.shift(); run !== undefined; run = ahead.shift()) {
    const rows = await run.rows;
    span = nextSpan(run.last - run.first, rows.length);
    askForNext();
    yield* inHalvesIfLarge(points, run.first, run.last, rows, read);
  }
}

/** Buckets [first, last) at most MAX_RUN_ROWS + 1 rows (all of them for a single bucket). */
function readAtMost<R>(points: readonly Date[], first: number, last: number, read: ReadRows<R>): Promise<R[]> {
  return read(points[first]!, points[last]!, last - first === 1 ? null : MAX_RUN_ROWS + 1);
}

/** `rows`, the rows of buckets [first, last), or when they are too many its halves, read again and halved likewise. */
async function* inHalvesIfLarge<R>(
  points: readonly Date[],
  first: number,
  last: number,
  rows: R[],
  read: ReadRows<R>,
): AsyncGenerator<R[]> {
  if (rows.length <= MAX_RUN_ROWS || last - first === 1) {
    yield rows;
    return;
  }
  const middle = first + Math.floor((last - first) / 2);
  for (const [from, to] of [
    [first, middle],
    [middle, last],
  ] as const) {
    yield* inHalvesIfLarge(points, from, to, await readAtMost(points, from, to, read), read);
  }
}

/** Buckets for a run: about PIECE_ROWS at the last run's rows a bucket, growing at most fourfold. */
export function nextSpan(span: number, rows: number): number {
  return Math.max(1, Math.min(span * 4, Math.floor((PIECE_ROWS * span) / Math.max(rows, 1))));
}

/** `read(from, to, offset, limit)` answers the rows of [from, to) from `offset` on, at most `limit` of them. */
type ReadPage<R> = (from: Date, to: Date, offset: number, limit: number) => Promise<R[]>;

/** The rest of a range is read at once when, at the rows a bucket held so far, it holds at most this many times
 * the rows still wanted; otherwise a run sized to what is wanted, with this margin, comes next. */
const REST_AT_ONCE = 4;
const RUN_MARGIN = 1.25;

/**
 * `limit` rows of the range between `points` from `offset` on (fewer at its end), in order: a page, whose rows
 * are the range's first ones after its offset. One query for the whole range has Postgres group all of it
 * for a page of its start (a year of every scope's days for its first 1,000 rows). Here a first bucket is read
 * alone; then, at the rows a bucket has held so far, the rest of the range is read at once when it holds no
 * more than a few times the rows still wanted (Postgres skipping the offset's rows, as one query would), and
 * otherwise a run of buckets sized to them, and so on. A page near the range's start reads its first buckets
 * only; a small answer costs one query more than it did, a single bucket's.
 */
export async function pageInPieces<R>(
  points: readonly Date[],
  offset: number,
  limit: number,
  read: ReadPage<R>,
): Promise<R[]> {
  const buckets = points.length - 1;
  const page: R[] = [];
  let skip = offset;
  let seen = 0;
  let span = 1;
  for (let first = 0; first < buckets && page.length < limit; ) {
    const wanted = skip + limit - page.length;
    const perBucket = seen / Math.max(first, 1);
    if (first > 0 && seen > 0 && perBucket * (buckets - first) <= REST_AT_ONCE * wanted) {
      for (const row of await read(points[first]!, points[buckets]!, skip, limit - page.length)) page.push(row);
      break;
    }
    const last = Math.min(first + span, buckets);
    const run = await read(points[first]!, points[last]!, 0, wanted);
    seen += run.length;
    for (let i = Math.min(skip, run.length); i < run.length; i++) page.push(run[i]!);
    skip -= Math.min(skip, run.length);
    first = last;
    span = seen === 0 ? span * 4 : Math.max(1, Math.ceil((RUN_MARGIN * (skip + limit - page.length)) / (seen / first)));
  }
  return page;
}
