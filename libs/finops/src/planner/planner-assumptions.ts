// The organization's own economics: ONE typed object every self-hosted figure is computed from
// (planner, break-even scenarios built for a workload, recommendations). FinOps sets it through the
// API or `tokenmeter assumptions set`; each change is a new version, and every recommendation
// stores the version it used. Each figure carries its source: a default's reasoning, a calibration
// from registered deployments, or who set it.
import type { FigureSource } from '../catalogs/figure-source';

export interface OrganizationAssumptions {
  electricityUsdPerKwh: number;
  /** Power usage effectiveness of the facility (1 = no cooling or conversion overhead). */
  pue: number;
  /** Operations staff time per deployment and month. */
  personnelUsdPerDeploymentMonth: number;
  /** Operations staff time per GPU and month (hardware swaps, driver updates). */
  personnelUsdPerGpuMonth: number;
  /** Rack space, power delivery and network per GPU and month. */
  hostingUsdPerGpuMonth: number;
  amortizationMonths: number;
  /** Share of capex recovered by selling the hardware at the end of amortization. */
  resaleValueShare: number;
  /** Yearly rate for net present values. */
  discountRatePerYear: number;
  /** Utilization a deployment is sized for at its busiest hour (rightsizing, consolidation, sizing). */
  utilizationTarget: number;
  /** Time per output token each sequence must keep. */
  latencyTargetMsPerToken: number;
  /** GPUs the organization may use (catalog ids); null = every GPU in the catalog. */
  allowedGpus: string[] | null;
  allowBuy: boolean;
  allowRent: boolean;
  /** A migration must break even within this many months to be recommended. */
  targetBreakEvenMonths: number;
  hoursPerMonth: number;
  /** Servers, networking and installation per GPU bought. */
  otherCapexUsdPerGpu: number;
  /** Share of capex spent each year on maintenance and spares. */
  maintenanceShareOfCapexPerYear: number;
  /**
   * The article's volume bands when no threshold can be computed (DESIGN §6): below
   * `apiWinsBelowTokensPerMonth` the API; up to `selfHostFromTokensPerMonth` privacy, latency and
   * customization decide with the numbers (a review is due between the two review figures); above
   * it self-hosting likely pays. With a computed threshold the bands keep these proportions to it.
   */
  apiWinsBelowTokensPerMonth: number;
  reviewFromTokensPerMonth: number;
  reviewToTokensPerMonth: number;
  selfHostFromTokensPerMonth: number;
  /** API providers whose deployments can keep data inside the organization's boundary (region, VPC). */
  compliantApiProviders: string[];
  /** Peak hour ÷ mean hour above which the load is spiky enough to split base and peak. */
  hybridPeakToMean: number;
  /** Deployments under this utilization all week are rightsized or consolidated. */
  utilizationFloor: number;
  sources: Partial<Record<AssumptionName, FigureSource>>;
}

export type AssumptionName = keyof Omit<OrganizationAssumptions, 'sources'>;

/** The planner's name for the same object (older code and other lanes import it). */
export type PlannerAssumptions = OrganizationAssumptions;

const estimate = (source: string): FigureSource => ({ source: `estimate: ${source}`, estimate: true });

export const DEFAULT_ORGANIZATION_ASSUMPTIONS: OrganizationAssumptions = {
  electricityUsdPerKwh: 0.15,
  pue: 1.3,
  personnelUsdPerDeploymentMonth: 500,
  personnelUsdPerGpuMonth: 0,
  hostingUsdPerGpuMonth: 150,
  amortizationMonths: 36,
  resaleValueShare: 0,
  discountRatePerYear: 0.08,
  utilizationTarget: 0.7,
  latencyTargetMsPerToken: 50,
  allowedGpus: null,
  allowBuy: true,
  allowRent: true,
  targetBreakEvenMonths: 12,
  hoursPerMonth: 730,
  otherCapexUsdPerGpu: 2_500,
  maintenanceShareOfCapexPerYear: 0.05,
  apiWinsBelowTokensPerMonth: 10e6,
  reviewFromTokensPerMonth: 20e6,
  reviewToTokensPerMonth: 30e6,
  selfHostFromTokensPerMonth: 50e6,
  compliantApiProviders: ['bedrock', 'azure'],
  hybridPeakToMean: 3,
  utilizationFloor: 0.3,
  sources: {
    electricityUsdPerKwh: estimate('US commercial average electricity price (EIA Electric Power Monthly, 2024)'),
    pue: estimate('typical colocation PUE (Uptime Institute Global Data Center Survey 2024 average 1.56; modern 1.3)'),
    personnelUsdPerDeploymentMonth: estimate('a few hours of operations time per deployment each month'),
    personnelUsdPerGpuMonth: estimate('none beyond the per-deployment figure unless set'),
    hostingUsdPerGpuMonth: estimate('colocation rack space and power delivery per GPU'),
    amortizationMonths: { source: 'DESIGN §6: three-year straight-line amortization of GPU servers' },
    resaleValueShare: estimate('conservative: no resale counted unless the organization sets one'),
    discountRatePerYear: estimate('a typical corporate cost of capital (7–10% a year)'),
    utilizationTarget: estimate('headroom for bursts: size the busiest hour to 70% of capacity'),
    latencyTargetMsPerToken: estimate('50 ms per output token = 20 tokens/s per user, faster than reading speed'),
    allowedGpus: { source: 'default: every GPU in the catalog' },
    allowBuy: { source: 'default: buying allowed' },
    allowRent: { source: 'default: renting allowed' },
    targetBreakEvenMonths: { source: 'DESIGN §6: a migration must pay back within a year' },
    otherCapexUsdPerGpu: estimate('server, networking and installation share per GPU'),
    maintenanceShareOfCapexPerYear: estimate('spares and support contracts'),
    apiWinsBelowTokensPerMonth: { source: 'DESIGN §6 default: below ~10M tokens/month the API likely wins' },
    reviewFromTokensPerMonth: { source: 'DESIGN §6 default: review at 20–30M tokens/month' },
    reviewToTokensPerMonth: { source: 'DESIGN §6 default: review at 20–30M tokens/month' },
    selfHostFromTokensPerMonth: { source: 'DESIGN §6 default: above ~50M tokens/month self-hosting likely pays' },
    compliantApiProviders: {
      source: 'estimate: Bedrock and Azure OpenAI run in the customer cloud region; confirm with legal',
      estimate: true,
    },
  },
};

/** Kept under its older name. */
export const DEFAULT_PLANNER_ASSUMPTIONS = DEFAULT_ORGANIZATION_ASSUMPTIONS;

/** Monthly personnel of one deployment of `gpuCount` GPUs. */
export function personnelUsdPerMonth(a: OrganizationAssumptions, gpuCount: number): number {
  return a.personnelUsdPerDeploymentMonth + gpuCount * a.personnelUsdPerGpuMonth;
}
