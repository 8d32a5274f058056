// The nightly planner's steps and delivery, without job handlers: the worker adds the processors
// and the scheduler; the CLI uses this module alone to run a night in-process.
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { Queues } from '@tokenmeter/contracts';
import { DbModule } from '@tokenmeter/db';
import { ObservabilityModule } from '@tokenmeter/observability';
import { AlertDispatcher } from './alert-dispatcher';
import { AlertStep } from './alert-step';
import { AugursEngines } from './augurs-engines';
import { BudgetWatch } from './budget-watch';
import { ForecastStep } from './forecast-step';
import { NightlyChain } from './nightly-chain';
import { plannerAssumptionsProvider } from './planner-assumptions.provider';
import { RecommendationPublisher } from './recommendation-publisher';
import { RecommendationStep } from './recommendation-step';
import { RollupStep } from './rollup-step';
import { SpendAnomalyWatch } from './spend-anomaly-watch';
import { UtilizationStep } from './utilization-step';
import { WebhookSender } from './webhook-sender';

const PROVIDERS = [
  AugursEngines,
  RollupStep,
  ForecastStep,
  UtilizationStep,
  RecommendationStep,
  RecommendationPublisher,
  AlertStep,
  AlertDispatcher,
  BudgetWatch,
  SpendAnomalyWatch,
  WebhookSender,
  NightlyChain,
  plannerAssumptionsProvider,
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
