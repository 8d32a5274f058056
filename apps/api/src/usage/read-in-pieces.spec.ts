import { describe, expect, it } from 'vitest';
import { nextSpan, PIECE_ROWS, readInPieces } from './read-in-pieces';

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

describe('nextSpan', () => {
  it('aims at PIECE_ROWS and grows at most fourfold', () => {
    expect(nextSpan(10, 1_000)).toBe(40);
    expect(nextSpan(10, 0)).toBe(40);
    expect(nextSpan(10, 10 * 2_000)).toBe(10);
    expect(nextSpan(10, 100 * PIECE_ROWS)).toBe(1);
  });
});
