import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PrismaService } from '../client/prisma.service';
import { ApiKeyRole } from '../generated/prisma/enums';

export interface AuthenticatedKey {
  keyId: string;
  role: ApiKeyRole;
  /** Team slug; null for organization-wide finops keys. */
  team: string | null;
  /** After this the key no longer authenticates; null: no expiry. */
  expiresAt: Date | null;
}

export interface CreatedKey extends AuthenticatedKey {
  /** The only time the whole key is seen: it is stored as a hash. */
  key: string;
  prefix: string;
}

/** What a listing shows of a key: never the key, never its hash. */
export interface ApiKeyListing {
  keyId: string;
  prefix: string;
  role: ApiKeyRole;
  team: string | null;
  name: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** API keys, stored hashed. Keys read `tm_<role>_<43 random base64url chars>`. */
@Injectable()
export class ApiKeyRepository {
  constructor(private readonly prisma: PrismaService) {}

  async create(input: {
    role: ApiKeyRole;
    team: string | null;
    name: string;
    expiresAt?: Date | null;
  }): Promise<CreatedKey> {
    if (input.role !== 'finops' && !input.team) throw new Error(`team: required for a key with role ${input.role}`);
    const team = input.team ? await this.prisma.team.findUnique({ where: { slug: input.team } }) : null;
    if (input.team && !team) throw new Error(`team: no team with slug "${input.team}"`);
    const key = `tm_${input.role}_${randomBytes(32).toString('base64url')}`;
    const prefix = key.slice(0, 14);
    const row = await this.prisma.apiKey.create({
      data: {
        role: input.role,
        teamId: team?.id ?? null,
        name: input.name,
        prefix,
        hash: hashApiKey(key),
        expiresAt: input.expiresAt ?? null,
      },
    });
    return { key, prefix, keyId: row.id, role: row.role, team: team?.slug ?? null, expiresAt: row.expiresAt };
  }

  /** The key's principal; null when unknown, revoked or expired. */
  async authenticate(key: string, now = new Date()): Promise<AuthenticatedKey | null> {
    const row = await this.prisma.apiKey.findUnique({ where: { hash: hashApiKey(key) }, include: { team: true } });
    if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return null;
    return { keyId: row.id, role: row.role, team: row.team?.slug ?? null, expiresAt: row.expiresAt };
  }

  /**
   * Rotation with overlap: a new key with the old one's role, team and name, and the old key set to
   * expire after `overlapSeconds` (0: at once), so clients can switch without an outage. Null when
   * the old key is unknown, revoked or already expired.
   */
  async rotate(keyId: string, overlapSeconds: number, now = new Date()): Promise<CreatedKey | null> {
    const old = await this.prisma.apiKey.findUnique({ where: { id: keyId }, include: { team: true } });
    if (!old || old.revokedAt || (old.expiresAt && old.expiresAt <= now)) return null;
    const until = new Date(now.getTime() + overlapSeconds * 1000);
    const created = await this.create({
      role: old.role,
      team: old.team?.slug ?? null,
      name: old.name,
      expiresAt: old.expiresAt,
    });
    // An old key that would expire sooner anyway keeps its earlier expiry.
    await this.prisma.apiKey.updateMany({
      where: { id: keyId, OR: [{ expiresAt: null }, { expiresAt: { gt: until } }] },
      data: { expiresAt: until },
    });
    return created;
  }

  async revoke(keyId: string): Promise<boolean> {
    const result = await this.prisma.apiKey.updateMany({
      where: { id: keyId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    return result.count === 1;
  }

  /** Keys by creation time (oldest first), revoked ones included. */
  async list(page: { offset: number; limit: number }): Promise<ApiKeyListing[]> {
    const rows = await this.prisma.apiKey.findMany({
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      skip: page.offset,
      take: page.limit,
      include: { team: { select: { slug: true } } },
    });
    return rows.map((row) => ({
      keyId: row.id,
      prefix: row.prefix,
      role: row.role,
      team: row.team?.slug ?? null,
      name: row.name,
      createdAt: row.createdAt,
      revokedAt: row.revokedAt,
      lastUsedAt: row.lastUsedAt,
      expiresAt: row.expiresAt,
    }));
  }

  /** Records use; at most one write per key and minute, so a busy ingest key does not write per request. */
  async touch(keyId: string, now: Date): Promise<void> {
    await this.prisma.apiKey.updateMany({
      where: { id: keyId, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - 60_000) } }] },
      data: { lastUsedAt: now },
    });
  }

  /** A key's team (null: an organization-wide key), or null when there is no such key; for key budgets. */
  async ownerOf(keyId: string): Promise<{ team: string | null } | null> {
    const key = await this.prisma.apiKey.findUnique({
      where: { id: keyId },
      select: { team: { select: { slug: true } } },
    });
    return key ? { team: key.team?.slug ?? null } : null;
  }

  /** Whether a key is revoked, expired (or gone): sessions check this so that revocation is immediate. */
  async isRevoked(keyId: string, now = new Date()): Promise<boolean> {
    const key = await this.prisma.apiKey.findUnique({
      where: { id: keyId },
      select: { revokedAt: true, expiresAt: true },
    });
    return !key || key.revokedAt !== null || (key.expiresAt !== null && key.expiresAt <= now);
  }

  /**
   * The keys that may sign records put on Kafka directly (ingest and finops, not revoked), with the
   * stored hash, which is their signing secret (libs/contracts record-signature.ts).
   */
  async listSigningKeys(): Promise<Array<{ keyId: string; signingSecret: string; team: string | null }>> {
    const rows = await this.prisma.apiKey.findMany({
      // Revoked and expired keys sign nothing (a rotated key signs until its overlap ends).
      where: {
        revokedAt: null,
        role: { in: ['ingest', 'finops'] },
        OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }],
      },
      select: { id: true, hash: true, role: true, team: { select: { slug: true } } },
    });
    // An ingest key signs for its own team only; a finops key (organization-wide) for any team.
    return rows.map((row) => ({
      keyId: row.id,
      signingSecret: row.hash,
      team: row.role === 'finops' ? null : (row.team?.slug ?? ''),
    }));
  }
}
