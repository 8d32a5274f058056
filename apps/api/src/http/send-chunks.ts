// A download's body, sent as its chunks are made and at the pace the client reads: write() says when the
// client's buffer is full, and the next chunk waits for it to drain. A client that goes away stops the
// reading (the chunks' generator is closed), rather than leave it waiting for a drain that never comes.
import { once } from 'node:events';
import type { Response } from 'express';

/**
 * Writes the chunks to `res` and ends it. Its status line and headers are already set (usually after a
 * first chunk was read, so that a failing first read still answers with an error status). A later failure
 * cuts the body off: the status line is gone, and a cut-off body is the only way left to say the file is
 * not whole.
 */
export async function sendChunks(res: Response, chunks: AsyncIterable<string | Uint8Array>): Promise<void> {
  try {
    for await (const chunk of chunks) {
      if (res.destroyed) return;
      if (!res.write(chunk)) await drainedOrClosed(res);
    }
  } catch (error) {
    res.destroy(error instanceof Error ? error : new Error(String(error)));
    return;
  }
  res.end();
}

async function drainedOrClosed(res: Response): Promise<void> {
  const done = new AbortController();
  const events = ['drain', 'close'].map((event) => once(res, event, { signal: done.signal }).catch(() => undefined));
  await Promise.race(events);
  done.abort();
}
