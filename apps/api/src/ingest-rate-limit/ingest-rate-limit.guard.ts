import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { PRINCIPAL, Principal } from '../auth/principal';
import { ApiError } from '../http/api-error';
import { IngestRateLimiter } from './ingest-rate-limiter';

/** 429 with Retry-After once a key spent its ingest budget. Runs after ApiKeyGuard (needs the key). */
@Injectable()
export class IngestRateLimitGuard implements CanActivate {
  constructor(private readonly limiter: IngestRateLimiter) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const principal = http.getRequest<Record<string, Principal | undefined>>()[PRINCIPAL];
    if (!principal) return true;
    const decision = await this.limiter.take(principal.keyId);
    if (decision.allowed) return true;
    http.getResponse<Response>().setHeader('retry-after', String(decision.retryAfterSeconds));
    throw new ApiError(HttpStatus.TOO_MANY_REQUESTS, [
      {
        path: 'headers.authorization',
        message:
          `headers.authorization: this key sent more than ${this.limiter.limitPerMinute} ingest requests per minute; ` +
          `retry after ${decision.retryAfterSeconds} s`,
      },
    ]);
  }
}
