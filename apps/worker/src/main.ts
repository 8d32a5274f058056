// apps/worker: the scheduler and the BullMQ processors; the only app that registers job handlers.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppConfig, loadConfigOrExit } from '@tokenmeter/config';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

/** `standalone: false` when several apps share a process (tokenmeter serve): the caller handles signals. */
export async function bootstrapWorker(config: AppConfig = loadConfigOrExit(), { standalone = true } = {}) {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  if (standalone) app.enableShutdownHooks();
  await app.init();
  return app;
}

if (require.main === module) void bootstrapWorker();
