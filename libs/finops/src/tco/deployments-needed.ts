// Volume beyond one deployment's capacity needs more identical deployments (replicas), each with
// its own capex and opex. Unknown capacity means one deployment is assumed to serve everything.

// Keeps a volume computed as exactly n × capacity from rounding up to n + 1.
const RELATIVE_TOLERANCE = 1e-9;

export function deploymentsNeeded(tokensPerMonth: number, capacityTokensPerMonth: number | null): number {
  if (capacityTokensPerMonth === null || tokensPerMonth <= 0) return 1;
  if (capacityTokensPerMonth <= 0) return Number.POSITIVE_INFINITY;
  return Math.max(1, Math.ceil(tokensPerMonth / capacityTokensPerMonth - RELATIVE_TOLERANCE));
}
