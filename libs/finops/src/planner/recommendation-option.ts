// Which way of running the workload the recommendation means. The break-even engine decides when it
// compares options itself (`cheapestOption`: api, buy, rent, hosted open model); until then the
// answer follows from the kind: self-hosting kinds buy (hardware already owned is `existing-capacity`),
// every other kind stays on the API. When
// buying fails a constraint (it does not pay back within the target), the planner picks among the
// options that still meet them (`cheapestWithoutCapex`, `cheapestOwnHardware`) and says so itself.
import type { BreakevenResult } from '../scenario';
import { cheapestServingOption, OptionCost } from '../tco/option-costs';
import { MIGRATE_KINDS, RecommendationKind } from './recommendation';

/** `existing-capacity`: GPUs the organization already runs (USE_EXISTING_CAPACITY), their capex sunk. */
export type RecommendationOption = 'api' | 'buy' | 'rent' | 'hosted-open-model' | 'existing-capacity';

export function recommendationOption(kind: RecommendationKind, result: BreakevenResult | null): RecommendationOption {
  const engine = (result as { cheapestOption?: unknown } | null)?.cheapestOption;
  const selfHosting = MIGRATE_KINDS.includes(kind);
  if (kind === 'SELF_HOST_FOR_COMPLIANCE') return compliantOption(result);
  if (kind === 'USE_EXISTING_CAPACITY') return 'existing-capacity';
  if (selfHosting && (engine === 'buy' || engine === 'rent' || engine === 'hosted-open-model')) return engine;
  return selfHosting ? 'buy' : 'api';
}

/**
 * Data that must not leave cannot go to a hosted open-model API (a third party) nor stay on the API:
 * the cheaper of buying and renting GPUs the organization runs itself (rented ones in its own cloud
 * account, as the compliant API routes run in its region), buying when neither is priced.
 */
function compliantOption(result: BreakevenResult | null): RecommendationOption {
  return result ? (cheapestOwnHardware(result, ['buy', 'rent']) ?? 'buy') : 'buy';
}

/** The cheaper at the horizon of the `allowed` ways to run the GPUs itself that are available; null when none is. */
export function cheapestOwnHardware(
  result: BreakevenResult,
  allowed: readonly ('buy' | 'rent')[],
): 'buy' | 'rent' | null {
  const own = result.options.filter((o) => o.available && (allowed as readonly string[]).includes(o.option));
  return own.length === 0 ? null : (cheapestServingOption(own, result.horizonMonths) as 'buy' | 'rent');
}

/** The options with nothing to pay back: GPUs rented by the hour, or a hosted open-model API. */
export type NoCapexOption = 'rent' | 'hosted-open-model';

/**
 * The cheapest of the API and the `allowed` no-capex options that are available (allowed by the
 * organization, fitting, priced), by spend at the horizon as the engine ranks them; null when that is
 * the API, or when the winner does not also cost less than the API in month 1 (a saving said for
 * month 1 must be a saving).
 */
export function cheapestWithoutCapex(
  result: BreakevenResult,
  allowed: readonly NoCapexOption[],
): { option: NoCapexOption; cost: OptionCost } | null {
  const api = result.options.find((o) => o.option === 'api');
  if (!api) return null;
  const candidates = result.options.filter(
    (o) => o.option === 'api' || (o.available && (allowed as readonly string[]).includes(o.option)),
  );
  const best = cheapestServingOption(candidates, result.horizonMonths);
  const cost = candidates.find((o) => o.option === best);
  if (!cost || best === 'api' || !(cost.monthlyUsd < api.monthlyUsd)) return null;
  return { option: best as NoCapexOption, cost };
}
