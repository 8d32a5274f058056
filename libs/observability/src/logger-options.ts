import type { Params } from 'nestjs-pino';
import pino from 'pino';

/** Request and response parts that carry credentials: written as "[Redacted]". */
export const LOG_REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
];

/** Structured JSON logs (pino) on stdout, or appended to `file`; the app name travels in every line. */
export function loggerOptions(app: string, level: string, file?: string): Params {
  const options = {
    level,
    base: { app },
    autoLogging: { ignore: (req: { url?: string }) => ['/healthz', '/readyz', '/metrics'].includes(req.url ?? '') },
    // Keys and session ids must never reach a log line.
    redact: LOG_REDACTED_PATHS,
  } satisfies Params['pinoHttp'];
  return { pinoHttp: file ? [options, pino.destination({ dest: file, append: true, mkdir: true })] : options };
}
