// A long usage answer (the CSV export) read a run of whole buckets at a time, each run once, in order. Pages
// of it would each have Postgres group the whole range again to skip the rows before them (OFFSET); one
// query for all of it would hold every row in memory at once. Runs are sized from the rows a bucket held
// in the run before, to about PIECE_ROWS; a run that comes back much larger is read again in halves, so
// the process holds at most a few such runs whatever the data's density (a single bucket may be larger).

/** Rows a run aims at: a query's own cost is small beside them, and two runs are a few MB of objects. */
export const PIECE_ROWS = 20_000;

/**
 * The rows between `points` (the range's start, the bucket starts inside it, then its end), in order, a
 * run of buckets per yield, the first `firstBuckets` long. `read(from, to, limit)` answers at most `limit`
 * rows of [from, to), or all of them for null. The next run is read while the caller handles this one.
 */
export async function* readInPieces<R>(
  points: readonly Date[],
  firstBuckets: number,
  read: (from: Date, to: Date, limit: number | null) => Promise<R[]>,
): AsyncGenerator<R[]> {
  const buckets = points.length - 1;
  const start = (first: number, span: number) => {
    const rows = readRun(points, first, Math.min(first + span, buckets), read);
    // Handled here too: a caller that stops early never awaits the run read ahead.
    rows.catch(() => undefined);
    return rows;
  };
  let run = start(0, firstBuckets);
  for (;;) {
    const { rows, first, last } = await run;
    const next = last < buckets ? start(last, nextSpan(last - first, rows.length)) : null;
    yield rows;
    if (next === null) return;
    run = next;
  }
}

/** Buckets [first, last) at most 2 × PIECE_ROWS rows at a time: halved until they fit, or are one bucket. */
async function readRun<R>(
  points: readonly Date[],
  first: number,
  last: number,
  read: (from: Date, to: Date, limit: number | null) => Promise<R[]>,
): Promise<{ rows: R[]; first: number; last: number }> {
  for (;;) {
    const single = last - first === 1;
    const rows = await read(points[first]!, points[last]!, single ? null : 2 * PIECE_ROWS + 1);
    if (single || rows.length <= 2 * PIECE_ROWS) return { rows, first, last };
    last = first + Math.floor((last - first) / 2);
  }
}

/** Buckets for the next run: about PIECE_ROWS at this run's rows a bucket, growing at most fourfold. */
export function nextSpan(span: number, rows: number): number {
  return Math.max(1, Math.min(span * 4, Math.floor((PIECE_ROWS * span) / Math.max(rows, 1))));
}
