import { Injectable } from '@nestjs/common';
import type { PriceEntry } from '@tokenmeter/finops';
import { PrismaService } from './prisma.service';

/** The price book in the database: seeded bundled prices plus the organization's own. */
@Injectable()
export class PriceEntryRepository {
  constructor(private readonly prisma: PrismaService) {}

  async listAll(): Promise<PriceEntry[]> {
    const rows = await this.prisma.priceEntry.findMany();
    return rows.map((row) => ({
      id: row.id,
      provider: row.provider,
      model: row.model,
      inputPerMTok: row.inputPerMTok.toString(),
      cachedInputPerMTok: row.cachedInputPerMTok?.toString() ?? null,
      cacheWritePerMTok: row.cacheWritePerMTok?.toString() ?? null,
      outputPerMTok: row.outputPerMTok.toString(),
      effectiveFrom: row.effectiveFrom,
      source: row.source,
      organization: row.organization,
    }));
  }

  /** Inserts entries whose id is new; existing ids are left as they are. Returns how many were new. */
  async insertMissing(entries: readonly PriceEntry[]): Promise<number> {
    const result = await this.prisma.priceEntry.createMany({
      data: entries.map((entry) => ({ ...entry })),
      skipDuplicates: true,
    });
    return result.count;
  }

  /** An organization's own price for a model from a date on; it wins over bundled prices. */
  upsertOrganizationPrice(entry: Omit<PriceEntry, 'organization'>) {
    const data = { ...entry, organization: true };
    return this.prisma.priceEntry.upsert({ where: { id: entry.id }, create: data, update: data });
  }
}
