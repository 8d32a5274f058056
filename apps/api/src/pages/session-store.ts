// Browser sessions for the pages: an opaque random id in an HttpOnly cookie, the principal it
// stands for in Redis with an expiry (shared by every API instance). The key itself is never kept;
// a key revoked after sign-in ends its sessions at the next request.

import { randomBytes } from 'node:crypto';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@tokenmeter/config';
import { ApiKeyRepository, AuthenticatedKey } from '@tokenmeter/db';
import Redis from 'ioredis';

export const SESSION_COOKIE = 'tm_session';
/** A working day: long enough for a review, short enough that a forgotten browser signs out. */
export const SESSION_TTL_SECONDS = 12 * 3600;
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

@Injectable()
export class SessionStore implements OnModuleDestroy {
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly keys: ApiKeyRepository,
  ) {
    this.prefix = `${config.QUEUE_PREFIX}:session:`;
    this.redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    this.redis.on('error', () => undefined);
  }

  async create(principal: AuthenticatedKey): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    await this.redis.set(this.prefix + id, JSON.stringify(principal), 'EX', SESSION_TTL_SECONDS);
    return id;
  }

  /** The session's principal, or null when unknown, expired, or its key has been revoked since. */
  async find(id: string): Promise<AuthenticatedKey | null> {
    if (!SESSION_ID.test(id)) return null;
    const stored = await this.redis.get(this.prefix + id);
    if (!stored) return null;
    const principal = JSON.parse(stored) as AuthenticatedKey;
    if (await this.keys.isRevoked(principal.keyId)) {
      await this.destroy(id);
      return null;
    }
    return principal;
  }

  async destroy(id: string): Promise<void> {
    if (SESSION_ID.test(id)) await this.redis.del(this.prefix + id);
  }

  async onModuleDestroy(): Promise<void> {
    this.redis.disconnect();
  }
}

/** The value of one cookie from the Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
