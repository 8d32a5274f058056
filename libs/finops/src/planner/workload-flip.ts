// What would flip a workload recommendation, said as one sentence a FinOps lead can check: the
// volume at which the numbers change sides, or the fact the answer rests on (a requirement, a
// compliant route, owned hardware, a missing catalog entry).

import { FLIP_SEARCH_LIMIT_TOKENS } from './price-at-volume';
import { tokensText } from './tokens-text';
import type { Draft } from './workload-evidence';
import {
  buyFlipOf,
  buyFlipText,
  capital,
  noCapexFlipFirst,
  noCapexName,
  payingFloorText,
  requirementsFlipText,
} from './workload-rationale';

export function whatWouldFlip(
  reason: string,
  d: Draft,
  n: {
    thresholdTokensPerMonth: number | null;
    existingDeployment: string | null;
    unsizedReason?: string | null;
    monthlySavingsUsd?: number | null;
    bands?: { selfHostFrom: number; belowReviewUnder: number } | null;
    figuresOption?: string | null;
  },
): string | null {
  const { e, a } = d;
  // Renting or the hosted open model against the API, month by month (no break-even to cross).
  if (reason === 'cheaper-month-by-month') {
    const dearer =
      n.figuresOption === 'rent'
        ? 'renting the GPUs cost more than the API'
        : "the hosted open-model price rose above the API's";
    // It holds down to the article's self-host band, whatever buying's bands say (only workloads without
    // requirements get here: recommend-workload.ts).
    const from = Math.min(n.bands?.selfHostFrom ?? Infinity, d.noCapexFlip?.tokensPerMonth ?? Infinity);
    return (
      `Below ${tokensText(Number.isFinite(from) ? from : null)} tokens a month (conservative forecast), or if ` +
      `${dearer}, or the evaluation on this team's traffic fails, this becomes STAY_ON_API.`
    );
  }
  if (n.unsizedReason && ['below-review-band', 'unsized-hosted-only'].includes(reason)) {
    // The requirements rule the hosted open model out: only sizing buying or renting could change this.
    if (d.factors.length > 0) return unsizedWithRequirementsText(d);
    return (n.monthlySavingsUsd ?? 0) > 0
      ? `At ${tokensText(n.bands?.selfHostFrom ?? null)} tokens a month (conservative forecast) this becomes ` +
          'MIGRATE_TO_SELF_HOSTED on the hosted open model; a published throughput would let buying and renting ' +
          'be sized.'
      : 'A hosted open-model price below the API, or a published throughput that lets buying or renting be sized, ' +
          'would let this change.';
  }
  const target = a.targetBreakEvenMonths;
  const threshold = n.thresholdTokensPerMonth;
  const buy = buyFlipOf(d, threshold);
  // Renting or a hosted open model, cheaper than the API without requirements, moves a workload from the
  // article's self-host band even where buying's bands would not (recommend-workload.ts).
  const noCapex = noCapexFlipFirst(d, buy?.tokensPerMonth ?? null);
  const volumeUp = noCapex
    ? `at ${tokensText(noCapex.tokensPerMonth)} tokens a month (conservative forecast) this becomes ` +
      `MIGRATE_TO_SELF_HOSTED on ${noCapex.name}`
    : buy
      ? buyFlipText(buy, d)
      : `no volume up to ${tokensText(FLIP_SEARCH_LIMIT_TOKENS)} tokens a month makes self-hosting pay back within ` +
        `${target} months`;
  switch (reason) {
    case 'no-priced-usage':
      return null;
    case 'below-review-band':
    case 'never-breaks-even':
    case 'break-even-beyond-target': {
      const requirements = requirementsFlipText(d);
      // The requirements may be all that keeps it on the API tonight: say what the numbers alone would do.
      const freeMove = migrationWithoutRequirements(d);
      const without = freeMove
        ? ` Without the requirements (${d.factors.join(', ')}) this is ${freeMove}, cheaper than the API month ` +
          'by month.'
        : '';
      return `${capital(volumeUp)}.${requirements ? ` ${requirements}` : ''}${without}`;
    }
    case 'breaks-even-within-target': {
      const floor = payingFloorText(d);
      if (floor === null) return null;
      const noLongerPays = `${floor} it no longer pays back within ${target} months`;
      const carrier = d.payingFloor?.carrier ?? null;
      // With a requirement, missing the target does not send it back to the API by itself.
      if (d.factors.length > 0)
        return (
          `${noLongerPays}; the requirements (${d.factors.join(', ')}) then decide between buying, if it pays ` +
          `back within the hardware's ${a.amortizationMonths} months, renting, and the API.`
        );
      if (!carrier) return `${noLongerPays} and becomes STAY_ON_API.`;
      const carriers = carrier.options.map(noCapexName).join(', then ');
      return carrier.allTheWay
        ? `${noLongerPays}: ${carriers} carries it down to ${tokensText(carrier.downTo)}, below which this becomes ` +
            'STAY_ON_API.'
        : `${noLongerPays}: ${carriers} carries it part of the way down (not to ${tokensText(carrier.downTo)}), and ` +
            'then this becomes STAY_ON_API.';
    }
    case 'requirements-decide': {
      const without = `Without the requirements (${d.factors.join(', ')}) this is`;
      const free = d.withoutRequirements ?? null;
      const freeMove = migrationWithoutRequirements(d);
      if (freeMove) return `${without} ${freeMove}, cheaper than the API month by month.`;
      const freeFirst = noCapexFlipFirst({ noCapexFlip: free }, threshold);
      const up = freeFirst
        ? `at ${tokensText(freeFirst.tokensPerMonth)} tokens a month (conservative forecast) it becomes ` +
          `MIGRATE_TO_SELF_HOSTED on ${freeFirst.name}`
        : volumeUp;
      return `${without} STAY_ON_API; ${up} on the numbers alone.`;
    }
    case 'spiky-base-pays-sooner':
      return (
        `With a steadier load (busiest hour under ${a.hybridPeakToMean}× the mean hour) the whole load is ` +
        `judged instead: MIGRATE_TO_SELF_HOSTED or STAY_ON_API on its own break-even.`
      );
    case 'idle-capacity':
      return (
        `If ${n.existingDeployment} is needed for its own load, or the evaluation on this team's traffic fails, ` +
        `the volume bands decide instead.`
      );
    case 'compliant-api-available':
      return `Without ${d.compliantProvider} in the team's usage this becomes SELF_HOST_FOR_COMPLIANCE.`;
    case 'data-must-not-leave':
    case 'data-must-not-leave-unpriced':
      return (
        `If the team's data may leave (privacy below must-not-leave), or it routes ${e.model} through a compliant ` +
        `API (${a.compliantApiProviders.join(', ')}), the volume bands decide instead.`
      );
    case 'no-substitute':
      return `An organization entry for ${e.model} in the substitute catalog would let self-hosting be compared.`;
    case 'requirements-unsized':
      return unsizedWithRequirementsText(d);
    case 'no-deployment-fits':
      return (
        'A GPU configuration with a published throughput for the substitute, or a hosted open-model price for it, ' +
        'would let it be priced.'
      );
    default:
      return null;
  }
}

/**
 * Nothing the requirements allow could be sized: what would let it be, and what the numbers alone would do
 * tonight (staying too says the requirements are not what holds it on the API).
 */
function unsizedWithRequirementsText(d: Draft): string {
  const freeMove = migrationWithoutRequirements(d);
  return (
    `A published throughput for ${d.substitute?.model} on a catalog GPU would let buying and renting be ` +
    `compared; without the requirements (${d.factors.join(', ')}) ` +
    `${freeMove ? `this is ${freeMove}` : 'it would stay on the API too'}.`
  );
}

/** The move the numbers alone would make tonight when requirements rule it out ("MIGRATE_TO_SELF_HOSTED on …"). */
function migrationWithoutRequirements(d: Draft): string | null {
  const free = d.withoutRequirements ?? null;
  return free && d.forecast.low >= free.tokensPerMonth ? `MIGRATE_TO_SELF_HOSTED on ${noCapexName(free.option)}` : null;
}
