import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, ConfigModule } from '@tokenmeter/config';
import { DbModule } from '@tokenmeter/db';
import { KafkaModule } from '@tokenmeter/kafka';
import { loggerOptions, ObservabilityModule } from '@tokenmeter/observability';
import { LoggerModule } from 'nestjs-pino';
import { HealthController } from './health/health.controller';

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
      controllers: [HealthController],
    };
  }
}
