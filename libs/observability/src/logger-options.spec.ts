import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loggerOptions } from './logger-options';

describe('loggerOptions', () => {
  it('writes keys, session cookies and set-cookie as [Redacted]', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const options = loggerOptions('api', 'info').pinoHttp as { redact: string[] };
    const logger = pino({ redact: options.redact }, sink);
    logger.info({
      req: { headers: { authorization: 'Bearer tm_x', cookie: 'tm_session=abc123', 'x-api-key': 'tm_y' } },
      res: { headers: { 'set-cookie': ['tm_session=def456; HttpOnly'] } },
    });
    const line = lines.join('');
    for (const secret of ['tm_x', 'tm_y', 'abc123', 'def456']) expect(line).not.toContain(secret);
    expect(JSON.parse(line).req.headers.cookie).toBe('[Redacted]');
  });
});
