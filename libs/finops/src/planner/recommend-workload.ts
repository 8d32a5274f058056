// Migrate, stay or split, for one team's API workload (team × provider × model), following the
// seed article's decision tree made numeric (DESIGN §6):
//   1. the forecast volume path, the workload's own blended API price and a catalog deployment of a
//      comparable open model, sized for the observed peak hour, give a break-even month;
//   2. within the target months → MIGRATE_TO_SELF_HOSTED; spiky load whose steady base alone pays
//      (and pays sooner) → HYBRID; below ~10M tokens/month, a forecast too wide to plan a purchase
//      on, or break-even beyond the target → STAY_ON_API;
//   3. the team's qualitative needs (data privacy critical, latency under 100 ms, extensive
//      customization) require self-hosting whatever the volume: they turn a cost-based "stay" into a
//      migration (or a hybrid when only the base pays), and the rationale says so.
import { resolveCatalogs } from '../catalogs/resolve-catalogs';
import { SizingCandidate, sizeDeployment } from '../sizing/deployment-sizing';
import type { TokenClassVolumes } from '../tco/api-cost';
import { breakEvenMonths } from '../tco/breakeven';
import { costDeployment, DeploymentEconomics } from '../tco/cost-model';
import { BreakEvenInput, cumulativeSavingsAtMonths } from '../tco/savings-timeline';
import { thresholdTokensPerMonth } from '../tco/threshold-volume';
import { comparableOpenModel, OpenModelChoice } from './comparable-open-model';
import type { ForecastConfidence } from './forecast-confidence';
import { PlannerAssumptions, personnelUsdPerMonth } from './planner-assumptions';
import { PlannedRecommendation, RecommendationKind, round, TeamProfile } from './recommendation';
import type { MonthProjection } from './volume-forecast';

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
  };
}

interface SelfHostedOption {
  open: OpenModelChoice;
  candidate: SizingCandidate;
  gpuConfiguration: string;
  /** One replica of the configuration, with the capacity left at the load's peak-to-mean shape. */
  economics: DeploymentEconomics;
  replicasMonth1: number;
  breakEvenMonths: number | null;
  savingsUsd: Record<string, number>;
  thresholdTokensPerMonth: number | null;
}

const SECONDS_PER_HOUR = 3600;

export function recommendWorkload(e: WorkloadEvidence, a: PlannerAssumptions): PlannedRecommendation {
  const workload = `api:${e.provider}/${e.model}`;
  const t = e.recent.tokens;
  const recentTokens = t.inputTokens + t.cachedInputTokens + t.cacheWriteTokens + t.outputTokens;
  const month1 = e.forecast.months[0]?.tokens ?? 0;
  const factors = qualitativeFactors(e.profile);
  const base = { team: e.team, workload };
  if (recentTokens <= 0 || e.recent.costUsd <= 0) {
    return {
      ...base,
      kind: 'STAY_ON_API',
      rationale:
        `No priced usage of ${e.provider}/${e.model} in the last ${e.recent.days} days: ` +
        `nothing to compare a deployment against.`,
      inputs: { recent: e.recent },
      numbers: { forecastTokensMonth1: round.tokens(month1) },
      decisive: { reason: 'no-priced-usage' },
    };
  }
  const apiUsdPerToken = e.recent.costUsd / recentTokens;
  const outputShare = recentTokens > 0 ? t.outputTokens / recentTokens : 0.3;
  const open = comparableOpenModel(e.model);
  const path = e.forecast.months.map((m) => m.tokens);
  const peakToMean = e.recent.meanHourTokens > 0 ? e.recent.peakHourTokens / e.recent.meanHourTokens : 1;
  const baseShare = e.recent.meanHourTokens > 0 ? Math.min(1, e.recent.baseHourTokens / e.recent.meanHourTokens) : 0;

  const whole = priceSelfHosted(
    open,
    path,
    e.recent.peakHourTokens / SECONDS_PER_HOUR,
    peakToMean,
    outputShare,
    apiUsdPerToken,
    a,
  );
  // The base is what is reliably there: the hourly floor's share of the forecast, and never more
  // than the forecast's lower bound (a wide interval leaves little base to buy hardware for).
  const basePath = e.forecast.months.map((m) => Math.min(m.tokens * baseShare, m.lower));
  const baseOption =
    baseShare > 0
      ? priceSelfHosted(open, basePath, e.recent.baseHourTokens / SECONDS_PER_HOUR, 1, outputShare, apiUsdPerToken, a)
      : null;

  const month3 = e.forecast.months[2] ?? e.forecast.months[0];
  const relativeWidth =
    month3 && month3.tokens > 0 ? (month3.upper - month3.lower) / month3.tokens : Number.POSITIVE_INFINITY;
  const unpredictable = relativeWidth > a.maxRelativeIntervalWidth;
  const spiky = peakToMean >= a.hybridPeakToMean;
  const target = a.targetBreakEvenMonths;
  const pays = (o: SelfHostedOption | null) => o !== null && o.breakEvenMonths !== null && o.breakEvenMonths <= target;

  let kind: RecommendationKind;
  let reason: string;
  if (pays(whole) && !unpredictable && month1 >= a.apiWinsBelowTokensPerMonth) {
    if (spiky && pays(baseOption) && (baseOption!.breakEvenMonths as number) < (whole!.breakEvenMonths as number)) {
      kind = 'HYBRID';
      reason = 'spiky-base-pays-sooner';
    } else {
      kind = 'MIGRATE_TO_SELF_HOSTED';
      reason = 'breaks-even-within-target';
    }
  } else if (pays(baseOption) && month1 * baseShare >= a.apiWinsBelowTokensPerMonth && (spiky || unpredictable)) {
    kind = 'HYBRID';
    reason = unpredictable ? 'unpredictable-peaks-base-pays' : 'spiky-base-pays';
  } else if (factors.length > 0 && whole !== null) {
    kind = pays(baseOption) && spiky ? 'HYBRID' : 'MIGRATE_TO_SELF_HOSTED';
    reason = 'qualitative-requirement';
  } else {
    kind = 'STAY_ON_API';
    reason =
      month1 < a.apiWinsBelowTokensPerMonth
        ? 'below-threshold'
        : unpredictable
          ? 'too-unpredictable'
          : whole === null
            ? 'no-deployment-fits'
            : 'break-even-beyond-target';
  }

  const shown = kind === 'HYBRID' ? baseOption : whole;
  const numbers = {
    forecastTokensMonth1: round.tokens(month1),
    forecastTokens3m: round.tokens(sum(path, 3)),
    forecastTokens12m: round.tokens(sum(path, 12)),
    forecastTokens36m: round.tokens(sum(path, 36)),
    forecastRelativeIntervalMonth3: Number.isFinite(relativeWidth) ? round.share(relativeWidth) : null,
    apiUsdPerMTok: round.usd(apiUsdPerToken * 1e6),
    apiUsdMonth1: round.usd(month1 * apiUsdPerToken),
    peakToMeanHour: round.share(peakToMean),
    baseShare: round.share(baseShare),
    model: open.modelId,
    precision: open.precision,
    gpuConfiguration: shown?.gpuConfiguration ?? null,
    replicas: shown?.replicasMonth1 ?? null,
    capexUsd: shown ? round.usd(shown.economics.capexUsd * shown.replicasMonth1) : null,
    opexUsdPerMonth: shown ? round.usd(shown.economics.opexUsdPerMonth * shown.replicasMonth1) : null,
    breakEvenMonths: round.months(shown?.breakEvenMonths ?? null),
    breakEvenMonth: shown?.breakEvenMonths == null ? null : Math.ceil(shown.breakEvenMonths),
    savings12mUsd: shown ? round.usd(shown.savingsUsd['12']) : null,
    savings36mUsd: shown ? round.usd(shown.savingsUsd['36']) : null,
    wholeLoadBreakEvenMonths: round.months(whole?.breakEvenMonths ?? null),
    baseLoadBreakEvenMonths: round.months(baseOption?.breakEvenMonths ?? null),
    thresholdTokensPerMonth: round.tokens(whole?.thresholdTokensPerMonth ?? null),
  };
  return {
    ...base,
    kind,
    rationale: rationale(kind, reason, e, numbers, factors, open, a),
    inputs: {
      forecast: { method: e.forecast.method, confidence: e.forecast.confidence, mapePct: e.forecast.mapePct },
      recent: e.recent,
      profile: e.profile,
      comparableModel: open,
      throughput: shown?.candidate.throughput ?? null,
      assumptions: a,
    },
    numbers: { ...numbers, reason },
    decisive: {
      reason,
      model: open.modelId,
      precision: open.precision,
      gpuConfiguration: numbers.gpuConfiguration,
      breakEvenMonth: numbers.breakEvenMonth,
    },
  };
}

function qualitativeFactors(p: TeamProfile): string[] {
  const factors: string[] = [];
  if (p.privacyCritical) factors.push('data privacy is critical');
  if (p.latencyUnder100ms) factors.push('latency under 100 ms is required');
  if (p.extensiveCustomization) factors.push('extensive customization is needed');
  return factors;
}

function priceSelfHosted(
  open: OpenModelChoice,
  path: number[],
  peakTokensPerSec: number,
  peakToMean: number,
  outputShare: number,
  apiUsdPerToken: number,
  a: PlannerAssumptions,
): SelfHostedOption | null {
  const outShare = Math.max(outputShare, 0.05);
  const sizing = sizeDeployment({
    modelId: open.modelId,
    precision: open.precision,
    outputTokensPerMonth: Math.max(1, peakTokensPerSec * outShare * a.hoursPerMonth * SECONDS_PER_HOUR),
    hoursPerMonth: a.hoursPerMonth,
  });
  const chosen = sizing.chosen;
  if (!chosen?.throughput) return null;
  const gpu = resolveCatalogs().gpus.find((g) => g.id === chosen.gpuId)!;
  const gpuUnitPriceUsd = gpu.unitPriceUsd;
  const capexPerReplica = chosen.gpuCount * (gpuUnitPriceUsd + a.otherCapexUsdPerGpu);
  const cost = costDeployment({
    gpuCount: chosen.gpuCount,
    gpuUnitPriceUsd,
    otherCapexUsd: chosen.gpuCount * a.otherCapexUsdPerGpu,
    gpuPowerWatts: gpu.powerWatts,
    hoursPerMonth: a.hoursPerMonth,
    pue: a.pue,
    electricityUsdPerKwh: a.electricityUsdPerKwh,
    measuredElectricityUsdPerMonth: null,
    hostingUsdPerMonth: chosen.gpuCount * a.hostingUsdPerGpuMonth,
    personnelUsdPerMonth: personnelUsdPerMonth(a, chosen.gpuCount),
    maintenanceUsdPerMonth: (capexPerReplica * a.maintenanceShareOfCapexPerYear) / 12,
    amortizationMonths: a.amortizationMonths,
    // Benchmarks count output tokens; the replica prefills the input alongside them.
    throughputTokensPerSec: chosen.throughput.outputTokensPerSec / outShare,
  });
  // Sized for the peak hour: at the mean hour only 1/peakToMean of the capacity is used.
  const economics: DeploymentEconomics = {
    capexUsd: cost.capexUsd,
    opexUsdPerMonth: cost.opexUsdPerMonth,
    capacityTokensPerMonth:
      cost.capacityTokensPerMonth === null ? null : cost.capacityTokensPerMonth / Math.max(1, peakToMean),
  };
  const input: BreakEvenInput = {
    volume: { kind: 'series', tokensPerMonth: path },
    apiUsdPerToken,
    deployment: economics,
  };
  const months = breakEvenMonths(input, { searchMonths: 120 });
  const replicasMonth1 =
    economics.capacityTokensPerMonth === null
      ? 1
      : Math.max(1, Math.ceil((path[0] ?? 0) / economics.capacityTokensPerMonth));
  return {
    open,
    candidate: chosen,
    gpuConfiguration: `${chosen.gpuCount}× ${chosen.gpuId}`,
    economics,
    replicasMonth1,
    breakEvenMonths: months,
    savingsUsd: cumulativeSavingsAtMonths(input, [12, 36]),
    thresholdTokensPerMonth: thresholdTokensPerMonth({
      apiUsdPerToken,
      deployment: economics,
      targetMonths: a.targetBreakEvenMonths,
    }),
  };
}

function sum(path: number[], months: number): number {
  return path.slice(0, months).reduce((s, v) => s + v, 0);
}

const mtok = (v: number | null) => (v === null ? 'n/a' : `${(v / 1e6).toFixed(1)}M`);

function rationale(
  kind: RecommendationKind,
  reason: string,
  e: WorkloadEvidence,
  n: Record<string, number | string | null>,
  factors: string[],
  open: OpenModelChoice,
  a: PlannerAssumptions,
): string {
  const volume =
    `${e.provider}/${e.model} is forecast at ${mtok(n.forecastTokensMonth1 as number)} tokens next month ` +
    `(${e.forecast.method}, confidence ${e.forecast.confidence}) at ` +
    `${n.apiUsdPerMTok} USD per million tokens`;
  const replicas = (n.replicas as number | null) ?? 1;
  const deployment =
    `${open.modelId} (${open.precision}) on ` +
    `${replicas > 1 ? `${replicas} replicas of ` : ''}${n.gpuConfiguration}`;
  const payback =
    `breaks even in month ${n.breakEvenMonth}, saving ` +
    `${n.savings12mUsd} USD over 12 months and ${n.savings36mUsd} USD over 36`;
  switch (kind) {
    case 'MIGRATE_TO_SELF_HOSTED':
      if (reason === 'qualitative-requirement') {
        return (
          `Self-host because ${factors.join(' and ')}: ${volume}; ${deployment} ` +
          `${n.breakEvenMonth === null ? 'never breaks even on cost' : payback}, ` +
          `so cost alone would not decide it (target ${a.targetBreakEvenMonths} months).`
        );
      }
      return (
        `Migrate: ${volume}; ${deployment}, sized for the busiest hour, ` +
        `${payback} (target ${a.targetBreakEvenMonths} months).`
      );
    case 'HYBRID':
      return (
        `Hybrid: the load is spiky (busiest hour ${n.peakToMeanHour}× the mean). ` +
        `Self-host the steady base (${Math.round((n.baseShare as number) * 100)}% of volume) ` +
        `on ${deployment}, which ${payback}; keep ${e.provider} for the peaks. ` +
        `The whole load on a peak-sized deployment breaks even in ${n.wholeLoadBreakEvenMonths ?? 'never'} months.` +
        `${factors.length ? ` Also required: ${factors.join(', ')}.` : ''}`
      );
    case 'STAY_ON_API':
      if (reason === 'below-threshold') {
        return (
          `Stay on the API: ${volume}, below the ${mtok(a.apiWinsBelowTokensPerMonth)} tokens/month ` +
          `where self-hosting starts to compete; ` +
          (n.thresholdTokensPerMonth === null
            ? `no volume breaks even within ${a.targetBreakEvenMonths} months on ${deployment}`
            : `self-hosting would need about ${mtok(n.thresholdTokensPerMonth as number)} tokens/month ` +
              `to break even within ${a.targetBreakEvenMonths} months`) +
          `.`
        );
      }
      if (reason === 'too-unpredictable') {
        return (
          `Stay on the API: ${volume}, but the 90% interval at month 3 spans ` +
          `${Math.round((n.forecastRelativeIntervalMonth3 as number) * 100)}% of the forecast ` +
          `— too unpredictable to buy hardware on.`
        );
      }
      if (reason === 'no-deployment-fits')
        return (
          `Stay on the API: ${volume}; no catalog GPU configuration ` +
          `with a known throughput serves ${open.modelId}.`
        );
      return (
        `Stay on the API: ${volume}; ${deployment} ` +
        `breaks even ${n.breakEvenMonths === null ? 'never' : `only after ${n.breakEvenMonths} months`}, ` +
        `beyond the ${a.targetBreakEvenMonths}-month target.`
      );
    default:
      return `${kind}: ${volume}.`;
  }
}
