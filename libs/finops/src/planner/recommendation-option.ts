// Which way of running the workload the recommendation means. The break-even engine decides when it
// compares options itself (`cheapestOption`: api, buy, rent, hosted open model); until then the
// answer follows from the kind: self-hosting kinds buy, every other kind stays on the API.
import type { BreakevenResult } from '../scenario';
import { MIGRATE_KINDS, RecommendationKind } from './recommendation';

export type RecommendationOption = 'api' | 'buy' | 'rent' | 'hosted-open-model';

export function recommendationOption(kind: RecommendationKind, result: BreakevenResult | null): RecommendationOption {
  const engine = (result as { cheapestOption?: unknown } | null)?.cheapestOption;
  const selfHosting = MIGRATE_KINDS.includes(kind);
  if (selfHosting && (engine === 'buy' || engine === 'rent' || engine === 'hosted-open-model')) return engine;
  return selfHosting ? 'buy' : 'api';
}
