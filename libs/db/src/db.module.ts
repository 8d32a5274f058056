import { Module } from '@nestjs/common';
import { DatabasePool } from './client/database-pool';
import { PrismaService } from './client/prisma.service';
import { FocusExportReader } from './exports/focus-export-reader';
import { AlertConfigAuditRepository } from './repositories/alert-config-audit-repository';
import { AlertDeliveryRepository } from './repositories/alert-delivery-repository';
import { AlertEventRepository } from './repositories/alert-event-repository';
import { AlertRuleRepository } from './repositories/alert-rule-repository';
import { ApiKeyRepository } from './repositories/api-key-repository';
import { BudgetRepository } from './repositories/budget-repository';
import { DeploymentRepository } from './repositories/deployment-repository';
import { DeploymentUtilizationDailyRepository } from './repositories/deployment-utilization-daily-repository';
import { InvoicedCostRepository } from './repositories/invoiced-cost-repository';
import { MetricCounterStateRepository } from './repositories/metric-counter-state-repository';
import { MonthSpendRepository } from './repositories/month-spend-repository';
import { OrganizationAssumptionsRepository } from './repositories/organization-assumptions-repository';
import { PartitionMaintainer } from './repositories/partition-maintainer';
import { PlannerRunRepository } from './repositories/planner-run-repository';
import { PlannerSampleStatsRepository } from './repositories/planner-sample-stats-repository';
import { PriceEntryRepository } from './repositories/price-entry-repository';
import { RecommendationRepository } from './repositories/recommendation-repository';
import { RollupDayRepository } from './repositories/rollup-day-repository';
import { StandInAutovacuum } from './repositories/stand-in-autovacuum';
import { SubstituteCatalogRepository } from './repositories/substitute-catalog-repository';
import { TeamRepository } from './repositories/team-repository';
import { UsageDimensionRepository } from './repositories/usage-dimension-repository';
import { UsageQueryRepository } from './repositories/usage-query-repository';
import { UsageRecordRepository } from './repositories/usage-record-repository';
import { UsageRollupDailyRepository } from './repositories/usage-rollup-daily-repository';
import { UsageRollupDaySync } from './repositories/usage-rollup-day-sync';
import { UsageRollupHourlyRepository } from './repositories/usage-rollup-hourly-repository';
import { UtilizationSampleRepository } from './repositories/utilization-sample-repository';
import { VolumeForecastRepository } from './repositories/volume-forecast-repository';
import { WebhookEndpointRepository } from './repositories/webhook-endpoint-repository';
import { WeeklyReportRepository } from './repositories/weekly-report-repository';

// The nightly planner's tables.
const PLANNER_REPOSITORIES = [
  RollupDayRepository,
  UsageRollupDaySync,
  UsageRollupDailyRepository,
  UsageRollupHourlyRepository,
  PlannerRunRepository,
  VolumeForecastRepository,
  DeploymentUtilizationDailyRepository,
  PlannerSampleStatsRepository,
  RecommendationRepository,
  AlertEventRepository,
  AlertRuleRepository,
  WebhookEndpointRepository,
  AlertConfigAuditRepository,
  AlertDeliveryRepository,
  OrganizationAssumptionsRepository,
  SubstituteCatalogRepository,
];

/** Every injectable of libs/db, provided and exported alike. */
const DB_PROVIDERS = [
  PrismaService,
  DatabasePool,
  PartitionMaintainer,
  StandInAutovacuum,
  UsageDimensionRepository,
  UsageRecordRepository,
  ApiKeyRepository,
  TeamRepository,
  PriceEntryRepository,
  DeploymentRepository,
  UtilizationSampleRepository,
  MetricCounterStateRepository,
  UsageQueryRepository,
  FocusExportReader,
  WeeklyReportRepository,
  BudgetRepository,
  InvoicedCostRepository,
  MonthSpendRepository,
  ...PLANNER_REPOSITORIES,
];

@Module({ providers: DB_PROVIDERS, exports: DB_PROVIDERS })
export class DbModule {}
