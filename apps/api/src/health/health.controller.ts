import { Controller, Get, Header, Res } from '@nestjs/common';
import { MetricsService, ReadinessService } from '@tokenmeter/observability';
import type { Response } from 'express';

@Controller()
export class HealthController {
  constructor(
    private readonly readiness: ReadinessService,
    private readonly metrics: MetricsService,
  ) {}

  @Get('healthz')
  live() {
    return { status: 'ok' };
  }

  @Get('readyz')
  async ready(@Res() res: Response) {
    const report = await this.readiness.check();
    res.status(report.ready ? 200 : 503).json(report);
  }

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  metricsText() {
    return this.metrics.render();
  }
}
