import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { processRootModule, queueConnection } from '@tokenmeter/bootstrap';
import { AppConfig } from '@tokenmeter/config';
import { Queues } from '@tokenmeter/contracts';
import { HEALTH_PORT, HealthHttpServer } from '@tokenmeter/observability';
import { PlannerModule } from '@tokenmeter/planner';
import { WeeklyReportModule } from '@tokenmeter/reports';
import { BudgetWatchScheduler } from './budgets/budget-watch.scheduler';
import { JobHandlerCheck } from './jobs/job-handler-check';
import { MaintenanceProcessor } from './maintenance/maintenance.processor';
import { MaintenanceScheduler } from './maintenance/maintenance.scheduler';
import { PlannerProcessor } from './planner/planner.processor';
import { PlannerScheduler } from './planner/planner.scheduler';
import { WebhookProcessor } from './planner/webhook.processor';
import { WeeklyReportProcessor } from './reports/weekly-report.processor';
import { WeeklyReportScheduler } from './reports/weekly-report.scheduler';
import { MetricsEndpointFetcher } from './telemetry/metrics-endpoint-fetcher';
import { MetricsScraper } from './telemetry/metrics-scraper';
import { TelemetryProcessor } from './telemetry/telemetry.processor';
import { TelemetryScheduler } from './telemetry/telemetry.scheduler';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    // The planner's queues (planner, webhooks) come with PlannerModule.
    const queues = [Queues.maintenance, Queues.telemetry, Queues.reports].map((name) =>
      BullModule.registerQueue({ name }),
    );
    return processRootModule(WorkerModule, config, 'worker', {
      imports: [
        DiscoveryModule,
        ScheduleModule.forRoot(),
        queueConnection(config),
        ...queues,
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
        BudgetWatchScheduler,
      ],
    });
  }
}
