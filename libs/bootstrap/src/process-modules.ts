// The modules every TokenMeter process starts with (configuration, JSON logs, the database,
// Kafka, health and metrics), and the queue connection of the processes that use BullMQ. Each
// app's root module adds its own controllers, consumers or processors to these.
import { BullModule } from '@nestjs/bullmq';
import type { DynamicModule, Type } from '@nestjs/common';
import { type AppConfig, ConfigModule } from '@tokenmeter/config';
import { DbModule } from '@tokenmeter/db';
import { KafkaModule } from '@tokenmeter/kafka';
import { loggerOptions, ObservabilityModule } from '@tokenmeter/observability';
import { LoggerModule } from 'nestjs-pino';

export type ProcessName = 'api' | 'ingest' | 'worker';

export function processModules(config: AppConfig, name: ProcessName): (DynamicModule | Type)[] {
  return [
    ConfigModule.forRoot(config),
    LoggerModule.forRoot(loggerOptions(name, config.LOG_LEVEL, config.LOG_FILE)),
    DbModule,
    KafkaModule,
    ObservabilityModule,
  ];
}

/** An app's root module: the process modules plus the app's own imports, controllers and providers. */
export function processRootModule(
  module: Type,
  config: AppConfig,
  name: ProcessName,
  parts: Pick<DynamicModule, 'imports' | 'controllers' | 'providers'>,
): DynamicModule {
  return { ...parts, module, imports: [...processModules(config, name), ...(parts.imports ?? [])] };
}

/** BullMQ's Redis connection, with the queue prefix that keeps test runs apart. */
export function queueConnection(config: AppConfig): DynamicModule {
  return BullModule.forRoot({ connection: { url: config.REDIS_URL }, prefix: config.QUEUE_PREFIX });
}
