import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PrismaService } from '../client/prisma.service';
import { ApiKeyRole } from '../generated/prisma/enums';

export interface AuthenticatedKey {
  keyId: string;
  role: ApiKeyRole;
  /** Team slug; null for organization-wide finops keys. */
  team: string | null;
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
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** API keys, stored hashed. Keys read `tm_<role>_<43 random base64url chars>`. */
@Injectable()
export class ApiKeyRepository {
  constructor(private readonly prisma: PrismaService) {}

  async create(input: { role: ApiKeyRole; team: string | null; name: string }): Promise<CreatedKey> {
    if (input.role !== 'finops' && !input.team) throw new Error(`team: required for a key with role ${input.role}`);
    const team = input.team ? await this.prisma.team.findUnique({ where: { slug: input.team } }) : null;
    if (input.team && !team) throw new Error(`team: no team with slug "${input.team}"`);
    const key = `tm_${input.role}_${randomBytes(32).toString('base64url')}`;
    const prefix = key.slice(0, 14);
    const row = await this.prisma.apiKey.create({
      data: { role: input.role, teamId: team?.id ?? null, name: input.name, prefix, hash: hashApiKey(key) },
    });
    return { key, prefix, keyId: row.id, role: row.role, team: team?.slug ?? null };
  }

  async authenticate(key: string): Promise<AuthenticatedKey | null> {
    const row = await this.prisma.apiKey.findUnique({ where: { hash: hashApiKey(key) }, include: { team: true } });
    if (!row || row.revokedAt) return null;
    return { keyId: row.id, role: row.role, team: row.team?.slug ?? null };
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
    }));
  }

  /** Records use; at most one write per key and minute, so a busy ingest key does not write per request. */
  async touch(keyId: string, now: Date): Promise<void> {
    await this.prisma.apiKey.updateMany({
      where: { id: keyId, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - 60_000) } }] },
      data: { lastUsedAt: now },
    });
  }

  /** Whether a key is revoked (or gone): sessions check this so that revocation is immediate. */
  async isRevoked(keyId: string): Promise<boolean> {
    const key = await this.prisma.apiKey.findUnique({ where: { id: keyId }, select: { revokedAt: true } });
    return !key || key.revokedAt !== null;
  }

  /**
   * The keys that may sign records put on Kafka directly (ingest and finops, not revoked), with the
   * stored hash, which is their signing secret (libs/contracts record-signature.ts).
   */
  async listSigningKeys(): Promise<Array<{ keyId: string; signingSecret: string; team: string | null }>> {
    const rows = await this.prisma.apiKey.findMany({
      where: { revokedAt: null, role: { in: ['ingest', 'finops'] } },
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
