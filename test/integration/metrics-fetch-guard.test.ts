// A deployment's metrics URL is fetched by the worker: it must not become a way to reach the
// cloud metadata service or internal hosts, to follow a redirect there, or to leak its credentials.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetricsEndpointFetcher } from '../../apps/worker/src/telemetry/metrics-endpoint-fetcher';
import { parseConfig } from '../../libs/config/src/load-config';

const fetcher = (allowed: string) =>
  new MetricsEndpointFetcher(parseConfig({ ...process.env, METRICS_ALLOWED_NETWORKS: allowed }));

describe('metrics endpoint fetcher', () => {
  let server: http.Server;
  let port: number;
  const seen: { url: string; authorization?: string }[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
      if (req.url === '/redirect') {
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      } else res.writeHead(200, { 'content-type': 'text/plain' }).end('vllm:num_requests_running 1\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('refuses loopback, private and link-local (metadata) addresses unless their network is allowed', async () => {
    const strict = fetcher('');
    await expect(strict.fetchText(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow(/loopback address/);
    await expect(strict.fetchText('http://169.254.169.254/latest/meta-data/')).rejects.toThrow(/link-local/);
    await expect(strict.fetchText('http://[::ffff:10.0.0.1]/metrics')).rejects.toThrow(/private address/);
    // A name is checked by the addresses it resolves to, in the connection's own lookup.
    await expect(strict.fetchText(`http://localhost:${port}/metrics`)).rejects.toThrow(/refused/);
    expect(seen).toEqual([]);
    await expect(fetcher('127.0.0.0/8').fetchText(`http://127.0.0.1:${port}/metrics`)).resolves.toContain('vllm:');
  });

  it('does not follow a redirect, sends URL credentials as basic auth and never repeats them', async () => {
    const allowed = fetcher('127.0.0.0/8');
    await expect(allowed.fetchText(`http://127.0.0.1:${port}/redirect`)).rejects.toThrow(/redirects are not followed/);
    expect(seen.at(-1)?.url).toBe('/redirect');
    await allowed.fetchText(`http://scraper:s3cret@127.0.0.1:${port}/metrics`);
    expect(seen.at(-1)?.authorization).toBe(`Basic ${Buffer.from('scraper:s3cret').toString('base64')}`);
    const error = await fetcher('')
      .fetchText(`http://scraper:s3cret@127.0.0.1:${port}/metrics`)
      .catch((e) => e);
    expect(String(error.message)).not.toContain('s3cret');
  });
});
