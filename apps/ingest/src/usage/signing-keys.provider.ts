import { Injectable } from '@nestjs/common';
import { SigningKey } from '@tokenmeter/contracts';
import { ApiKeyRepository } from '@tokenmeter/db';
import { ReloadingCache } from '../reloading-cache';

/** Revoking a key stops its records from counting within this long. */
const REFRESH_MS = 1_000;

/** The keys the decode threads verify with, and a version that changes only when they change. */
export interface SigningKeysSnapshot {
  version: number;
  entries: readonly SigningKey[];
  byId: ReadonlyMap<string, SigningKey>;
}

/**
 * The active ingest and finops keys, for verifying the signature of each usage record and log record (see
 * libs/contracts record-signature.ts). Reloaded every second so that a revocation holds at once; a
 * batch naming a key not seen yet (made a moment ago) reloads first rather than dead-lettering it.
 */
@Injectable()
export class SigningKeysProvider {
  private readonly cache: ReloadingCache<SigningKeysSnapshot>;

  constructor(private readonly keys: ApiKeyRepository) {
    this.cache = new ReloadingCache((previous) => this.load(previous));
  }

  /** The keys, reloaded first when one of `wanted` is unknown (at most once per REFRESH_MS). */
  async current(wanted: Array<string | null> = []): Promise<SigningKeysSnapshot> {
    const snapshot = await this.cache.get(REFRESH_MS);
    if (wanted.every((id) => id === null || snapshot.byId.has(id))) return snapshot;
    return this.cache.get(0);
  }

  private async load(previous: SigningKeysSnapshot | null): Promise<SigningKeysSnapshot> {
    const entries = (await this.keys.listSigningKeys()).sort((a, b) => a.keyId.localeCompare(b.keyId));
    // The threads are sent the keys only when the version moves, so it moves only on a change.
    if (previous && sameKeys(previous.entries, entries)) return previous;
    return { version: (previous?.version ?? 0) + 1, entries, byId: new Map(entries.map((key) => [key.keyId, key])) };
  }
}

function sameKeys(a: readonly SigningKey[], b: readonly SigningKey[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (key, i) => key.keyId === b[i]!.keyId && key.signingSecret === b[i]!.signingSecret && key.team === b[i]!.team,
    )
  );
}
