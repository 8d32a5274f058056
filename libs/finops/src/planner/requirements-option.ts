// With a requirement (critical privacy, latency under 100 ms, extensive customization), from the review band
// up a workload moves onto GPUs the organization runs (recommend-workload.ts); a hosted open-model API is a
// third party they rule out.
import type { BreakevenResult } from '../scenario';
import type { PlannerAssumptions } from './planner-assumptions';
import { cheapestOwnHardware, cheapestWithoutCapex } from './recommendation-option';

/**
 * The requirements' own path: buying when it pays back within the hardware's life, renting when it costs
 * less than the API month by month; the cheaper of the two that qualify, null when neither does.
 */
export function requirementsOption(result: BreakevenResult, a: PlannerAssumptions): 'buy' | 'rent' | null {
  const months = result.breakEvenMonths;
  const buyQualifies = months !== null && months <= a.amortizationMonths;
  const rent = cheapestWithoutCapex(result, ['rent']);
  const own = cheapestOwnHardware(result, [
    ...(buyQualifies ? ['buy' as const] : []),
    ...(rent ? ['rent' as const] : []),
  ]);
  return own === 'buy' || own === 'rent' ? own : null;
}
