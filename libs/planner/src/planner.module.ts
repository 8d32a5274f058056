// The nightly planner's steps and delivery, without job handlers: the worker adds the processors
// and the scheduler; the CLI uses this module alone to run a night in-process.
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { Queues } from '@tokenmeter/contracts';
import { DbModule } from '@tokenmeter/db';
import { ObservabilityModule } from '@tokenmeter/observability';
import { AlertDispatcher } from './alert-dispatcher';
import { AlertStep } from './alert-step';
import { BudgetWatch } from './budget-watch';
import { ForecastPool } from './forecast-pool';
import { ForecastStep } from './forecast-step';
import { NightlyChain } from './nightly-chain';
import { OrganizationAssumptionsService } from './organization-assumptions.service';
import { RecommendationPublisher } from './recommendation-publisher';
import { RecommendationStep } from './recommendation-step';
import { RollupStep } from './rollup-step';
import { SaturationChecks } from './saturation-checks';
import { SpendAnomalyWatch } from './spend-anomaly-watch';
import { SubstituteCatalogService } from './substitute-catalog.service';
import { UtilizationStep } from './utilization-step';
import { WebhookSender } from './webhook-sender';

const PROVIDERS = [
  ForecastPool,
  RollupStep,
  ForecastStep,
  UtilizationStep,
  RecommendationStep,
  RecommendationPublisher,
  AlertStep,
  AlertDispatcher,
  SaturationChecks,
  BudgetWatch,
  SpendAnomalyWatch,
  WebhookSender,
  NightlyChain,
  OrganizationAssumptionsService,
  SubstituteCatalogService,
];

@Module({
  imports: [
    DbModule,
    ObservabilityModule,
    BullModule.registerQueue({ name: Queues.planner }, { name: Queues.webhooks }),
  ],
  providers: PROVIDERS,
  exports: [...PROVIDERS, BullModule],
})
export class PlannerModule {}
