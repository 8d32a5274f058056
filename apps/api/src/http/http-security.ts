// What every response of the API gets before any route runs: security headers (helmet), no
// X-Powered-By, the trusted-proxy setting (so req.secure and req.ip are right behind a TLS proxy,
// and only behind a proxy that was configured), and a finops key in front of /metrics and /docs
// when they are not public.
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '@tokenmeter/config';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { keyOfRole } from '../auth/principal';
import { ApiError, apiErrorBody } from './api-error';

/** Pages and the API: no script at all, styles inline (the pages carry their own), never framed. */
const STRICT_CSP = {
  defaultSrc: ["'none'"],
  styleSrc: ["'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
};

/** Swagger UI runs its own scripts from /docs. */
const DOCS_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
};

const common = {
  frameguard: { action: 'deny' as const },
  // same-origin, not no-referrer: with no-referrer a browser sends `Origin: null` on its own form posts,
  // which the login's cross-site check then refuses.
  referrerPolicy: { policy: 'same-origin' as const },
  // HSTS only means something over TLS; helmet sends it on every response, which a browser ignores on http.
  strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
};

/** Express's "trust proxy" value from API_TRUSTED_PROXY: nothing, a hop count, or addresses/CIDRs/names. */
export function trustProxySetting(value: string): boolean | number | string {
  const trimmed = value.trim();
  if (trimmed === '') return false;
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  return trimmed;
}

function isDocs(path: string): boolean {
  return path === '/docs' || path.startsWith('/docs/') || path.startsWith('/docs-');
}

export function secureHttp(app: NestExpressApplication, config: AppConfig): void {
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxySetting(config.API_TRUSTED_PROXY));
  const strict = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: STRICT_CSP } });
  const docs = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: DOCS_CSP } });
  app.use((req: Request, res: Response, next: NextFunction) => (isDocs(req.path) ? docs : strict)(req, res, next));

  const guard = app.get(ApiKeyGuard);
  const restricted = (path: string) =>
    (!config.API_METRICS_PUBLIC && path === '/metrics') || (!config.API_DOCS_PUBLIC && isDocs(path));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!restricted(req.path)) return next();
    guard.authenticate(req).then(
      (key) => {
        if (key.role === 'finops') return next();
        const error = new ApiError(403, [
          {
            path: 'headers.authorization',
            message: `${keyOfRole(key.role)} cannot read ${req.path}; expected a finops key`,
          },
        ]);
        res.status(403).json(apiErrorBody(error));
      },
      (error: unknown) => {
        const body = apiErrorBody(error);
        res.status(body.status).json(body);
      },
    );
  });
}
