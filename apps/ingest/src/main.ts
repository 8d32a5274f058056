// apps/ingest: Kafka consumers only, plus a tiny HTTP server for health and metrics.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppConfig, loadConfigOrExit } from '@tokenmeter/config';
import { Logger } from 'nestjs-pino';
import { IngestModule } from './ingest.module';

/** `standalone: false` when several apps share a process (tokenmeter serve): the caller handles signals. */
export async function bootstrapIngest(config: AppConfig = loadConfigOrExit(), { standalone = true } = {}) {
  const app = await NestFactory.createApplicationContext(IngestModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  if (standalone) app.enableShutdownHooks();
  await app.init();
  return app;
}

if (require.main === module) void bootstrapIngest();
