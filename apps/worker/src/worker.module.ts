import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { AppConfig, ConfigModule } from '@tokenmeter/config';
import { Queues } from '@tokenmeter/contracts';
import { DbModule } from '@tokenmeter/db';
import { KafkaModule } from '@tokenmeter/kafka';
import { HEALTH_PORT, HealthHttpServer, loggerOptions, ObservabilityModule } from '@tokenmeter/observability';
import { LoggerModule } from 'nestjs-pino';
import { JobHandlerCheck } from './jobs/job-handler-check';
import { MaintenanceProcessor } from './maintenance/maintenance.processor';
import { MaintenanceScheduler } from './maintenance/maintenance.scheduler';
import { PlannerModule } from '@tokenmeter/planner';
import { PlannerProcessor } from './planner/planner.processor';
import { PlannerScheduler } from './planner/planner.scheduler';
import { WebhookProcessor } from './planner/webhook.processor';
import { WeeklyReportModule } from '@tokenmeter/reports';
import { WeeklyReportProcessor } from './reports/weekly-report.processor';
import { WeeklyReportScheduler } from './reports/weekly-report.scheduler';
import { MetricsEndpointFetcher } from './telemetry/metrics-endpoint-fetcher';
import { MetricsScraper } from './telemetry/metrics-scraper';
import { TelemetryProcessor } from './telemetry/telemetry.processor';
import { TelemetryScheduler } from './telemetry/telemetry.scheduler';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerOptions('worker', config.LOG_LEVEL)),
        DiscoveryModule,
        ScheduleModule.forRoot(),
        BullModule.forRoot({ connection: { url: config.REDIS_URL }, prefix: config.QUEUE_PREFIX }),
        BullModule.registerQueue({ name: Queues.maintenance }),
        BullModule.registerQueue({ name: Queues.telemetry }),
        BullModule.registerQueue({ name: Queues.reports }),
        DbModule,
        KafkaModule,
        ObservabilityModule,
        PlannerModule,
        WeeklyReportModule,
      ],
      providers: [
        { provide: HEALTH_PORT, useValue: { host: config.API_HOST, port: config.WORKER_HTTP_PORT } },
        HealthHttpServer,
        JobHandlerCheck,
        MaintenanceScheduler,
        MaintenanceProcessor,
        MetricsEndpointFetcher,
        MetricsScraper,
        TelemetryProcessor,
        TelemetryScheduler,
        PlannerScheduler,
        PlannerProcessor,
        WebhookProcessor,
        WeeklyReportScheduler,
        WeeklyReportProcessor,
      ],
    };
  }
}
