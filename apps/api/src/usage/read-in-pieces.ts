// A long usage answer (the CSV export) read a run of whole buckets at a time, each run once, in order. Pages
// of it would each have Postgres group the whole range again to skip the rows before them (OFFSET); one
// query for all of it would hold every row in memory at once. Runs are sized from the rows a bucket held
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
