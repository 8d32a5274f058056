// The nightly tables' writes as COPY: a night's rows go as a stream of text lines, each value parsed
// once by Postgres, where one INSERT of the night's JSON as a single array had it parse the whole
// array and then take its elements apart again (a recommendations night: 0.7 s -> 0.4 s at 1,000).
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/**
 * Runs `COPY … FROM STDIN` (text format) with the lines (values escaped by copyText), in pieces of
 * ~1 MB; lines that come later (an async iterable) are sent as they come. Inside a transaction, its
 * values long enough to be compressed (a recommendation's inputs, a forecast's months) are
 * compressed with lz4 where the server has it: pglz took half of a recommendations night's COPY.
 */
export async function copyLinesInto(
  client: PoolClient,
  statement: string,
  lines: Iterable<string> | AsyncIterable<string>,
): Promise<void> {
  await client.query(
    `SELECT set_config('default_toast_compression', 'lz4', true) FROM pg_settings
     WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)`,
  );
  await pipeline(Readable.from(pieces(lines)), client.query(copyFrom(statement)));
}

async function* pieces(lines: Iterable<string> | AsyncIterable<string>, pieceChars = 1 << 20): AsyncGenerator<Buffer> {
  let piece: string[] = [];
  let chars = 0;
  for await (const line of lines) {
    piece.push(line);
    chars += line.length;
    if (chars >= pieceChars) {
      yield Buffer.from(piece.join(''));
      piece = [];
      chars = 0;
    }
  }
  if (piece.length > 0) yield Buffer.from(piece.join(''));
}
