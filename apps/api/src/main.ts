// apps/api: the collector endpoint (produces to Kafka), the read API and the report pages.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig, loadConfigOrExit } from '@tokenmeter/config';
import { Logger } from 'nestjs-pino';
import { ApiModule } from './api.module';
import { secureHttp } from './http/http-security';
import { serveOpenApi } from './openapi/openapi-document';

/** `standalone: false` when several apps share a process (tokenmeter serve): the caller handles signals. */
export async function bootstrapApi(config: AppConfig = loadConfigOrExit(), { standalone = true } = {}) {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  if (standalone) app.enableShutdownHooks();
  secureHttp(app, config);
  serveOpenApi(app);
  await app.listen(config.API_PORT, config.API_HOST);
  return app;
}

if (require.main === module) void bootstrapApi();
