// organization_assumptions: every version of the organization's economics, append-only; the
// highest version is in force. Values are the whole object (libs/finops OrganizationAssumptions).
import { Injectable } from '@nestjs/common';
import type { OrganizationAssumptions } from '@tokenmeter/finops';
import { DatabasePool } from '../client/database-pool';

export interface StoredAssumptions {
  version: number;
  values: OrganizationAssumptions;
  setBy: string;
  note: string;
  createdAt: string;
}

@Injectable()
export class OrganizationAssumptionsRepository {
  constructor(private readonly db: DatabasePool) {}

  async latest(): Promise<StoredAssumptions | null> {
    return (await this.history(1))[0] ?? null;
  }

  async find(version: number): Promise<StoredAssumptions | null> {
    const { rows } = await this.db.query<Record<string, unknown>>(
      `SELECT version, "values", set_by, note, created_at FROM organization_assumptions WHERE version = $1`,
      [version],
    );
    return rows.map(stored)[0] ?? null;
  }

  /** Newest first. */
  async history(limit = 50): Promise<StoredAssumptions[]> {
    const { rows } = await this.db.query<Record<string, unknown>>(
      `SELECT version, "values", set_by, note, created_at FROM organization_assumptions
       ORDER BY version DESC LIMIT $1`,
      [limit],
    );
    return rows.map(stored);
  }

  async append(values: OrganizationAssumptions, setBy: string, note = ''): Promise<StoredAssumptions> {
    const { rows } = await this.db.query<Record<string, unknown>>(
      `INSERT INTO organization_assumptions ("values", set_by, note) VALUES ($1::jsonb, $2, $3)
       RETURNING version, "values", set_by, note, created_at`,
      [JSON.stringify(values), setBy.slice(0, 128), note],
    );
    return stored(rows[0]);
  }
}

function stored(r: Record<string, unknown>): StoredAssumptions {
  return {
    version: Number(r.version),
    values: r.values as OrganizationAssumptions,
    setBy: r.set_by as string,
    note: r.note as string,
    createdAt: new Date(r.created_at as string).toISOString(),
  };
}
