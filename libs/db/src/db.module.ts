import { Module } from '@nestjs/common';
import { ApiKeyRepository } from './api-key-repository';
import { DatabasePool } from './database-pool';
import { DeploymentRepository } from './deployment-repository';
import { MetricCounterStateRepository } from './metric-counter-state-repository';
import { PartitionMaintainer } from './partition-maintainer';
import { PriceEntryRepository } from './price-entry-repository';
import { PrismaService } from './prisma.service';
import { TeamRepository } from './team-repository';
import { UsageRecordRepository } from './usage-record-repository';
import { RollupDayRepository } from './rollup-day-repository';
import { UsageRollupDailyRepository } from './usage-rollup-daily-repository';
import { UsageRollupHourlyRepository } from './usage-rollup-hourly-repository';
import { PlannerRunRepository } from './planner-run-repository';
import { VolumeForecastRepository } from './volume-forecast-repository';
import { DeploymentUtilizationDailyRepository } from './deployment-utilization-daily-repository';
import { PlannerSampleStatsRepository } from './planner-sample-stats-repository';
import { RecommendationRepository } from './recommendation-repository';
import { AlertEventRepository } from './alert-event-repository';
import { AlertRuleRepository } from './alert-rule-repository';
import { WebhookEndpointRepository } from './webhook-endpoint-repository';
import { UtilizationSampleRepository } from './utilization-sample-repository';
import { UsageQueryRepository } from './usage-query-repository';
import { WeeklyReportRepository } from './weekly-report-repository';

// The nightly planner's tables.
const PLANNER_REPOSITORIES = [
  RollupDayRepository,
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
];

@Module({
  providers: [PrismaService, DatabasePool, PartitionMaintainer, UsageRecordRepository, ApiKeyRepository, TeamRepository, PriceEntryRepository, DeploymentRepository, UtilizationSampleRepository, MetricCounterStateRepository, UsageQueryRepository, WeeklyReportRepository, ...PLANNER_REPOSITORIES],
  exports: [PrismaService, DatabasePool, PartitionMaintainer, UsageRecordRepository, ApiKeyRepository, TeamRepository, PriceEntryRepository, DeploymentRepository, UtilizationSampleRepository, MetricCounterStateRepository, UsageQueryRepository, WeeklyReportRepository, ...PLANNER_REPOSITORIES],
})
export class DbModule {}
