// What to do with a self-hosted deployment after a week of utilization:
//   MOVE_TO_API  when its cost per served token exceeds the reference API price for its tier;
//   CONSOLIDATE  when it and another deployment of the same team and model were both under the
//                floor all week and one of them could carry both loads;
//   RIGHTSIZE    when it was under the floor all week: fewer GPUs sized for its busiest day, or a
//                smaller precision when it already runs on one GPU;
//   nothing otherwise.
import type { PlannerAssumptions } from './planner-assumptions';
import { PlannedRecommendation, round } from './recommendation';

export interface DeploymentUtilizationWeek {
  name: string;
  team: string;
  servedModel: string;
  gpuType: string;
  gpuCount: number;
  /** The last 7 days, oldest first (fewer when the deployment is newer). */
  days: {
    day: string;
    utilization: number | null;
    servedTokens: number;
    dailyCostUsd: number;
    idleWasteUsd: number | null;
  }[];
}

export interface DeploymentEvidence extends DeploymentUtilizationWeek {
  /** Same team, same model, also tracked this week. */
  peers: DeploymentUtilizationWeek[];
  /** Blended price per token of the reference API model for this deployment's tier; null if unknown. */
  referenceApi: { provider: string; model: string; usdPerToken: number } | null;
}

const WEEK = 7;
const GPU_STEPS = [1, 2, 4, 8, 16];

export function recommendDeployment(e: DeploymentEvidence, a: PlannerAssumptions): PlannedRecommendation | null {
  const workload = `deployment:${e.name}`;
  const served = e.days.reduce((s, d) => s + d.servedTokens, 0);
  const cost = e.days.reduce((s, d) => s + d.dailyCostUsd, 0);
  const waste = e.days.reduce((s, d) => s + (d.idleWasteUsd ?? 0), 0);
  const utils = e.days.map((d) => d.utilization);
  const knownUtils = utils.filter((u): u is number => u !== null);
  const meanUtil = knownUtils.length ? knownUtils.reduce((s, u) => s + u, 0) / knownUtils.length : null;
  const maxUtil = knownUtils.length ? Math.max(...knownUtils) : null;
  const usdPerToken = served > 0 ? cost / served : Number.POSITIVE_INFINITY;
  const monthly = (v: number) => (v / Math.max(1, e.days.length)) * (a.hoursPerMonth / 24);
  const common = {
    servedTokens7d: served,
    cost7dUsd: round.usd(cost),
    idleWaste7dUsd: round.usd(waste),
    meanUtilization: round.share(meanUtil),
    maxUtilization: round.share(maxUtil),
    usdPerMTok: Number.isFinite(usdPerToken) ? round.usd(usdPerToken * 1e6) : null,
  };
  const inputs = {
    days: e.days,
    gpuType: e.gpuType,
    gpuCount: e.gpuCount,
    servedModel: e.servedModel,
    referenceApi: e.referenceApi,
  };

  if (e.referenceApi && e.days.length >= WEEK && usdPerToken > e.referenceApi.usdPerToken) {
    const apiMonthly = monthly(served) * e.referenceApi.usdPerToken;
    const savings = monthly(cost) - apiMonthly;
    return {
      team: e.team,
      workload,
      kind: 'MOVE_TO_API',
      rationale:
        `Move to the API: ${e.name} cost ${common.usdPerMTok} USD per million tokens served this week, ` +
        `more than ${e.referenceApi.provider}/${e.referenceApi.model} ` +
        `at ${round.usd(e.referenceApi.usdPerToken * 1e6)}; ` +
        `at this volume the API would save about ${round.usd(savings)} USD a month.`,
      inputs,
      numbers: {
        ...common,
        referenceUsdPerMTok: round.usd(e.referenceApi.usdPerToken * 1e6),
        apiUsdPerMonth: round.usd(apiMonthly),
        savingsUsdPerMonth: round.usd(savings),
      },
      decisive: { action: 'move-to-api', reference: `${e.referenceApi.provider}/${e.referenceApi.model}` },
    };
  }

  const underFloorAllWeek = e.days.length >= WEEK && utils.every((u) => u !== null && u < a.utilizationFloor);
  if (!underFloorAllWeek || maxUtil === null) return null;

  const idlePeers = e.peers.filter(
    (p) =>
      p.servedModel === e.servedModel &&
      p.days.length >= WEEK &&
      p.days.every((d) => d.utilization !== null && d.utilization < a.utilizationFloor),
  );
  for (const peer of idlePeers) {
    const peerMax = Math.max(...peer.days.map((d) => d.utilization as number));
    // Both loads on the larger of the two must stay under the rightsizing target.
    const combined =
      maxUtil * (e.gpuCount / Math.max(e.gpuCount, peer.gpuCount)) +
      peerMax * (peer.gpuCount / Math.max(e.gpuCount, peer.gpuCount));
    if (combined <= a.rightsizeTargetUtilization) {
      const [keep, retire] = [e, peer].sort((x, y) => y.gpuCount - x.gpuCount || x.name.localeCompare(y.name));
      const retiredCost = retire.days.reduce((s, d) => s + d.dailyCostUsd, 0);
      return {
        team: e.team,
        workload,
        kind: 'CONSOLIDATE',
        rationale:
          `Consolidate: ${e.name} and ${peer.name} both serve ${e.servedModel} ` +
          `and stayed under ${a.utilizationFloor * 100}% utilization all week; ` +
          `${keep.name} can carry both (about ${Math.round(combined * 100)}% at the busiest day), ` +
          `retiring ${retire.name} saves about ${round.usd(monthly(retiredCost))} USD a month.`,
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

  const neededGpus = (e.gpuCount * maxUtil) / a.rightsizeTargetUtilization;
  const proposed = GPU_STEPS.find((n) => n >= neededGpus && n <= e.gpuCount) ?? e.gpuCount;
  if (proposed < e.gpuCount) {
    const savings = monthly(cost) * (1 - proposed / e.gpuCount);
    return {
      team: e.team,
      workload,
      kind: 'RIGHTSIZE',
      rationale:
        `Rightsize: ${e.name} used ${Math.round((meanUtil as number) * 100)}% of its capacity on average ` +
        `and at most ${Math.round(maxUtil * 100)}% over the last 7 days ` +
        `(floor ${a.utilizationFloor * 100}%), wasting ${common.idleWaste7dUsd} USD of idle capacity. ` +
        `${proposed}× ${e.gpuType} instead of ${e.gpuCount} still serves ` +
        `the busiest day at ${Math.round(((maxUtil * e.gpuCount) / proposed) * 100)}%, ` +
        `saving about ${round.usd(savings)} USD a month.`,
      inputs,
      numbers: { ...common, proposedGpuCount: proposed, savingsUsdPerMonth: round.usd(savings) },
      decisive: { action: 'fewer-gpus', proposedGpuCount: proposed },
    };
  }
  return {
    team: e.team,
    workload,
    kind: 'RIGHTSIZE',
    rationale:
      `Rightsize: ${e.name} used at most ${Math.round(maxUtil * 100)}% of its capacity ` +
      `over the last 7 days on ${e.gpuCount}× ${e.gpuType}; it cannot lose a GPU, ` +
      `so serve ${e.servedModel} at a smaller precision (fp8 or int4) on a cheaper GPU, ` +
      `or move its load onto another deployment. ` +
      `Idle capacity cost ${common.idleWaste7dUsd} USD this week.`,
    inputs,
    numbers: { ...common, proposedGpuCount: e.gpuCount, proposedPrecision: 'fp8 or int4' },
    decisive: { action: 'smaller-precision' },
  };
}
