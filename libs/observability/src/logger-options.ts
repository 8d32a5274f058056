import type { Params } from 'nestjs-pino';
import pino from 'pino';

/** Structured JSON logs (pino) on stdout, or appended to `file`; the app name travels in every line. */
export function loggerOptions(app: string, level: string, file?: string): Params {
  const options = {
    level,
    base: { app },
    autoLogging: { ignore: (req: { url?: string }) => ['/healthz', '/readyz', '/metrics'].includes(req.url ?? '') },
    // Ingest keys must never reach a log line.
    redact: ['req.headers.authorization', 'req.headers["x-api-key"]'],
  } satisfies Params['pinoHttp'];
  return { pinoHttp: file ? [options, pino.destination({ dest: file, append: true, mkdir: true })] : options };
}
