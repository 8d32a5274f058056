import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeyRepository, ApiKeyRole, AuthenticatedKey } from '@tokenmeter/db';
import type { Request } from 'express';
import { ApiError } from '../http/api-error';
import { keyOfRole, PRINCIPAL } from './principal';
import { ROLES } from './roles.decorator';

/**
 * How long a lookup is reused. Short enough that a key revoked on any instance stops working on
 * every instance within a second (revocation also clears this instance's entry at once), long
 * enough that a busy ingest key costs a few lookups a second, not one per request.
 */
export const KEY_CACHE_MS = 500;

/**
 * Authenticates `Authorization: Bearer <key>` (or `x-api-key`) and checks the route's roles.
 * Lookups are cached for KEY_CACHE_MS; an expired key is refused even from the cache. A key used
 * in the second half of its entry's life is looked up again in the background, so a busy key (a
 * gateway asking /v1/budgets/status before every request) never waits on the database, while a
 * revoked key still stops within KEY_CACHE_MS: the old entry is never used past its time.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly cache = new Map<string, { key: AuthenticatedKey | null; until: number }>();
  private readonly renewing = new Set<string>();
  /** Counts forget() calls: a lookup that started before one must not put a revoked key back. */
  private forgets = 0;

  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const roles = this.reflector.getAllAndOverride<ApiKeyRole[] | undefined>(ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!roles) return true;
    const req = context.switchToHttp().getRequest<Request & Record<string, unknown>>();
    const key = await this.authenticate(req);
    if (!roles.includes(key.role)) {
      throw new ApiError(HttpStatus.FORBIDDEN, [
        {
          path: 'headers.authorization',
          message: `${keyOfRole(key.role)} cannot do this; expected a key with role ${roles.join(' or ')}`,
        },
      ]);
    }
    req[PRINCIPAL] = key;
    return true;
  }

  /** The request's key (Authorization: Bearer, or x-api-key), or a 401 that says what was wrong. */
  async authenticate(req: Request): Promise<AuthenticatedKey> {
    const presented = bearer(req.headers.authorization) ?? (req.headers['x-api-key'] as string | undefined);
    if (!presented) {
      throw new ApiError(HttpStatus.UNAUTHORIZED, [
        { path: 'headers.authorization', message: 'expected "Bearer <API key>"' },
      ]);
    }
    const key = await this.lookup(presented);
    if (!key)
      throw new ApiError(HttpStatus.UNAUTHORIZED, [
        { path: 'headers.authorization', message: 'unknown, expired or revoked API key' },
      ]);
    return key;
  }

  /** Drops a revoked key from this process's cache at once (other instances within KEY_CACHE_MS). */
  forget(keyId: string): void {
    this.forgets++;
    for (const [presented, entry] of this.cache) if (entry.key?.keyId === keyId) this.cache.delete(presented);
  }

  private async lookup(presented: string): Promise<AuthenticatedKey | null> {
    const now = Date.now();
    const hit = this.cache.get(presented);
    if (hit && hit.until > now) {
      if (hit.until - now < KEY_CACHE_MS / 2) this.renew(presented);
      return hit.key && isLive(hit.key, now) ? hit.key : null;
    }
    return this.load(presented, now);
  }

  /** A background lookup of a key still cached; a failure leaves the entry to expire. */
  private renew(presented: string): void {
    if (this.renewing.has(presented)) return;
    this.renewing.add(presented);
    void this.load(presented, Date.now())
      .catch(() => undefined)
      .finally(() => this.renewing.delete(presented));
  }

  private async load(presented: string, now: number): Promise<AuthenticatedKey | null> {
    const forgets = this.forgets;
    const key = await this.keys.authenticate(presented);
    // lastUsedAt at cache-miss granularity: enough to tell a live key from a dead one, no write per request.
    if (key) void this.keys.touch(key.keyId, new Date(now)).catch(() => undefined);
    if (this.cache.size > 10_000) this.cache.clear();
    if (forgets === this.forgets) this.cache.set(presented, { key, until: now + KEY_CACHE_MS });
    return key;
  }
}

function isLive(key: AuthenticatedKey, now: number): boolean {
  return key.expiresAt === null || key.expiresAt.getTime() > now;
}

function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}
