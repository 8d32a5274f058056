// substitute_catalog_versions: every version of the organization's substitute catalog overrides,
// append-only; the highest version is in force. Entries are libs/finops SubstituteEntry objects.
import { Injectable } from '@nestjs/common';
import type { SubstituteEntry } from '@tokenmeter/finops';
import { DatabasePool } from '../client/database-pool';

export interface StoredSubstituteOverrides {
  version: number;
  entries: SubstituteEntry[];
  setBy: string;
  note: string;
  createdAt: string;
}

const COLUMNS = 'version, entries, set_by, note, created_at';

@Injectable()
export class SubstituteCatalogRepository {
  constructor(private readonly db: DatabasePool) {}

  async latest(): Promise<StoredSubstituteOverrides | null> {
    return (await this.history(1))[0] ?? null;
  }

  /** Newest first. */
  async history(limit = 50): Promise<StoredSubstituteOverrides[]> {
    const { rows } = await this.db.query<Record<string, unknown>>(
      `SELECT ${COLUMNS} FROM substitute_catalog_versions ORDER BY version DESC LIMIT $1`,
      [limit],
    );
    return rows.map(stored);
  }

  async append(entries: readonly SubstituteEntry[], setBy: string, note = ''): Promise<StoredSubstituteOverrides> {
    const { rows } = await this.db.query<Record<string, unknown>>(
      `INSERT INTO substitute_catalog_versions (entries, set_by, note) VALUES ($1::jsonb, $2, $3)
       RETURNING ${COLUMNS}`,
      [JSON.stringify(entries), setBy.slice(0, 128), note],
    );
    return stored(rows[0]);
  }
}

function stored(r: Record<string, unknown>): StoredSubstituteOverrides {
  return {
    version: Number(r.version),
    entries: r.entries as SubstituteEntry[],
    setBy: r.set_by as string,
    note: r.note as string,
    createdAt: new Date(r.created_at as string).toISOString(),
  };
}
