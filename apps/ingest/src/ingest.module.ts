import { DynamicModule, Module } from '@nestjs/common';
import { processRootModule } from '@tokenmeter/bootstrap';
import { AppConfig } from '@tokenmeter/config';
import { HEALTH_PORT, HealthHttpServer } from '@tokenmeter/observability';
import { BatchConsumerFactory } from './batch-consumer-factory';
import { ConsumerHealth } from './consumer-health';
import { DeploymentOwnersProvider } from './usage/deployment-owners.provider';
import { PriceBookProvider } from './usage/price-book.provider';
import { SigningKeysProvider } from './usage/signing-keys.provider';
import { UsageBatchHandler } from './usage/usage-batch-handler';
import { UsageConsumer } from './usage/usage-consumer';
import { UsageDecoder } from './usage/usage-decoder';
import { DeploymentResolver } from './vllm/deployment-resolver';
import { VllmLogBatchHandler } from './vllm/vllm-log-batch-handler';
import { VllmLogConsumer } from './vllm/vllm-log-consumer';

@Module({})
export class IngestModule {
  static forRoot(config: AppConfig): DynamicModule {
    return processRootModule(IngestModule, config, 'ingest', {
      providers: [
        { provide: HEALTH_PORT, useValue: { host: config.API_HOST, port: config.INGEST_HTTP_PORT } },
        HealthHttpServer,
        ConsumerHealth,
        BatchConsumerFactory,
        PriceBookProvider,
        SigningKeysProvider,
        DeploymentOwnersProvider,
        UsageDecoder,
        UsageBatchHandler,
        UsageConsumer,
        DeploymentResolver,
        VllmLogBatchHandler,
        VllmLogConsumer,
      ],
    });
  }
}
