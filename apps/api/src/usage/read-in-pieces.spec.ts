import { describe, expect, it } from 'vitest';
import { nextSpan, PIECE_ROWS, pageInPieces, readInPieces } from './read-in-pieces';

/** Bucket b runs from points[b] to points[b + 1]; each of its rows is `${b}:${i}`. */
function buckets(rowsOf: (bucket: number) => number, count: number) {
  const points = Array.from({ length: count + 1 }, (_, i) => new Date(i * 3_600_000));
  const bucketAt = (at: Date) => at.getTime() / 3_600_000;
  const reads: Array<{ first: number; last: number; limit: number | null; answered: number }> = [];
  const read = async (from: Date, to: Date, limit: number | null) => {
    const rows: string[] = [];
    for (let b = bucketAt(from); b < bucketAt(to); b++) for (let i = 0; i < rowsOf(b); i++) rows.push(`${b}:${i}`);
    const answer = limit === null ? rows : rows.slice(0, limit);
    reads.push({ first: bucketAt(from), last: bucketAt(to), limit, answered: answer.length });
    return answer;
  };
  const all = Array.from({ length: count }, (_, b) => Array.from({ length: rowsOf(b) }, (_, i) => `${b}:${i}`)).flat();
  return { points, read, reads, all };
}

async function collect(runs: AsyncGenerator<string[]>): Promise<string[][]> {
  const out: string[][] = [];
  for await (const run of runs) out.push(run);
  return out;
}

describe('readInPieces', () => {
  it('yields every row once, in order, in runs of about PIECE_ROWS sized from the run before', async () => {
    const { points, read, reads, all } = buckets(() => 1_000, 500);
    const runs = await collect(readInPieces(points, 24, read));
    expect(runs.flat()).toEqual(all);
    // 24 buckets first, and the second asked for with it; then 20 (20,000 rows at 1,000 a bucket).
    expect(runs.map((run) => run.length / 1_000)).toEqual([24, 24, ...Array(22).fill(20), 12]);
    expect(reads.every((r) => r.answered <= 2 * PIECE_ROWS)).toBe(true);
  });

  it('grows runs over empty buckets, and reads a run again in halves when it holds too many rows', async () => {
    // 300 empty buckets, then 2,000 rows a bucket: the run that reaches the data is read again in halves.
    const { points, read, reads, all } = buckets((b) => (b < 300 ? 0 : 2_000), 400);
    const runs = await collect(readInPieces(points, 3, read));
    expect(runs.flat()).toEqual(all);
    expect(runs.every((run) => run.length <= 2 * PIECE_ROWS)).toBe(true);
    expect(reads.some((r) => r.answered === 2 * PIECE_ROWS + 1)).toBe(true);
    // The runs kept (two are asked for at once, so not in the order asked) start where the one before ended:
    // no bucket read into two runs, none left out.
    const kept = reads
      .filter((r) => r.answered <= 2 * PIECE_ROWS || r.limit === null)
      .sort((a, b) => a.first - b.first);
    expect(kept.map((r) => r.first)).toEqual([0, ...kept.slice(0, -1).map((r) => r.last)]);
    expect(kept.at(-1)!.last).toBe(400);
  });

  it('reads a single bucket whole, however many rows it has', async () => {
    const { points, read, reads, all } = buckets((b) => (b === 1 ? 5 * PIECE_ROWS : 10), 3);
    const runs = await collect(readInPieces(points, 3, read));
    expect(runs.flat()).toEqual(all);
    expect(reads.find((r) => r.first === 1 && r.last === 2)).toMatchObject({ limit: null, answered: 5 * PIECE_ROWS });
  });

  it('reads a range without any bucket start inside it as one run', async () => {
    const { points, read, all } = buckets(() => 7, 1);
    expect(await collect(readInPieces(points, 14, read))).toEqual([all]);
  });
});

describe('pageInPieces', () => {
  /** buckets() read as pages: each read answers `limit` rows of [from, to) from `offset` on. */
  function pages(rowsOf: (bucket: number) => number, count: number) {
    const { points, all } = buckets(rowsOf, count);
    const bucketAt = (at: Date) => at.getTime() / 3_600_000;
    const reads: Array<{ first: number; last: number; offset: number; limit: number }> = [];
    const read = async (from: Date, to: Date, offset: number, limit: number) => {
      reads.push({ first: bucketAt(from), last: bucketAt(to), offset, limit });
      return all
        .filter((row) => Number(row.split(':')[0]) >= bucketAt(from) && Number(row.split(':')[0]) < bucketAt(to))
        .slice(offset, offset + limit);
    };
    return { points, all, read, reads };
  }

  it("reads a page at a long range's start from its first buckets only", async () => {
    // A year of every scope's days: the first page and the row that says another follows are the first two days'.
    const { points, read, reads, all } = pages(() => 1_000, 365);
    expect(await pageInPieces(points, 0, 1_001, read)).toEqual(all.slice(0, 1_001));
    expect(reads).toEqual([
      { first: 0, last: 1, offset: 0, limit: 1_001 },
      { first: 1, last: 2, offset: 0, limit: 1 },
    ]);
  });

  it('reads the rest of a range at once, Postgres skipping the offset, when it holds a few pages at most', async () => {
    const { points, read, reads, all } = pages(() => 10, 168);
    expect(await pageInPieces(points, 0, 1_001, read)).toEqual(all.slice(0, 1_001));
    expect(reads).toEqual([
      { first: 0, last: 1, offset: 0, limit: 1_001 },
      { first: 1, last: 168, offset: 0, limit: 991 },
    ]);
    // A deep page of a long range: one bucket, then the rest with the offset left.
    const deep = pages(() => 1_000, 365);
    expect(await pageInPieces(deep.points, 364_000, 1_001, deep.read)).toEqual(deep.all.slice(364_000));
    expect(deep.reads).toEqual([
      { first: 0, last: 1, offset: 0, limit: 365_001 },
      { first: 1, last: 365, offset: 363_000, limit: 1_001 },
    ]);
  });

  it('grows runs fourfold over empty buckets, and answers every page as the whole range sliced', async () => {
    const { points, read, reads, all } = pages((b) => (b < 100 ? 0 : (b * 7) % 5), 365);
    expect(await pageInPieces(points, 0, 101, read)).toEqual(all.slice(0, 101));
    expect(reads.slice(0, 5).map((r) => r.last - r.first)).toEqual([1, 4, 16, 64, 256]);
    for (const [offset, limit] of [
      [0, 1],
      [3, 2],
      [250, 101],
      [all.length - 1, 5],
      [all.length, 5],
      [all.length + 10, 5],
    ])
      expect(await pageInPieces(points, offset!, limit!, read), `${offset}+${limit}`).toEqual(
        all.slice(offset, offset! + limit!),
      );
  });
});

describe('nextSpan', () => {
  it('aims at PIECE_ROWS and grows at most fourfold', () => {
    expect(nextSpan(10, 1_000)).toBe(40);
    expect(nextSpan(10, 0)).toBe(40);
    expect(nextSpan(10, 10 * 2_000)).toBe(10);
    expect(nextSpan(10, 100 * PIECE_ROWS)).toBe(1);
  });
});
