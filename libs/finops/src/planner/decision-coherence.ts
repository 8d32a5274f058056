// Whether a night's answers hold together the way a FinOps lead would check them before defending
// them: no migration below the review band without a hard constraint (data that must not leave,
// hardware already owned), every migration naming its quality gap, no migration to renting or a hosted
// open model (no capex: chosen because it is cheaper month by month) that costs more than the API, and
// no break-even alert firing for a workload its night did not recommend buying for.

import type { RecommendationInputRow } from '../reports/weekly-report';
import { isMigrateKind } from './alert-rules';
import { MIGRATE_KINDS, RecommendationKind } from './recommendation';

/** A stored recommendation as the weekly report reads it (its inputs are not needed here). */
export type CoherenceRecommendation = Omit<RecommendationInputRow, 'inputs'>;

export interface CoherenceAlert {
  runDate: string;
  team: string;
  kind: string;
  subject: string;
}

export interface DecisionCoherence {
  /** `night team workload` of each migration below the review band that no hard constraint explains. */
  migrationsBelowReviewBand: string[];
  /** Migrations whose rationale does not state the substitute's quality gap. */
  migrationsWithoutQualityGap: string[];
  /** Migrations to renting or a hosted open model (nothing to pay back) whose month-1 cost is not below the API's. */
  migrationsDearerThanApi: string[];
  /**
   * Break-even alerts fired on a night whose recommendation for that workload buys nothing: not a
   * migration, or one to renting or a hosted open model (no capex, so no break-even to announce).
   */
  contradictingAlerts: string[];
}

/** The options chosen month by month against the API, with no up-front cost. */
const NO_CAPEX_OPTIONS = new Set(['rent', 'hosted-open-model']);

/** The kinds that a hard constraint, not the volume, puts below the review band. */
const HARD_CONSTRAINT_KINDS = new Set(['SELF_HOST_FOR_COMPLIANCE', 'USE_EXISTING_CAPACITY']);

export function decisionCoherence(
  recommendations: readonly CoherenceRecommendation[],
  alerts: readonly CoherenceAlert[],
): DecisionCoherence {
  const label = (r: { runDate: string; team: string }, what: string) => `${r.runDate} ${r.team} ${what}`;
  const migrations = recommendations.filter(
    (r) => r.workload.startsWith('api:') && MIGRATE_KINDS.includes(r.kind as RecommendationKind),
  );
  const byKey = new Map(recommendations.map((r) => [`${r.runDate}\u0000${r.team}\u0000${r.workload}`, r]));
  const noCapex = (r: CoherenceRecommendation) => NO_CAPEX_OPTIONS.has(String(r.numbers.figuresOption ?? ''));
  // Whether the night's recommendation buys hardware whose break-even an alert may announce.
  const buys = (r: CoherenceRecommendation | undefined) => r !== undefined && isMigrateKind(r.kind) && !noCapex(r);
  return {
    migrationsBelowReviewBand: migrations
      .filter((r) => r.numbers.volumeBand === 'below-review' && !HARD_CONSTRAINT_KINDS.has(r.kind))
      .map((r) => label(r, r.workload)),
    migrationsWithoutQualityGap: migrations
      .filter((r) => {
        const gap = (r.numbers.substitute as { qualityGap?: string } | null | undefined)?.qualityGap;
        return !gap || !r.rationale.includes(gap);
      })
      .map((r) => label(r, r.workload)),
    migrationsDearerThanApi: migrations
      .filter((r) => r.kind === 'MIGRATE_TO_SELF_HOSTED' && noCapex(r))
      .filter((r) => {
        const option = r.numbers.optionMonthlyUsd;
        const api = r.numbers.apiMonthlyUsd;
        return typeof option !== 'number' || typeof api !== 'number' || !(option < api);
      })
      .map((r) => label(r, r.workload)),
    contradictingAlerts: alerts
      .filter((a) => a.kind === 'break-even-short')
      .filter((a) => !buys(byKey.get(`${a.runDate}\u0000${a.team}\u0000${a.subject}`)))
      .map((a) => label(a, a.subject)),
  };
}
