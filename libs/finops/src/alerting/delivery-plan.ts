// How one destination gets one dispatch's transitions without a storm: one message each while the
// destination's hourly budget lasts; more than DIGEST_OVER at once (or more than the budget) as one
// digest; nothing, only a record, once the budget is spent. PagerDuty is never grouped or held back:
// it deduplicates on its side, and an incident must not wait for the next hour.

/** More transitions than this for one destination in one dispatch are sent as one digest. */
export const DIGEST_OVER = 5;

export type DeliveryPlan =
  /** One digest message for all of them. */
  | { kind: 'digest' }
  /** The first `send` one message each; the rest recorded as rate-limited. */
  | { kind: 'each'; send: number };

export function deliveryPlan(destinationType: string, transitions: number, budgetLeft: number): DeliveryPlan {
  if (destinationType === 'pagerduty') return { kind: 'each', send: transitions };
  const budget = Math.max(0, budgetLeft);
  if (transitions > 1 && budget > 0 && (transitions > DIGEST_OVER || transitions > budget)) return { kind: 'digest' };
  return { kind: 'each', send: Math.min(transitions, budget) };
}
