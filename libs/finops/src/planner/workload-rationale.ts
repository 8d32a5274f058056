// The sentence a FinOps lead reads for a workload recommendation: the volume and its interval, the
// deployment, the money (a premium said as a premium), the quality gap, and what would flip it.

import { OPEN_WEIGHT_HOSTS } from '../pricing/hosted-open-model-price';
import { FLIP_SEARCH_LIMIT_TOKENS } from './price-at-volume';
import { tokensText } from './tokens-text';
import { usdText } from './usd-text';
import type { VolumeBand } from './volume-bands';
import type { Draft, IdleDeployment, WorkloadEvidence } from './workload-evidence';

/**
 * The cheaper no-capex option (recommend-workload.ts) when it would move the workload before buying's
 * threshold does, with its name as a sentence says it; null otherwise.
 */
export function noCapexFlipFirst(
  d: Pick<Draft, 'noCapexFlip'>,
  thresholdTokensPerMonth: number | null,
): { tokensPerMonth: number; name: string } | null {
  const flip = d.noCapexFlip ?? null;
  if (flip === null || (thresholdTokensPerMonth !== null && flip.tokensPerMonth >= thresholdTokensPerMonth))
    return null;
  return { tokensPerMonth: flip.tokensPerMonth, name: noCapexName(flip.option) };
}

/**
 * Where requirements (privacy, latency, customization) stand, what moves the workload before buying's
 * threshold does: their own path, from the review band, at the first volume it qualifies
 * (migration-volume.ts). Empty without them, or where nothing they allow could be sized.
 */
export function requirementsFlipText(d: Pick<Draft, 'factors' | 'a' | 'requirementsFlip' | 'e'>): string {
  if (d.factors.length === 0 || d.requirementsFlip === undefined) return '';
  const flip = d.requirementsFlip;
  const requirements = `With the requirements (${d.factors.join(', ')})`;
  if (flip === null)
    return (
      `${requirements}, no volume up to ${tokensText(FLIP_SEARCH_LIMIT_TOKENS)} tokens a month makes buying pay ` +
      `back within the hardware's ${d.a.amortizationMonths} months or renting cost less than the API.`
    );
  const onto =
    flip.option === 'buy'
      ? `bought GPUs, paying back within the hardware's ${d.a.amortizationMonths} months`
      : 'rented GPUs, cheaper than the API month by month';
  const volume = migrationVolumeText(flip);
  return `${requirements}, at ${volume} this becomes MIGRATE_TO_SELF_HOSTED on ${onto}${hybridText(d)}.`;
}

/**
 * "Below X tokens a month (conservative forecast)": where a migration stops paying back within the target,
 * each volume sized for itself (paying-floor.ts), with the configuration sized there when it is not
 * tonight's. Null when that is not known.
 */
export function payingFloorText(d: Pick<Draft, 'payingFloor'>): string | null {
  const floor = d.payingFloor ?? null;
  if (floor === null) return null;
  const below = `Below ${tokensText(floor.tokensPerMonth)} tokens a month (conservative forecast)`;
  if (!floor.gpuConfiguration) return below;
  const consumer = floor.gpuLicenceRestricted ? ' (consumer cards, whose licence restricts datacenter use)' : '';
  return `${below}, even sized for it on ${floor.gpuConfiguration}${consumer},`;
}

/**
 * Where buying (or a spiky load's steady base) would move a workload that stays on the API: the volume the
 * decision was searched at (migration-volume.ts), else tonight's threshold or the resized configuration's;
 * with the configuration sized there when it is not tonight's. Null when no volume would.
 */
export function buyFlipOf(
  d: Pick<Draft, 'buyFlip' | 'resizedFlip'>,
  threshold: number | null,
): { tokensPerMonth: number; gpuConfiguration: string | null; until?: number | null } | null {
  if (d.buyFlip !== undefined) return d.buyFlip;
  if (threshold !== null) return { tokensPerMonth: threshold, gpuConfiguration: null };
  return d.resizedFlip ?? null;
}

/** "at X tokens a month (conservative forecast)[, sized for it on C,] this becomes MIGRATE_TO_SELF_HOSTED". */
export function buyFlipText(
  buy: { tokensPerMonth: number; gpuConfiguration: string | null; until?: number | null },
  d: Pick<Draft, 'a' | 'e'>,
) {
  return `at ${migrationVolumeText(buy, buy.gpuConfiguration)} this becomes MIGRATE_TO_SELF_HOSTED${hybridText(d)}`;
}

/**
 * A spiky load (busiest hour `hybridPeakToMean` × its mean and more) whose steady base alone pays back sooner moves
 * only that base (recommend-workload.ts): a promise of a migration says so, and that the GPUs it names may be the
 * base's (a reviewer's "MIGRATE … on 1× h200" was HYBRID there, the whole load needing 7 × 2× h200).
 */
function hybridText(d: Pick<Draft, 'a' | 'e'>): string {
  const { peakHourTokens, meanHourTokens } = d.e.recent;
  const spiky = meanHourTokens > 0 && peakHourTokens / meanHourTokens >= d.a.hybridPeakToMean;
  return spiky ? ', or HYBRID if its steady base alone pays back sooner' : '';
}

/**
 * "X tokens a month (conservative forecast)", then, set off by commas, where it ends when it migrates only while
 * its replicas are nearly full (migration-volume.ts: "up to Y where another replica is needed") and the
 * configuration sized there ("sized for it on C").
 */
function migrationVolumeText(
  flip: { tokensPerMonth: number; until?: number | null },
  gpuConfiguration: string | null = null,
): string {
  const volume = `${tokensText(flip.tokensPerMonth)} tokens a month (conservative forecast)`;
  const clauses = [
    flip.until ? `up to ${tokensText(flip.until)} where another replica is needed` : null,
    gpuConfiguration ? `sized for it on ${gpuConfiguration}` : null,
  ].filter((clause) => clause !== null);
  return clauses.length > 0 ? `${volume}, ${clauses.join(', ')},` : volume;
}

export const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** An option without capex as a sentence names it. */
export const noCapexName = (option: 'rent' | 'hosted-open-model'): string =>
  option === 'rent' ? 'rented GPUs' : 'the hosted open model';

/** "saves $1,030 a month" or "costs $1,030 a month more than the API". */
export function savingsText(monthly: number | null): string {
  if (monthly === null) return 'cannot be priced';
  return monthly >= 0
    ? `saves ${usdText(monthly)} a month against the API`
    : `costs ${usdText(monthly)} a month more than the API`;
}

/** A deployment recommendation's monthly saving against the deployment as it runs (premium said as one). */
export function deploymentSavingsText(monthly: number): string {
  return monthly >= 0
    ? `saves ${usdText(monthly)} a month against running the deployment as it is`
    : `costs ${usdText(monthly)} a month more than running the deployment as it is`;
}

/**
 * The 12 months' cash saving, said so that it need not equal 12 × the monthly saving: capex is paid up front
 * and each month is priced at its own conservative forecast (the interval widens further out).
 */
export function twelveMonthsText(
  savings12mUsd: number,
  capexUsd: number | null,
  usd: (amount: number) => string = usdText,
): string {
  const said = savings12mUsd >= 0 ? `${usd(savings12mUsd)} saved` : `${usd(Math.abs(savings12mUsd))} more than the API`;
  const capex = capexUsd ? ` after ${usd(capexUsd)} of capex up front` : '';
  return `over 12 months ${said} in cash${capex}, each month at its conservative forecast`;
}

export function workloadRationale(
  reason: string,
  d: Draft,
  n: {
    volumeBand: VolumeBand;
    breakEvenMonths: number | null;
    monthlySavingsUsd: number | null;
    thresholdTokensPerMonth: number | null;
    gpuConfiguration: string | null;
    replicas: number | null;
    replicasForUpperForecast: number | null;
    replicasForBusiestHour?: number | null;
    /** Month 1 of the volume priced (the conservative forecast; a spiky load's steady base for HYBRID). */
    forecastTokensMonth1?: number | null;
    substitute: { model: string; qualityGap: string; expectedTokenRatio: number } | null;
    bands: { belowReviewUnder: number; selfHostFrom: number } | null;
    wholeLoadBreakEvenMonths: number | null;
    option?: string;
    /** Month 1 cost of the chosen option (null when it is buying or the API). */
    optionMonthlyUsd?: number | null;
    apiMonthlyUsd?: number | null;
    /** Which option the break-even and savings describe (buy, rent, hosted-open-model). */
    figuresOption?: string | null;
    /** Buying's own break-even, whatever the option chosen. */
    buyBreakEvenMonths?: number | null;
    /** Why buying and renting could not be sized, when they could not. */
    unsizedReason?: string | null;
    /** What the chosen option is (rental term and price, hosted provider), from the break-even options. */
    optionNote?: string | null;
    /** Why buying was ruled out (not allowed, does not fit), when it was. */
    buyUnavailableReason?: string | null;
  },
  owned: IdleDeployment | null,
): string {
  const { e, a, forecast } = d;
  const volume =
    `${e.provider}/${e.model} is forecast at ${tokensText(forecast.mid)} tokens next month ` +
    `(90% interval ${tokensText(forecast.low)}–${tokensText(forecast.high)}, ${e.forecast.method}, ` +
    `confidence ${e.forecast.confidence}); decided at the conservative ${tokensText(forecast.low)}`;
  const sub = n.substitute;
  const quality = sub
    ? ` Quality: ${sub.model} instead of ${e.model}: ${sub.qualityGap}; expect about ${sub.expectedTokenRatio}× ` +
      `the tokens. Evaluate ${sub.model} on this team's own traffic before switching.`
    : '';
  // Break-even is buying's; renting and a hosted open model have nothing to pay back (issue #15).
  const monthByMonth = n.figuresOption === 'rent' || n.figuresOption === 'hosted-open-model';
  const money = monthByMonth
    ? `needs no capex and ${savingsText(n.monthlySavingsUsd)}`
    : n.breakEvenMonths === null
      ? `never breaks even and ${savingsText(n.monthlySavingsUsd)}`
      : `breaks even in ${n.breakEvenMonths} months and ${savingsText(n.monthlySavingsUsd)}`;
  const replicas = n.replicas && n.replicas > 1 ? `${n.replicas} × ` : '';
  const model = sub?.model ?? 'the substitute';
  const deployment =
    n.figuresOption === 'hosted-open-model'
      ? `${model} from a hosted open-model API`
      : n.figuresOption === 'rent'
        ? `${model} on ${replicas}${n.gpuConfiguration} rented`
        : `${model} on ${replicas}${n.gpuConfiguration}`;
  const unsized = n.unsizedReason ? ` Buying or renting not compared: ${n.unsizedReason}.` : '';
  const sizing = replicasText(d, n, reason === 'spiky-base-pays-sooner');
  // Said once the chosen option is renting or a hosted open model: its month-1 cost against the API's,
  // what it is (a rental's term and price), and why not buying.
  // Only where the engine's own ranking chose it is it known to beat buying over the horizon; where
  // buying failed a constraint, renting or the hosted model won among the options that still meet them.
  const chosenAfterBuyFailed = reason === 'cheaper-month-by-month' || reason === 'requirements-decide';
  const why = [
    n.unsizedReason || chosenAfterBuyFailed ? null : 'cheaper over the horizon than buying the GPUs',
    n.figuresOption === 'rent' ? (n.optionNote ?? null) : null,
  ]
    .filter((part) => part !== null)
    .map((part) => `, ${part}`)
    .join('');
  const cheaper =
    monthByMonth && n.optionMonthlyUsd != null
      ? ` It costs ${usdText(n.optionMonthlyUsd)} a month` +
        `${n.apiMonthlyUsd != null ? ` against ${usdText(n.apiMonthlyUsd)} on the API` : ''} (option ` +
        `${n.figuresOption}${why}).${unsized}`
      : unsized;
  const buying = n.buyUnavailableReason
    ? ` Buying the GPUs is ruled out: ${n.buyUnavailableReason}.`
    : ` Buying the GPUs ${buyText(n.buyBreakEvenMonths ?? null, a.targetBreakEvenMonths)}.`;
  const buy = buyFlipOf(d, n.thresholdTokensPerMonth);
  // A cheaper no-capex option moves the workload from the article's 50M, sooner than buying would.
  const noCapex = n.unsizedReason ? null : noCapexFlipFirst(d, buy?.tokensPerMonth ?? null);
  const noCapexFlipText = noCapex
    ? ` At ${tokensText(noCapex.tokensPerMonth)} tokens a month (conservative forecast) this becomes ` +
      `MIGRATE_TO_SELF_HOSTED on ${noCapex.name}, which costs less than the API month by month.`
    : '';
  const buyFlipUp = n.unsizedReason
    ? d.factors.length > 0
      ? ` The requirements rule out ${deployment}, a third party.${unsized}`
      : (n.monthlySavingsUsd ?? 0) > 0
        ? ` At ${tokensText(n.bands?.selfHostFrom ?? null)} tokens a month (conservative forecast) this becomes ` +
          `MIGRATE_TO_SELF_HOSTED on ${deployment}.${unsized}`
        : ` At no volume does ${deployment} cost less than the API.${unsized}`
    : buy
      ? ` ${capital(buyFlipText(buy, d))}.`
      : ` No volume up to ${tokensText(FLIP_SEARCH_LIMIT_TOKENS)} tokens a month makes self-hosting ${model} pay ` +
        `back within ${a.targetBreakEvenMonths} months, each volume sized for itself.`;
  const requirementsFlip = requirementsFlipText(d);
  const flipUp =
    (noCapex && buy
      ? `${noCapexFlipText} Buying pays back within ${a.targetBreakEvenMonths} months from ` +
        `${tokensText(buy.tokensPerMonth)}${buy.gpuConfiguration ? `, sized for it on ${buy.gpuConfiguration}` : ''}.`
      : `${noCapexFlipText}${buyFlipUp}`) + (requirementsFlip ? ` ${requirementsFlip}` : '');
  const floorText = payingFloorText(d);
  // The floor is buying's; where renting or a hosted model is chosen, "it" would read as that option.
  const floorSubject = monthByMonth ? 'buying' : 'it';
  const flipDown = floorText
    ? ` ${floorText} ${floorSubject} would not pay back within ${a.targetBreakEvenMonths} months.`
    : '';
  switch (reason) {
    case 'no-priced-usage':
      return `Stay on the API: no priced usage of ${e.provider}/${e.model} in the last ${e.recent.days} days.`;
    case 'idle-capacity':
      return (
        `Use existing capacity: ${owned?.deployment} (team ${owned?.team}) already serves ${sub?.model} with room ` +
        `for the upper forecast (${tokensText(forecast.high)} tokens a month) at its busiest hour, and the hardware ` +
        'is paid for. ' +
        `${volume}; moving it onto ${owned?.deployment} ${savingsText(n.monthlySavingsUsd)}.` +
        outgrownText(d.existingCapacityOutgrownInMonth, owned) +
        `${quality}` +
        anotherTeamsDeploymentText(owned, e.team)
      );
    case 'compliant-api-available':
      return (
        `Stay on the API, via ${d.compliantProvider}: this team's data must not leave, and it already uses ` +
        `${d.compliantProvider}, which runs in the organization's own cloud region. Move ${e.model} traffic there ` +
        `(or to its equivalent) before buying hardware for compliance.`
      );
    case 'data-must-not-leave':
      return (
        `Self-host for compliance: this team's data must not leave and no compliant API route ` +
        `(${a.compliantApiProviders.join(', ')}) is in its usage. ${volume}; ${deployment} ${money}` +
        `${(n.monthlySavingsUsd ?? 0) < 0 ? ' — a compliance premium, not a saving' : ''}.${cheaper}${sizing}${quality}`
      );
    case 'data-must-not-leave-unpriced':
      return (
        `Self-host for compliance: this team's data must not leave and no compliant API route is in its usage, ` +
        (sub
          ? `but no catalog GPU configuration has a published throughput for ${sub.model} or the other listed ` +
            `substitutes, so running it on the organization's own GPUs could not be sized (a hosted open-model API ` +
            `is a third party, not an option here).`
          : `but the substitute catalog lists no open model for ${e.model}: add one to price the move.`)
      );
    case 'no-substitute':
      return (
        `Stay on the API: the substitute catalog lists no open-weight model for ${e.model}, and none is guessed ` +
        `from its name; add one for the organization to compare.`
      );
    case 'requirements-unsized':
      return (
        `Stay on the API: ${volume}; the requirements (${d.factors.join(', ')}) ask for GPUs the organization ` +
        `runs, and no catalog GPU configuration with a published throughput serves ${sub?.model}, so buying or ` +
        `renting could not be priced; the hosted open model is a third party they rule out.`
      );
    case 'no-deployment-fits':
      return (
        `Stay on the API: no catalog GPU configuration with a published throughput serves ${sub?.model}, and none ` +
        `of the open-weight hosts compared (${OPEN_WEIGHT_HOSTS.join(', ')}) lists it in the price book.`
      );
    case 'cheaper-month-by-month':
      return (
        `Migrate: ${volume}; ${deployment} ${money}, the cheapest option that meets the constraints.${cheaper}` +
        `${n.unsizedReason ? '' : buying}${sizing}${quality}`
      );
    case 'unsized-hosted-only': {
      const belowSelfHostBand =
        `, but below the self-host band (${tokensText(n.bands?.selfHostFrom ?? null)} tokens a month) the API ` +
        'stays without a sized self-hosted option to compare';
      return (
        `Stay on the API: ${volume}; ${deployment} ${money}` +
        `${(n.monthlySavingsUsd ?? 0) > 0 ? belowSelfHostBand : ''}.` +
        `${unsized}${quality}`
      );
    }
    case 'below-review-band': {
      const whatever = d.factors.length ? ` whatever the requirements (${d.factors.join(', ')})` : '';
      return (
        `Stay on the API: ${volume}, below the review band (${tokensText(n.bands?.belowReviewUnder ?? null)} ` +
        `tokens a month) where the API wins${whatever}; ` +
        `${deployment} ${money}.${flipUp}`
      );
    }
    case 'spiky-base-pays-sooner':
      return (
        `Hybrid: the load is spiky; self-host the steady base on ${deployment}, which ${money}, and keep ` +
        `${e.provider} for the peaks (the whole load breaks even in ` +
        `${n.wholeLoadBreakEvenMonths ?? 'never'} months). ` +
        `${volume}.${cheaper}${sizing}${quality}`
      );
    case 'breaks-even-within-target':
      return (
        `Migrate: ${volume}; ${deployment} ${money}` +
        `${monthByMonth ? '.' : ` (target ${a.targetBreakEvenMonths} months).`}${cheaper}` +
        `${monthByMonth ? buying : ''}` +
        `${sizing}${flipDown}${quality}`
      );
    case 'requirements-decide':
      return (
        `Migrate because ${d.factors.join(' and ')}: in the ${n.volumeBand} band the requirements decide with the ` +
        `numbers. ${volume}; ${deployment} ${money}` +
        (monthByMonth
          ? `.${cheaper}${buying}`
          : `, beyond the ${a.targetBreakEvenMonths}-month target but within the hardware's ` +
            `${a.amortizationMonths} months.${cheaper}`) +
        `${sizing}${quality}`
      );
    default:
      // "Never breaks even" needs no target beside it; a break-even in some months does.
      return (
        `Stay on the API: ${volume}; ${deployment} ${money}` +
        (n.breakEvenMonths === null || monthByMonth ? '.' : `, beyond the ${a.targetBreakEvenMonths}-month target.`) +
        ruledOutText(d) +
        flipUp
      );
  }
}

/**
 * Where the requirements are all that keeps a workload on the API tonight: the cheaper option the numbers
 * alone would take, its cost against the API's, and why they rule it out.
 */
function ruledOutText(d: Pick<Draft, 'factors' | 'withoutRequirements' | 'forecast'>): string {
  const free = d.withoutRequirements ?? null;
  // Renting is GPUs the organization runs: the requirements' own path weighs it.
  if (d.factors.length === 0 || free?.option !== 'hosted-open-model' || d.forecast.low < free.tokensPerMonth) return '';
  return (
    ` The hosted open model would cost ${usdText(free.monthlyUsd)} a month against ${usdText(free.apiMonthlyUsd)} ` +
    `on the API, but the requirements (${d.factors.join(', ')}) ask for GPUs the organization runs, and a hosted ` +
    'open-model API is a third party.'
  );
}

/** The upper forecast of the volume priced: a steady base (month 1 below the conservative) scales with it. */
export function upperForecastOf(forecast: { low: number; high: number }, pricedMonth1: number | null): number {
  return pricedMonth1 !== null && forecast.low > 0 ? (forecast.high * pricedMonth1) / forecast.low : forecast.high;
}

/**
 * Which replica count is which, where they differ, on GPUs the organization would run: the figures are priced
 * on the conservative forecast, the hardware is sized for the upper one, and the sizing basis names what
 * served the last days' busiest hour. Empty for a hosted open model (no replicas) or when the counts agree.
 */
function replicasText(
  d: Pick<Draft, 'e' | 'forecast'>,
  n: {
    figuresOption?: string | null;
    replicas: number | null;
    replicasForUpperForecast: number | null;
    replicasForBusiestHour?: number | null;
    forecastTokensMonth1?: number | null;
  },
  steadyBase: boolean,
): string {
  const priced = n.replicas;
  const upper = n.replicasForUpperForecast;
  const busiest = n.replicasForBusiestHour ?? null;
  if (n.figuresOption === 'hosted-open-model' || !priced || !upper) return '';
  if (upper <= priced && (busiest === null || busiest === priced)) return '';
  const month1 = n.forecastTokensMonth1 ?? d.forecast.low;
  const [the, its] = steadyBase ? ["the steady base's", 'its'] : ['the', 'the'];
  const hour = steadyBase ? 'steady hour' : 'busiest hour';
  const counts = [
    `${priced} for ${the} conservative ${tokensText(month1)} tokens a month (the figures above)`,
    `${upper} for ${its} upper forecast's ${tokensText(upperForecastOf(d.forecast, month1))} (size for these)`,
    busiest !== null && busiest !== upper
      ? `${busiest} for ${sizingHourText(d.e.recent, hour)} (the sizing basis)`
      : null,
  ].filter((count) => count !== null);
  return ` Replicas: ${counts.join('; ')}.`;
}

/** The hour sizing served: the last days' measured one, or the one a monthly volume assumes (the CLI's). */
function sizingHourText(recent: WorkloadEvidence['recent'], hour: string): string {
  return recent.assumedPeakToMean === undefined
    ? `the last ${recent.days} days' ${hour}`
    : `the ${hour} the request's peakToMean of ${recent.assumedPeakToMean} assumes`;
}

const buyText = (months: number | null, target: number) =>
  months === null
    ? 'would never break even'
    : months > target
      ? `would break even only in ${months} months, beyond the ${target}-month target`
      : `would break even in ${months} months, costing more over the horizon`;

/**
 * A deployment belongs to one team (DESIGN §7): what it serves is metered as that team's, and usage naming it
 * from any other team is refused. Moving a workload onto another team's deployment moves its metering too,
 * which the recommendation says rather than leave the workload's team to find its events refused.
 */
function anotherTeamsDeploymentText(owned: IdleDeployment | null, team: string): string {
  if (owned === null || owned.team === team) return '';
  return (
    ` ${owned.deployment} is team ${owned.team}'s: what it serves is metered as ${owned.team}'s (its engines' ` +
    `usage, its power and its idle time), and usage this team sends naming it is refused, so the workload's ` +
    `tokens and power cost move into ${owned.team}'s showback; agree a chargeback with ${owned.team}.`
  );
}

/** When the upper forecast outgrows the room it was handed: the savings assume the room for as long as they run. */
function outgrownText(month: number | null | undefined, owned: IdleDeployment | null): string {
  if (month === null || month === undefined || owned === null) return '';
  return (
    ` At the upper forecast this workload outgrows the room on ${owned.deployment} in month ${month}; from then ` +
    'it needs more capacity or part of it back on the API.'
  );
}
