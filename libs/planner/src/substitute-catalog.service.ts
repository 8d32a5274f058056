// The substitute catalog in force: the bundled catalog with the organization's overrides on top.
// Finops sets or removes one API model's entry at a time; each change stores the whole override
// list as a new version (who, when, why), and the planner names the version it decided with.
import { Injectable } from '@nestjs/common';
import { StoredSubstituteOverrides, SubstituteCatalogRepository } from '@tokenmeter/db';
import {
  parseSubstituteOverride,
  resolveSubstituteCatalog,
  SubstituteEntry,
  substituteEntryFor,
  withoutSubstituteOverride,
  withSubstituteOverride,
} from '@tokenmeter/finops';

export interface SubstituteCatalogInForce {
  /** 0 while the organization has overridden nothing (the bundled catalog alone). */
  version: number;
  overrides: SubstituteEntry[];
  catalog: SubstituteEntry[];
}

export type SubstituteChange =
  | { ok: true; stored: StoredSubstituteOverrides }
  | { ok: false; status: 400 | 404; problems: string[] };

@Injectable()
export class SubstituteCatalogService {
  constructor(private readonly versions: SubstituteCatalogRepository) {}

  async current(): Promise<SubstituteCatalogInForce> {
    const latest = await this.versions.latest();
    const overrides = latest?.entries ?? [];
    return { version: latest?.version ?? 0, overrides, catalog: resolveSubstituteCatalog(overrides) };
  }

  history(limit: number): Promise<StoredSubstituteOverrides[]> {
    return this.versions.history(limit);
  }

  /** Replaces (or adds) the organization's entry for `apiModel`. */
  async set(apiModel: string, body: unknown, setBy: string, note = ''): Promise<SubstituteChange> {
    const parsed = parseSubstituteOverride(apiModel, body);
    if (!parsed.ok) return { ok: false, status: 400, problems: parsed.problems };
    const { overrides } = await this.current();
    const next = withSubstituteOverride(overrides, parsed.entry);
    return { ok: true, stored: await this.versions.append(next, setBy, note || `set ${apiModel}`) };
  }

  /** Drops the organization's entry for `apiModel`; the bundled entry, if any, applies again. */
  async remove(apiModel: string, setBy: string, note = ''): Promise<SubstituteChange> {
    const { overrides } = await this.current();
    if (!substituteEntryFor(apiModel, overrides)) {
      return { ok: false, status: 404, problems: [`model: the organization has no entry for ${apiModel}`] };
    }
    const next = withoutSubstituteOverride(overrides, apiModel);
    return { ok: true, stored: await this.versions.append(next, setBy, note || `removed ${apiModel}`) };
  }
}
