// An alert webhook that answers with a redirect is a failure (retried by BullMQ), never followed:
// the signed body must not go wherever the endpoint points, an internal address included.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookSender } from '../../libs/planner/src/webhook-sender';

describe('WebhookSender', () => {
  let server: http.Server;
  let base: string;
  const paths: string[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      paths.push(req.url ?? '');
      if (req.url === '/hook') res.writeHead(307, { location: '/internal' }).end();
      else res.writeHead(200).end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('does not follow a redirect and says so', async () => {
    await expect(new WebhookSender().send(`${base}/hook`, 'secret', '{}')).rejects.toThrow(
      /HTTP 307: redirects are not followed/,
    );
    expect(paths).toEqual(['/hook']);
    await expect(new WebhookSender().send(`${base}/ok`, 'secret', '{}')).resolves.toBe(200);
  });
});
