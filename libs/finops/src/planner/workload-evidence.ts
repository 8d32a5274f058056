// What the planner knows about one API workload when it decides (from the rollups, the forecast,
// the team's profile and the organization's deployments), and the decision's working state.
import type { TokenClassVolumes } from '../tco/api-cost';
import type { ForecastConfidence } from './forecast-confidence';
import type { MigrationVolume } from './migration-volume';
import type { PlannerAssumptions } from './planner-assumptions';
import type { PrivacyLevel, TeamProfile } from './recommendation';
import type { RecommendationOption } from './recommendation-option';
import type { SubstituteEntry, SubstituteModel } from './substitute-catalog';
import type { VolumeBand, VolumeBands } from './volume-bands';
import type { MonthProjection } from './volume-forecast';
import type { WorkloadPricing } from './workload-scenario';

/** An organization deployment with room left: output tokens/s it could still serve at its target. */
export interface IdleDeployment {
  deployment: string;
  team: string;
  servedModel: string;
  gpu: string;
  gpuCount: number;
  spareOutputTokensPerSec: number;
  /** Output tokens/s it serves at full utilization (what a workload's share of its power is measured against). */
  capacityOutputTokensPerSec: number;
}

export interface WorkloadEvidence {
  team: string;
  provider: string;
  model: string;
  profile: TeamProfile;
  forecast: {
    months: readonly MonthProjection[];
    confidence: ForecastConfidence;
    mapePct: number | null;
    method: string;
    /** Share of backtested months the interval covered, when measured. */
    coverage?: number | null;
  };
  /** The last 28 days of the workload, from the rollups. */
  recent: {
    days: number;
    tokens: TokenClassVolumes;
    costUsd: number;
    /** Busiest hour's tokens, the mean hour's, and the 10th-percentile hour's (the base load). */
    peakHourTokens: number;
    meanHourTokens: number;
    baseHourTokens: number;
    /**
     * Set when the hours are not measured but assumed from a monthly volume (the CLI's `recommend`): the
     * busiest hour is this many times the mean one.
     */
    assumedPeakToMean?: number;
  };
  /** Providers the team already uses (any model): where a compliant API route may already exist. */
  teamProviders?: readonly string[];
  idleCapacity?: readonly IdleDeployment[];
  /** List prices instead of the recent bill (the CLI's `recommend`). */
  pricing?: WorkloadPricing;
  substituteCatalog?: readonly SubstituteEntry[];
}

export interface Draft {
  e: WorkloadEvidence;
  a: PlannerAssumptions;
  forecast: { low: number; mid: number; high: number };
  privacy: PrivacyLevel;
  factors: string[];
  substitute: SubstituteModel | null;
  assumptionVersion: string;
  band?: VolumeBand;
  bands?: VolumeBands;
  compliantProvider?: string;
  /** Owned capacity the workload takes, in output tokens/s: its upper forecast at its busiest hour's rate. */
  existingCapacityTaken?: number;
  /** The first forecast month whose upper bound outgrows that room at its busiest hour; null: none does. */
  existingCapacityOutgrownInMonth?: number | null;
  /** The option the decision chose itself (when buying failed a constraint); else it follows from the kind. */
  option?: RecommendationOption;
  /** When tonight's sizing never pays back: the volume and larger configuration at which one would. */
  resizedFlip?: ResizedFlip | null;
  /**
   * When the workload stays on the API: the first volume at which buying's break-even (or a spiky load's
   * steady base) would migrate it (null: none up to 100B tokens a month; undefined: not searched).
   */
  buyFlip?: MigrationVolume | null;
  /** The same with a requirement, on their own path too. */
  requirementsFlip?: MigrationVolume | null;
  /** When buying pays back: the volume below which it no longer would, sized for each volume. */
  payingFloor?: PayingFloor | null;
  /**
   * Renting or a hosted open model costs less than the API and no requirement asks for GPUs the
   * organization runs: the volume (conservative) from which it moves the workload on the article's bands.
   */
  noCapexFlip?: { tokensPerMonth: number; option: 'rent' | 'hosted-open-model' } | null;
  /**
   * With a requirement: the option without capex the numbers alone would move the workload to (cheaper
   * than the API month by month, a hosted model included), and the volume (conservative) from which they would.
   */
  withoutRequirements?: {
    tokensPerMonth: number;
    option: 'rent' | 'hosted-open-model';
    /** Its month-1 cost at tonight's conservative volume, and the API's. */
    monthlyUsd: number;
    apiMonthlyUsd: number;
  } | null;
}

export interface ResizedFlip {
  tokensPerMonth: number;
  gpuConfiguration: string;
}

export interface PayingFloor {
  tokensPerMonth: number;
  /** The smaller configuration that volume is the threshold of; null when it is tonight's threshold. */
  gpuConfiguration: string | null;
  /** That configuration's GPUs are consumer cards whose licence restricts datacenter use (GeForce). */
  gpuLicenceRestricted?: boolean;
  /**
   * Without requirements: the options without capex, cheaper than the API, that move the workload below
   * the floor (the cheapest just below it, then the one at `downTo`, the article's self-host band, when
   * different); `allTheWay` false when none is cheaper at `downTo`.
   */
  carrier: { options: Array<'rent' | 'hosted-open-model'>; downTo: number; allTheWay: boolean } | null;
}
