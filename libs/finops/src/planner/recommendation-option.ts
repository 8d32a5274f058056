// Which way of running the workload the recommendation means. The break-even engine decides when it
// compares options itself (`cheapestOption`: api, buy, rent, hosted open model); until then the
// answer follows from the kind: self-hosting kinds buy, every other kind stays on the API.
import type { BreakevenResult } from '../scenario';
import { cheapestServingOption } from '../tco/option-costs';
import { MIGRATE_KINDS, RecommendationKind } from './recommendation';

export type RecommendationOption = 'api' | 'buy' | 'rent' | 'hosted-open-model';

export function recommendationOption(kind: RecommendationKind, result: BreakevenResult | null): RecommendationOption {
  const engine = (result as { cheapestOption?: unknown } | null)?.cheapestOption;
  const selfHosting = MIGRATE_KINDS.includes(kind);
  if (kind === 'SELF_HOST_FOR_COMPLIANCE') return compliantOption(result);
  if (selfHosting && (engine === 'buy' || engine === 'rent' || engine === 'hosted-open-model')) return engine;
  return selfHosting ? 'buy' : 'api';
}

/**
 * Data that must not leave cannot go to a hosted open-model API (a third party) nor stay on the API:
 * the cheaper of buying and renting GPUs the organization runs itself (rented ones in its own cloud
 * account, as the compliant API routes run in its region), buying when neither is priced.
 */
function compliantOption(result: BreakevenResult | null): RecommendationOption {
  const own = (result?.options ?? []).filter((o) => o.option === 'buy' || o.option === 'rent');
  if (!result || !own.some((o) => o.available)) return 'buy';
  return cheapestServingOption(own, result.horizonMonths);
}
