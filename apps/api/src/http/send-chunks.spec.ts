import { once } from 'node:events';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Response } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { sendChunks } from './send-chunks';

const MB = 'x'.repeat(1024 * 1024);

describe('sendChunks', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  /** A server whose one route sends `chunks`; resolves with its address and a promise of sendChunks' end. */
  async function serve(chunks: () => AsyncGenerator<string>) {
    let sent!: Promise<void>;
    server = createServer((_req, res) => {
      res.writeHead(200);
      sent = sendChunks(res as unknown as Response, chunks());
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, sent: () => sent };
  }

  it('makes no chunk the client has no room for, and sends them all, then ends', async () => {
    let made = 0;
    const { url } = await serve(async function* () {
      for (; made < 64; made++) yield MB;
    });
    let received = 0;
    await new Promise<void>((resolve) => {
      get(url, (res) => {
        res.pause();
        // Read nothing for a while: the server must stop making chunks, not buffer 64 MB.
        setTimeout(() => {
          expect(made).toBeLessThan(16);
          res.on('data', (chunk: Buffer) => (received += chunk.length));
          res.on('end', resolve);
          res.resume();
        }, 300);
      });
    });
    expect(received).toBe(64 * MB.length);
  });

  it('stops reading the chunks when the client goes away', async () => {
    let closed = false;
    const { url, sent } = await serve(async function* () {
      try {
        for (;;) yield MB;
      } finally {
        closed = true;
      }
    });
    await new Promise<void>((resolve) => {
      const req = get(url, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', () => undefined);
    });
    await sent();
    expect(closed).toBe(true);
  });

  it('cuts the body off when a chunk fails after the first', async () => {
    const { url } = await serve(async function* () {
      yield 'header\n';
      throw new Error('database gone');
    });
    const outcome = await new Promise<string>((resolve) => {
      get(url, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve('ended'));
        res.on('error', () => resolve('cut off'));
        res.on('aborted', () => resolve('cut off'));
      }).on('error', () => resolve('cut off'));
    });
    expect(outcome).toBe('cut off');
  });
});
