import type { Params } from 'nestjs-pino';

/** Structured JSON logs (pino) on stdout; the app name travels in every line. */
export function loggerOptions(app: string, level: string): Params {
  return {
    pinoHttp: {
      level,
      base: { app },
      autoLogging: { ignore: (req) => ['/healthz', '/readyz', '/metrics'].includes(req.url ?? '') },
      // Ingest keys must never reach a log line.
      redact: ['req.headers.authorization', 'req.headers["x-api-key"]'],
    },
  };
}
