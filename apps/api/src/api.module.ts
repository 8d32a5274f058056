import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, ConfigModule } from '@tokenmeter/config';
import { DbModule } from '@tokenmeter/db';
import { KafkaModule } from '@tokenmeter/kafka';
import { loggerOptions, ObservabilityModule } from '@tokenmeter/observability';
import { LoggerModule } from 'nestjs-pino';
import { ApiKeyGuard } from './auth/api-key.guard';
import { CollectorController } from './collector/collector.controller';
import { UsageEventPublisher } from './collector/usage-event-publisher';
import { HealthController } from './health/health.controller';
import { ApiErrorFilter } from './http/api-error';
import { APP_FILTER } from '@nestjs/core';

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerOptions('api', config.LOG_LEVEL)),
        DbModule,
        KafkaModule,
        ObservabilityModule,
      ],
      controllers: [HealthController, CollectorController],
      providers: [ApiKeyGuard, UsageEventPublisher, { provide: APP_FILTER, useClass: ApiErrorFilter }],
    };
  }
}
