// Capacity the organization already owns and does not use: per deployment, the output tokens per
// second it could still serve at its busiest hour of the week before reaching the utilization it is sized
// for, from its week of measured utilization. A workload is admitted at its own busiest hour (the hour new
// hardware is sized for), and busiest hours may coincide. A deployment whose capacity is unknown offers
// none (unknown is not idle).
import type { PlannerAssumptions } from './planner-assumptions';
import type { DeploymentUtilizationWeek } from './recommend-deployment';
import type { IdleDeployment } from './workload-evidence';

const SECONDS_PER_DAY = 86_400;

export function idleDeployments(
  weeks: readonly DeploymentUtilizationWeek[],
  a: Pick<PlannerAssumptions, 'utilizationTarget'>,
): IdleDeployment[] {
  const out: IdleDeployment[] = [];
  for (const w of weeks) {
    const known = w.days.filter((d) => d.utilization !== null && (d.utilization as number) > 0);
    if (known.length === 0) continue;
    const served = known.reduce((s, d) => s + d.servedTokens, 0) / (known.length * SECONDS_PER_DAY);
    const utilization = known.reduce((s, d) => s + (d.utilization as number), 0) / known.length;
    const capacity = served / utilization;
    // Its own busiest hour when known, else its mean: the load the workloads moved onto it add to.
    const busiest = Math.max(served, (w.peakHourOutputTokens ?? 0) / 3600);
    const spare = capacity * a.utilizationTarget - busiest;
    if (spare <= 0) continue;
    out.push({
      deployment: w.name,
      team: w.team,
      servedModel: w.servedModel,
      gpu: w.gpuType,
      gpuCount: w.gpuCount,
      spareOutputTokensPerSec: spare,
      capacityOutputTokensPerSec: capacity,
    });
  }
  return out;
}
