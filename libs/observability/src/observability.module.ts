import { Global, Module } from '@nestjs/common';
import { DbModule } from '@tokenmeter/db';
import { MetricsService } from './metrics.service';
import { ReadinessService } from './readiness.service';

@Global()
@Module({
  imports: [DbModule],
  providers: [MetricsService, ReadinessService],
  exports: [MetricsService, ReadinessService],
})
export class ObservabilityModule {}
