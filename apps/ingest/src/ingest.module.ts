import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, ConfigModule } from '@tokenmeter/config';
import { DbModule } from '@tokenmeter/db';
import { KafkaModule } from '@tokenmeter/kafka';
import { HEALTH_PORT, HealthHttpServer, loggerOptions, ObservabilityModule } from '@tokenmeter/observability';
import { LoggerModule } from 'nestjs-pino';
import { BatchConsumerFactory } from './batch-consumer-factory';
import { ConsumerHealth } from './consumer-health';
import { PriceBookProvider } from './usage/price-book.provider';
import { UsageConsumer } from './usage/usage-consumer';
import { UsageBatchHandler } from './usage/usage-batch-handler';
import { UsageDecoder } from './usage/usage-decoder';
import { DeploymentResolver } from './vllm/deployment-resolver';
import { VllmLogBatchHandler } from './vllm/vllm-log-batch-handler';
import { VllmLogConsumer } from './vllm/vllm-log-consumer';

@Module({})
export class IngestModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: IngestModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerOptions('ingest', config.LOG_LEVEL)),
        DbModule,
        KafkaModule,
        ObservabilityModule,
      ],
      providers: [
        { provide: HEALTH_PORT, useValue: { host: config.API_HOST, port: config.INGEST_HTTP_PORT } },
        HealthHttpServer,
        ConsumerHealth,
        BatchConsumerFactory,
        PriceBookProvider,
        UsageDecoder,
        UsageBatchHandler,
        UsageConsumer,
        DeploymentResolver,
        VllmLogBatchHandler,
        VllmLogConsumer,
      ],
    };
  }
}
