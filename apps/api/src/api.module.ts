import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { processRootModule, queueConnection } from '@tokenmeter/bootstrap';
import { AppConfig } from '@tokenmeter/config';
import { Queues } from '@tokenmeter/contracts';
import {
  DestinationTestMessage,
  OrganizationAssumptionsService,
  SaturationChecks,
  SubstituteCatalogService,
  WebhookSender,
} from '@tokenmeter/planner';
import { WeeklyReportModule } from '@tokenmeter/reports';
import { AlertsController } from './alerts/alerts.controller';
import { AssumptionsController } from './assumptions/assumptions.controller';
import { ApiKeyGuard } from './auth/api-key.guard';
import { BudgetStatusSnapshot } from './budgets/budget-status-snapshot.service';
import { BudgetsController } from './budgets/budgets.controller';
import { CollectorController } from './collector/collector.controller';
import { UsageEventPublisher } from './collector/usage-event-publisher';
import { DeploymentsController } from './deployments/deployments.controller';
import { FocusExportController } from './exports/focus-export.controller';
import { HealthController } from './health/health.controller';
import { ApiErrorFilter } from './http/api-error';
import { IngestRateLimitGuard } from './ingest-rate-limit/ingest-rate-limit.guard';
import { IngestRateLimiter } from './ingest-rate-limit/ingest-rate-limiter';
import { KeysController } from './keys/keys.controller';
import { OtlpTracesController } from './otlp/otlp-traces.controller';
import { AlertsPageController } from './pages/alerts-page.controller';
import { BudgetsPageController } from './pages/budgets-page.controller';
import { PageAuthGuard } from './pages/page-auth.guard';
import { PagesController } from './pages/pages.controller';
import { SessionStore } from './pages/session-store';
import { PlannerController } from './planner/planner.controller';
import { PricesController } from './prices/prices.controller';
import { ReconciliationController } from './reconciliation/reconciliation.controller';
import { ReportsController } from './reports/reports.controller';
import { SubstitutesController } from './substitutes/substitutes.controller';
import { TeamsController } from './teams/teams.controller';
import { UsageController } from './usage/usage.controller';
import { UsageQueryService } from './usage/usage-query.service';

// The read API's controllers (usage, exports, keys, teams, prices) and what they need.
const READ_API_CONTROLLERS = [
  UsageController,
  FocusExportController,
  KeysController,
  TeamsController,
  PricesController,
  BudgetsController,
  ReconciliationController,
];
const READ_API_PROVIDERS = [UsageQueryService, IngestRateLimiter, IngestRateLimitGuard, BudgetStatusSnapshot];

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    // The API enqueues planner runs; only the worker handles them.
    const queues = [queueConnection(config), BullModule.registerQueue({ name: Queues.planner })];
    return processRootModule(ApiModule, config, 'api', {
      imports: [WeeklyReportModule, ...queues],
      controllers: [
        HealthController,
        CollectorController,
        OtlpTracesController,
        DeploymentsController,
        PlannerController,
        AlertsController,
        AssumptionsController,
        SubstitutesController,
        ...READ_API_CONTROLLERS,
        ReportsController,
        PagesController,
        AlertsPageController,
        BudgetsPageController,
      ],
      providers: [
        ApiKeyGuard,
        WebhookSender,
        DestinationTestMessage,
        SaturationChecks,
        UsageEventPublisher,
        OrganizationAssumptionsService,
        SubstituteCatalogService,
        ...READ_API_PROVIDERS,
        SessionStore,
        PageAuthGuard,
        { provide: APP_FILTER, useClass: ApiErrorFilter },
      ],
    });
  }
}
