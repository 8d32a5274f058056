// The figures the planner assumes when it prices a self-hosted alternative. Every recommendation
// stores the assumptions it used, so FinOps can see (and argue with) each one.
import type { FigureSource } from '../catalogs/figure-source';

export interface PlannerAssumptions {
  /** A migration must break even within this many months to be recommended. */
  targetBreakEvenMonths: number;
  electricityUsdPerKwh: number;
  pue: number;
  hoursPerMonth: number;
  /** Servers, networking and installation per GPU bought. */
  otherCapexUsdPerGpu: number;
  /** Rack space, power delivery and network per GPU and month. */
  hostingUsdPerGpuMonth: number;
  /** Share of capex spent each year on maintenance and spares. */
  maintenanceShareOfCapexPerYear: number;
  /** Operations staff time per deployment and month. */
  personnelUsdPerMonth: number;
  amortizationMonths: number;
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
  /** Deployments under this utilization for a week are rightsized or consolidated. */
  utilizationFloor: number;
  /** Utilization a rightsized deployment is sized for at its observed peak. */
  rightsizeTargetUtilization: number;
  sources: Partial<Record<keyof Omit<PlannerAssumptions, 'sources'>, FigureSource>>;
}

export const DEFAULT_PLANNER_ASSUMPTIONS: PlannerAssumptions = {
  targetBreakEvenMonths: 12,
  electricityUsdPerKwh: 0.15,
  pue: 1.3,
  hoursPerMonth: 730,
  otherCapexUsdPerGpu: 2_500,
  hostingUsdPerGpuMonth: 150,
  maintenanceShareOfCapexPerYear: 0.05,
  personnelUsdPerMonth: 500,
  amortizationMonths: 36,
  apiWinsBelowTokensPerMonth: 10e6,
  reviewFromTokensPerMonth: 20e6,
  reviewToTokensPerMonth: 30e6,
  selfHostFromTokensPerMonth: 50e6,
  compliantApiProviders: ['bedrock', 'azure'],
  hybridPeakToMean: 3,
  utilizationFloor: 0.3,
  rightsizeTargetUtilization: 0.7,
  sources: {
    electricityUsdPerKwh: { source: 'estimate: US commercial average electricity price', estimate: true },
    pue: { source: 'estimate: typical colocation PUE', estimate: true },
    otherCapexUsdPerGpu: { source: 'estimate: server, networking and installation share per GPU', estimate: true },
    hostingUsdPerGpuMonth: { source: 'estimate: colocation rack space and power delivery per GPU', estimate: true },
    maintenanceShareOfCapexPerYear: { source: 'estimate: spares and support contracts', estimate: true },
    personnelUsdPerMonth: {
      source: 'estimate: a few hours of operations time per deployment each month',
      estimate: true,
    },
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
