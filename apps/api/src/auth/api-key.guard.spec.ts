import { Reflector } from '@nestjs/core';
import type { ApiKeyRepository, AuthenticatedKey } from '@tokenmeter/db';
import type { Request } from 'express';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiKeyGuard, KEY_CACHE_MS } from './api-key.guard';

const KEY: AuthenticatedKey = { keyId: 'k1', role: 'ingest', team: 'search', expiresAt: null };

/** The key table as the guard sees it: lookups are counted and each waits until released. */
class KeyTable {
  lookups = 0;
  revoked = false;
  private pending: Array<() => void> = [];
  authenticate = async (): Promise<AuthenticatedKey | null> => {
    this.lookups++;
    const revokedAtStart = this.revoked;
    await new Promise<void>((resolve) => this.pending.push(resolve));
    return revokedAtStart ? null : KEY;
  };
  touch = async () => undefined;
  release(): void {
    for (const resolve of this.pending.splice(0)) resolve();
  }
}

const request = { headers: { authorization: 'Bearer tm_ingest_x' } } as unknown as Request;
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('ApiKeyGuard key cache', () => {
  let table: KeyTable;
  let guard: ApiKeyGuard;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(0);
    table = new KeyTable();
    guard = new ApiKeyGuard(table as unknown as ApiKeyRepository, new Reflector());
  });
  afterEach(() => vi.useRealTimers());

  async function firstLookup() {
    const first = guard.authenticate(request);
    await settle();
    table.release();
    expect(await first).toEqual(KEY);
  }

  it('renews a busy key in the background: no call waits on the table while the entry lives', async () => {
    await firstLookup();
    vi.setSystemTime(KEY_CACHE_MS * 0.6);
    // Answered from the cache at once, although a renewal lookup is now under way (and not released).
    expect(await guard.authenticate(request)).toEqual(KEY);
    expect(await guard.authenticate(request)).toEqual(KEY);
    expect(table.lookups).toBe(2);
    table.release();
    await settle();
    // The renewal started at 0.6 × KEY_CACHE_MS: the entry now lives until 1.6 ×.
    vi.setSystemTime(KEY_CACHE_MS * 1.05);
    expect(await guard.authenticate(request)).toEqual(KEY);
    expect(table.lookups).toBe(2);
  });

  it('never puts back a key forgotten (revoked) while its renewal was under way', async () => {
    await firstLookup();
    vi.setSystemTime(KEY_CACHE_MS * 0.6);
    await guard.authenticate(request); // starts a renewal that read the key before it was revoked
    guard.forget(KEY.keyId);
    table.revoked = true;
    table.release();
    await settle();
    const next = guard.authenticate(request).catch((error: unknown) => error);
    await settle();
    table.release();
    expect(await next).toMatchObject({ status: 401 });
    expect(table.lookups).toBe(3);
  });
});
