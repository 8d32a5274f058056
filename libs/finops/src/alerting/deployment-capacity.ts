// The one figure the saturation forecast compares demand with: a deployment's capacity in tokens/s.
// Today the rated throughput of all tokens; the self-hosted economics work defines capacity as
// output tokens/s at the latency target, and swaps this function (and `basis`) for that figure.

export interface DeploymentCapacity {
  tokensPerSec: number;
  /** Which tokens the capacity counts, so demand is measured alike. */
  basis: 'all-tokens' | 'output-tokens';
}

export function deploymentCapacity(deployment: {
  ratedThroughputTokensPerSec: string | null;
}): DeploymentCapacity | null {
  const rated =
    deployment.ratedThroughputTokensPerSec === null ? Number.NaN : Number(deployment.ratedThroughputTokensPerSec);
  return Number.isFinite(rated) && rated > 0 ? { tokensPerSec: rated, basis: 'all-tokens' } : null;
}
