// What to do with a self-hosted deployment after a week of utilization:
//   MOVE_TO_API  when what stopping it would save (avoidable costs: electricity, hosting,
//                personnel, maintenance; capex already spent is sunk) exceeds what its traffic
//                (the input and output tokens it served) would cost on the API model of the same quality class;
//   CONSOLIDATE  when it and another deployment of the same team and model were both under the
//                floor all week and one of them could carry both busiest hours, with memory to spare;
//   RIGHTSIZE    when it was under the floor all week: the fewest GPUs that still hold the model
//                (weights + KV cache) and serve its busiest hour at the utilization target;
//   nothing otherwise.
import type { Catalogs } from '../catalogs/resolve-catalogs';
import { memoryFit } from '../sizing/memory-fit';
import type { OrganizationAssumptions } from './planner-assumptions';
import { PlannedRecommendation, round } from './recommendation';
import { usdCentsText } from './usd-text';

export interface DeploymentUtilizationWeek {
  name: string;
  team: string;
  servedModel: string;
  gpuType: string;
  gpuCount: number;
  /** Output tokens/s it sustains; null = unknown (no utilization, no rightsizing). */
  capacityOutputTokensPerSec?: number | null;
  /** Output tokens served in the week's busiest hour. */
  peakHourOutputTokens?: number;
  /** The last 7 days, oldest first (fewer when the deployment is newer). */
  days: {
    day: string;
    utilization: number | null;
    /** Output tokens served. */
    servedTokens: number;
    dailyCostUsd: number;
    idleWasteUsd: number | null;
  }[];
}

export interface DeploymentCostsPerMonth {
  /** Sunk: already spent, not saved by stopping. */
  capexUsd: number;
  electricityUsd: number;
  /** How electricity was counted: `full-load` (utilization unknown) overstates what stopping saves. */
  electricityBasis?: 'measured' | 'utilization-weighted' | 'full-load';
  hostingUsd: number;
  personnelUsd: number;
  maintenanceUsd: number;
  /** One-off proceeds of selling the hardware (organization resale share × capex). */
  resaleUsd: number;
}

export interface ReferenceApiModel {
  provider: string;
  model: string;
  /** Price of one token of this deployment's own input/output mix. */
  usdPerToken: number;
  qualityClass?: string;
  /** Why this model is the comparison (quality class and how it was found). */
  reason?: string;
}

export interface DeploymentEvidence extends DeploymentUtilizationWeek {
  /** Same team, same model, also tracked this week. */
  peers: DeploymentUtilizationWeek[];
  referenceApi: ReferenceApiModel | null;
  /** Monthly costs by kind; without them MOVE_TO_API falls back to the whole cost (said in the text). */
  costs?: DeploymentCostsPerMonth;
  /** Catalog model and precision for the memory check; null when the served model is not in the catalog. */
  memoryModel?: {
    catalogs: Catalogs;
    modelId: string;
    precision: 'fp16' | 'fp8' | 'int8' | 'int4';
    /** Registered sequences served at once; default RIGHTSIZE_MEMORY_SEQUENCES. */
    concurrency?: number | null;
  } | null;
}

const WEEK = 7;
const GPU_STEPS = [1, 2, 4, 8, 16];
/** Room the memory check keeps for sequences in flight: 16 sequences of 4,096 tokens (vLLM's default context). */
export const RIGHTSIZE_MEMORY_SEQUENCES = 16;
export const RIGHTSIZE_MEMORY_CONTEXT_TOKENS = 4096;

export function avoidableUsdPerMonth(c: DeploymentCostsPerMonth): number {
  return c.electricityUsd + c.hostingUsd + c.personnelUsd + c.maintenanceUsd;
}

export function recommendDeployment(e: DeploymentEvidence, a: OrganizationAssumptions): PlannedRecommendation | null {
  const workload = `deployment:${e.name}`;
  const served = e.days.reduce((s, d) => s + d.servedTokens, 0);
  const cost = e.days.reduce((s, d) => s + d.dailyCostUsd, 0);
  // Unknown (null) when no day's capacity is known, rather than a $0 nobody measured.
  const knownWaste = e.days.filter((d) => d.idleWasteUsd !== null);
  const waste = knownWaste.length ? knownWaste.reduce((s, d) => s + d.idleWasteUsd!, 0) : null;
  const utils = e.days.map((d) => d.utilization);
  const knownUtils = utils.filter((u): u is number => u !== null);
  const meanUtil = knownUtils.length ? knownUtils.reduce((s, u) => s + u, 0) / knownUtils.length : null;
  const capacity = e.capacityOutputTokensPerSec ?? null;
  // The busiest hour decides sizing; without hourly figures, the busiest day stands in (and says so).
  const peakUtil =
    capacity !== null && capacity > 0 && e.peakHourOutputTokens !== undefined
      ? Math.min(1, e.peakHourOutputTokens / 3600 / capacity)
      : knownUtils.length
        ? Math.max(...knownUtils)
        : null;
  const peakBasis = capacity !== null && e.peakHourOutputTokens !== undefined ? 'busiest hour' : 'busiest day';
  const usdPerToken = served > 0 ? cost / served : Number.POSITIVE_INFINITY;
  const monthly = (v: number) => (v / Math.max(1, e.days.length)) * (a.hoursPerMonth / 24);
  const common = {
    servedOutputTokens7d: served,
    cost7dUsd: round.usd(cost),
    idleWaste7dUsd: waste === null ? null : round.usd(waste),
    meanUtilization: round.share(meanUtil),
    peakUtilization: round.share(peakUtil),
    peakBasis,
    // Per million output tokens, capacity's unit (input tokens ride along in it); not per million tokens served.
    usdPerMOutputTokens: Number.isFinite(usdPerToken) ? round.usd(usdPerToken * 1e6) : null,
  };
  const inputs = {
    days: e.days,
    gpuType: e.gpuType,
    gpuCount: e.gpuCount,
    servedModel: e.servedModel,
    capacityOutputTokensPerSec: capacity,
    peakHourOutputTokens: e.peakHourOutputTokens ?? null,
    referenceApi: e.referenceApi,
    costs: e.costs ?? null,
  };

  if (e.referenceApi && e.days.length >= WEEK && served > 0) {
    const apiMonthly = monthly(served) * e.referenceApi.usdPerToken;
    const avoidable = e.costs ? avoidableUsdPerMonth(e.costs) : monthly(cost);
    const savings = avoidable - apiMonthly;
    if (savings > 0) {
      const ref = `${e.referenceApi.provider}/${e.referenceApi.model}`;
      return {
        team: e.team,
        workload,
        kind: 'MOVE_TO_API',
        rationale:
          `Move to the API: stopping ${e.name} avoids about ${usdCentsText(avoidable)} a month ` +
          (e.costs
            ? `(electricity ${usdCentsText(e.costs.electricityUsd)}${electricityBasisText(e.costs)}, ` +
              `hosting ${usdCentsText(e.costs.hostingUsd)}, ` +
              `personnel ${usdCentsText(e.costs.personnelUsd)}, maintenance ${usdCentsText(e.costs.maintenanceUsd)}; ` +
              `the ${usdCentsText(e.costs.capexUsd)} of hardware is sunk)`
            : '(all its costs: their split is unknown)') +
          `, while its traffic (the input and output tokens it served) on ${ref}` +
          (e.referenceApi.qualityClass ? ` (same ${e.referenceApi.qualityClass} quality class)` : '') +
          ' ' +
          `would cost about ${usdCentsText(apiMonthly)} a month: a saving of about ${usdCentsText(savings)} a month` +
          (e.costs && e.costs.resaleUsd > 0
            ? `, plus about ${usdCentsText(e.costs.resaleUsd)} from selling the hardware.`
            : '.'),
        inputs,
        numbers: {
          ...common,
          // The API's bill for the deployment's traffic (its input and output) per million of its output tokens.
          referenceUsdPerMOutputTokens: round.usd(e.referenceApi.usdPerToken * 1e6),
          apiUsdPerMonth: round.usd(apiMonthly),
          avoidableUsdPerMonth: round.usd(avoidable),
          sunkCapexUsd: e.costs ? round.usd(e.costs.capexUsd) : null,
          resaleUsd: e.costs ? round.usd(e.costs.resaleUsd) : null,
          savingsUsdPerMonth: round.usd(savings),
        },
        decisive: { action: 'move-to-api', reference: ref },
      };
    }
  }

  const underFloorAllWeek = e.days.length >= WEEK && utils.every((u) => u !== null && u < a.utilizationFloor);
  if (!underFloorAllWeek || peakUtil === null || waste === null) return null;

  const registeredSequences = e.memoryModel?.concurrency ?? RIGHTSIZE_MEMORY_SEQUENCES;
  const fitsOn = (gpuCount: number, sequences = registeredSequences) => {
    if (!e.memoryModel) return null;
    const { catalogs, modelId, precision } = e.memoryModel;
    const model = catalogs.models.find((m) => m.id === modelId);
    const gpu = catalogs.gpus.find((g) => g.id === e.gpuType);
    if (!model || !gpu) return null;
    return memoryFit({
      model,
      weights: precision,
      gpu,
      gpuCount,
      contextTokens: RIGHTSIZE_MEMORY_CONTEXT_TOKENS,
      concurrency: sequences,
    });
  };
  const peakOf = (w: DeploymentUtilizationWeek) => {
    const c = w.capacityOutputTokensPerSec ?? null;
    if (c !== null && c > 0 && w.peakHourOutputTokens !== undefined)
      return Math.min(1, w.peakHourOutputTokens / 3600 / c);
    const known = w.days.map((d) => d.utilization).filter((u): u is number => u !== null);
    return known.length ? Math.max(...known) : null;
  };

  const idlePeers = e.peers.filter(
    (p) =>
      p.servedModel === e.servedModel &&
      p.days.length >= WEEK &&
      p.days.every((d) => d.utilization !== null && d.utilization < a.utilizationFloor),
  );
  for (const peer of idlePeers) {
    const peerPeak = peakOf(peer);
    if (peerPeak === null) continue;
    const [keep, retire] = [e, peer].sort((x, y) => y.gpuCount - x.gpuCount || x.name.localeCompare(y.name));
    // Both busiest hours on the larger one must stay under the utilization target.
    const combined =
      peakUtil * (e.gpuCount / Math.max(e.gpuCount, peer.gpuCount)) +
      peerPeak * (peer.gpuCount / Math.max(e.gpuCount, peer.gpuCount));
    // The kept deployment holds both loads' sequences in its KV cache.
    const memory = keep === e ? fitsOn(keep.gpuCount, 2 * registeredSequences) : null;
    if (combined <= a.utilizationTarget && memory?.fits !== false) {
      const retiredCost = retire.days.reduce((s, d) => s + d.dailyCostUsd, 0);
      return {
        team: e.team,
        workload,
        kind: 'CONSOLIDATE',
        rationale:
          `Consolidate: ${e.name} and ${peer.name} both serve ${e.servedModel} ` +
          `and stayed under ${a.utilizationFloor * 100}% utilization all week; ` +
          `${keep.name} can carry both (about ${Math.round(combined * 100)}% at the ${peakBasis}, ` +
          `target ${Math.round(a.utilizationTarget * 100)}%), ` +
          `retiring ${retire.name} saves about ${usdCentsText(monthly(retiredCost))} a month.`,
        inputs: { ...inputs, peer: peer.name },
        numbers: {
          ...common,
          combinedPeakUtilization: round.share(combined),
          keep: keep.name,
          retire: retire.name,
          savingsUsdPerMonth: round.usd(monthly(retiredCost)),
        },
        decisive: { action: 'consolidate', keep: keep.name, retire: retire.name },
      };
    }
  }

  // Capacity taken as proportional to GPUs (tensor parallelism scales at best linearly).
  const neededGpus = (e.gpuCount * peakUtil) / a.utilizationTarget;
  const proposed = GPU_STEPS.find((n) => n >= neededGpus && n <= e.gpuCount && fitsOn(n)?.fits !== false) ?? e.gpuCount;
  const memory = fitsOn(proposed);
  const memoryText = memory
    ? ` Memory: ${round.usd(memory.memoryGbPerGpu)} GB per GPU needed ` +
      `(weights ${round.usd(memory.weightsGb)} GB + KV cache ` +
      `for ${registeredSequences} × ${RIGHTSIZE_MEMORY_CONTEXT_TOKENS} tokens + overhead) of ` +
      `${round.usd(memory.usableGbPerGpu)} usable.`
    : ' Memory not checked: the served model is not in the catalog.';
  if (proposed < e.gpuCount) {
    const savings = monthly(cost) * (1 - proposed / e.gpuCount);
    return {
      team: e.team,
      workload,
      kind: 'RIGHTSIZE',
      rationale:
        `Rightsize: ${e.name} used ${Math.round((meanUtil as number) * 100)}% of its output capacity on average ` +
        `and ${Math.round(peakUtil * 100)}% at the ${peakBasis} of the last 7 days ` +
        `(floor ${a.utilizationFloor * 100}%), wasting ${usdCentsText(waste)} of idle capacity. ` +
        `${proposed}× ${e.gpuType} instead of ${e.gpuCount} serves the ${peakBasis} ` +
        `at ${Math.round(((peakUtil * e.gpuCount) / proposed) * 100)}% ` +
        `(target ${Math.round(a.utilizationTarget * 100)}%), ` +
        `saving about ${usdCentsText(savings)} a month.${memoryText}`,
      inputs,
      numbers: {
        ...common,
        proposedGpuCount: proposed,
        memoryGbPerGpu: memory ? round.usd(memory.memoryGbPerGpu) : null,
        savingsUsdPerMonth: round.usd(savings),
      },
      decisive: { action: 'fewer-gpus', proposedGpuCount: proposed },
    };
  }
  const blockedByMemory = GPU_STEPS.some((n) => n >= neededGpus && n < e.gpuCount && fitsOn(n)?.fits === false);
  return {
    team: e.team,
    workload,
    kind: 'RIGHTSIZE',
    rationale:
      `Rightsize: ${e.name} used at most ${Math.round(peakUtil * 100)}% of its output capacity ` +
      `at the ${peakBasis} of the last 7 days on ${e.gpuCount}× ${e.gpuType}; ` +
      (blockedByMemory ? 'fewer GPUs would not hold the model and its KV cache, ' : 'it cannot lose a GPU, ') +
      `so serve ${e.servedModel} at a smaller precision (fp8 or int4) on a cheaper GPU, ` +
      `or move its load onto another deployment. ` +
      `Idle capacity cost ${usdCentsText(waste)} this week.${memoryText}`,
    inputs,
    numbers: { ...common, proposedGpuCount: e.gpuCount, proposedPrecision: 'fp8 or int4' },
    decisive: { action: 'smaller-precision' },
  };
}

/**
 * Electricity counted at full load (no utilization, no measured energy) is an upper bound on what stopping
 * saves: a reviewer's MOVE_TO_API counted $99.65 where idle draw is about a tenth of it, and did not say so.
 */
function electricityBasisText(costs: DeploymentCostsPerMonth): string {
  return costs.electricityBasis === 'full-load' ? ' at full load, its utilization unknown: at most that' : '';
}
