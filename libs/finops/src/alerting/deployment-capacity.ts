// The figure the saturation forecast compares demand with: the deployment's capacity in output
// tokens/s (its rating, else the catalog's), the same one utilization uses; demand is counted in
// output tokens too. A deployment of unknown capacity gets no saturation forecast.
import { RegisteredDeploymentShape, registeredDeploymentCapacity } from '../sizing/deployment-capacity';

export interface SaturationCapacity {
  tokensPerSec: number;
  /** Which tokens the capacity counts, so demand is measured alike. */
  basis: 'output-tokens';
}

export function saturationCapacity(
  deployment: RegisteredDeploymentShape,
  latencyTargetMsPerToken: number | null = null,
): SaturationCapacity | null {
  const { outputTokensPerSec } = registeredDeploymentCapacity(deployment, undefined, latencyTargetMsPerToken);
  return outputTokensPerSec !== null && outputTokensPerSec > 0
    ? { tokensPerSec: outputTokensPerSec, basis: 'output-tokens' }
    : null;
}
