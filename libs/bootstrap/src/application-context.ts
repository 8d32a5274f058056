// Starts a process without HTTP routes (ingest, worker) as a Nest application context with the
// JSON logger. `standalone: false` when several apps share a process (tokenmeter serve, the demo):
// the caller handles the signals then.
import type { DynamicModule, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';

export async function startApplicationContext(
  root: DynamicModule,
  { standalone = true } = {},
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(root, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  if (standalone) app.enableShutdownHooks();
  await app.init();
  return app;
}
