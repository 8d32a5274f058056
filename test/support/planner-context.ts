// The nightly planner's injectables on a suite's database, Kafka topics and queues: what the
// planner integration tests run a night with (no HTTP, no schedulers).
import { BullModule } from '@nestjs/bullmq';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule, parseConfig } from '@tokenmeter/config';
import { DbModule } from '@tokenmeter/db';
import { KafkaModule } from '@tokenmeter/kafka';
import { PlannerModule } from '@tokenmeter/planner';

export async function startPlannerContext(env: Record<string, string>): Promise<INestApplicationContext> {
  const config = parseConfig({ ...process.env, ...env });
  @Module({
    imports: [
      ConfigModule.forRoot(config),
      DbModule,
      KafkaModule,
      BullModule.forRoot({ connection: { url: config.REDIS_URL }, prefix: config.QUEUE_PREFIX }),
      PlannerModule,
    ],
  })
  class PlannerTestModule {}
  return NestFactory.createApplicationContext(PlannerTestModule, { logger: ['error'], abortOnError: false });
}

/** Runs `work` in a planner context of its own and closes it: one worker's lifetime, ended as a restart ends it. */
export async function withPlannerContext<T>(
  env: Record<string, string>,
  work: (context: INestApplicationContext) => Promise<T>,
): Promise<T> {
  const context = await startPlannerContext(env);
  try {
    return await work(context);
  } finally {
    await context.close();
  }
}
