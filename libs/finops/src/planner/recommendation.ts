// What a recommendation is: a kind, the numbers behind it, the inputs it used and a sentence a
// person can read. The fingerprint covers what the recommendation says (not how it was worded), so
// an unchanged recommendation is not announced again the next night.
import { createHash } from 'node:crypto';

export type RecommendationKind =
  | 'MIGRATE_TO_SELF_HOSTED'
  | 'STAY_ON_API'
  | 'HYBRID'
  | 'RIGHTSIZE'
  | 'CONSOLIDATE'
  | 'MOVE_TO_API'
  | 'USE_EXISTING_CAPACITY'
  | 'SELF_HOST_FOR_COMPLIANCE';

/** Kinds that move a workload onto self-hosted hardware (and that break-even alerts follow). */
export const MIGRATE_KINDS: readonly RecommendationKind[] = [
  'MIGRATE_TO_SELF_HOSTED',
  'HYBRID',
  'USE_EXISTING_CAPACITY',
  'SELF_HOST_FOR_COMPLIANCE',
];

/** How strongly a team's data must stay inside: `must-not-leave` is a hard constraint. */
export type PrivacyLevel = 'none' | 'preferred' | 'critical' | 'must-not-leave';
export const PRIVACY_LEVELS: readonly PrivacyLevel[] = ['none', 'preferred', 'critical', 'must-not-leave'];

export interface TeamProfile {
  privacyCritical: boolean;
  latencyUnder100ms: boolean;
  extensiveCustomization: boolean;
  /** Finer than privacyCritical when known; privacyCritical alone reads as `critical`. */
  privacy?: PrivacyLevel;
}

export function privacyLevel(p: TeamProfile): PrivacyLevel {
  return p.privacy ?? (p.privacyCritical ? 'critical' : 'none');
}

/** A stored recommendation's id: its night, team and workload (the table's key), readable. */
export function recommendationId(runDate: string, team: string, workload: string): string {
  return `${runDate}:${team}:${workload}`;
}

export function parseRecommendationId(id: string): { runDate: string; team: string; workload: string } | null {
  const m = /^(\d{4}-\d{2}-\d{2}):([^:]+):(.+)$/.exec(id);
  return m ? { runDate: m[1], team: m[2], workload: m[3] } : null;
}

export interface PlannedRecommendation {
  team: string;
  /** `api:<provider>/<model>` or `deployment:<name>`. */
  workload: string;
  kind: RecommendationKind;
  rationale: string;
  /** What the decision was made from. */
  inputs: Record<string, unknown>;
  /** What it computed (break-even month, savings, GPU configuration…). */
  numbers: Record<string, unknown>;
  /** The parts of the decision that, when they change, make it news. */
  decisive: Record<string, unknown>;
}

export function recommendationFingerprint(
  rec: Pick<PlannedRecommendation, 'team' | 'workload' | 'kind' | 'decisive'>,
): string {
  const canonical = JSON.stringify([rec.team, rec.workload, rec.kind, sortKeys(rec.decisive)]);
  return createHash('sha256').update(canonical).digest('hex');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** Money to cents, months to tenths, tokens to whole: how numbers are stored in evidence. */
export const round = {
  usd: (v: number) => Math.round(v * 100) / 100,
  months: (v: number | null) => (v === null ? null : Math.round(v * 10) / 10),
  tokens: (v: number | null) => (v === null ? null : Math.round(v)),
  share: (v: number | null) => (v === null ? null : Math.round(v * 10_000) / 10_000),
};
