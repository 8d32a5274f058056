// For processes without HTTP routes (ingest, worker): a tiny server for /healthz, /readyz, /metrics.

import { createServer, Server } from 'node:http';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { MetricsService } from './metrics.service';
import { ReadinessService } from './readiness.service';

export const HEALTH_PORT = Symbol('HEALTH_PORT');

@Injectable()
export class HealthHttpServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server: Server | null = null;

  constructor(
    @Inject(HEALTH_PORT) private readonly port: { host: string; port: number },
    private readonly readiness: ReadinessService,
    private readonly metrics: MetricsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.route(req.url ?? '/').then(({ status, type, body }) => {
        res.writeHead(status, { 'content-type': type });
        res.end(body);
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port.port, this.port.host, () => resolve());
    });
  }

  private async route(url: string): Promise<{ status: number; type: string; body: string }> {
    const path = url.split('?')[0];
    if (path === '/healthz') return { status: 200, type: 'application/json', body: '{"status":"ok"}' };
    if (path === '/readyz') {
      const report = await this.readiness.check();
      return { status: report.ready ? 200 : 503, type: 'application/json', body: JSON.stringify(report) };
    }
    if (path === '/metrics')
      return { status: 200, type: this.metrics.registry.contentType, body: await this.metrics.render() };
    return { status: 404, type: 'application/json', body: '{"error":"not found"}' };
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
