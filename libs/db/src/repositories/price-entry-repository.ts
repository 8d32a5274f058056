import { Injectable } from '@nestjs/common';
import type { PriceEntry } from '@tokenmeter/finops';
import { PrismaService } from '../client/prisma.service';

/** The price book in the database: seeded bundled prices plus the organization's own. */
@Injectable()
export class PriceEntryRepository {
  constructor(private readonly prisma: PrismaService) {}

  async listAll(): Promise<PriceEntry[]> {
    const rows = await this.prisma.priceEntry.findMany();
    return rows.map(toPriceEntry);
  }

  /** One page of the price book, optionally for one provider and/or model, ordered by provider, model, date. */
  async page(
    filter: { provider?: string; model?: string },
    page: { offset: number; limit: number },
  ): Promise<PriceEntry[]> {
    const rows = await this.prisma.priceEntry.findMany({
      where: {
        ...(filter.provider ? { provider: filter.provider } : {}),
        ...(filter.model ? { model: { equals: filter.model, mode: 'insensitive' } } : {}),
      },
      orderBy: [
        { provider: 'asc' },
        { model: 'asc' },
        { effectiveFrom: 'asc' },
        { organization: 'asc' },
        { id: 'asc' },
      ],
      skip: page.offset,
      take: page.limit,
    });
    return rows.map(toPriceEntry);
  }

  async findById(id: string): Promise<PriceEntry | null> {
    const row = await this.prisma.priceEntry.findUnique({ where: { id } });
    return row ? toPriceEntry(row) : null;
  }

  /** Inserts entries whose id is new; existing ids are left as they are. Returns how many were new. */
  async insertMissing(entries: readonly PriceEntry[]): Promise<number> {
    const result = await this.prisma.priceEntry.createMany({
      // Price rules (tiers, time of day, service tiers) are not columns: they are re-attached from the
      // bundled data by entry id when prices are read (libs/finops effective-price-entries).
      data: entries.map(({ rules: _rules, ...entry }) => entry),
      skipDuplicates: true,
    });
    return result.count;
  }

  /** An organization's own price for a model from a date on; it wins over bundled prices. */
  upsertOrganizationPrice({ rules: _rules, ...entry }: Omit<PriceEntry, 'organization'>) {
    const data = { ...entry, organization: true };
    return this.prisma.priceEntry.upsert({ where: { id: entry.id }, create: data, update: data });
  }
}

interface PriceEntryRow {
  id: string;
  provider: string;
  model: string;
  inputPerMTok: { toString(): string };
  cachedInputPerMTok: { toString(): string } | null;
  cacheWritePerMTok: { toString(): string } | null;
  outputPerMTok: { toString(): string };
  effectiveFrom: Date;
  source: string;
  organization: boolean;
}

function toPriceEntry(row: PriceEntryRow): PriceEntry {
  return {
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
  };
}
