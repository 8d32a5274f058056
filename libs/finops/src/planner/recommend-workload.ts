// Migrate, stay or split, for one team's API workload (team × provider × model): the seed article's
// decision tree (DESIGN §6), in this order:
//   1. idle capacity the organization already owns, serving a listed substitute, comes first:
//      USE_EXISTING_CAPACITY (the hardware is sunk; only the quality gap is in question);
//   2. data that must not leave: an API route already in the team's usage that keeps it inside
//      (Bedrock, Azure) keeps the workload on the API; without one, SELF_HOST_FOR_COMPLIANCE with
//      its monthly premium stated;
//   3. the volume band of the conservative (lower-bound) forecast: below the review band the API,
//      whatever privacy, latency or customization prefer (but see 4); in the 10–50M band they decide together
//      with the numbers (self-hosting must at least pay back within the hardware's life); in the
//      self-host band the numbers decide. Break-even within the target → MIGRATE (HYBRID when the
//      load is spiky and its steady base alone pays sooner);
//   4. buying does not pay back: the cheapest option that still meets the constraints wins (issue #15).
//      In the self-host band, renting or the hosted open model when it costs less than the API month by
//      month; with a requirement (privacy, latency, customization), from the review band up, only GPUs
//      the organization runs: buying within the hardware's life, or renting. Having nothing to pay
//      back, renting and the hosted model are also judged against the article's own bands
//      (buying's threshold scales the others): from 50M a month they move a workload that no requirement
//      keeps on GPUs the organization runs, whatever band buying's threshold puts it in.
// Buying is judged at the conservative volume, so a wide interval can only hold a migration back
// until the lower bound pays; it never overturns one that already pays there. Capacity is sized for
// the upper bound. Every number comes from the stored break-even scenario.
import { createHash } from 'node:crypto';
import type { BreakevenResult, BreakevenScenario } from '../scenario';
import type { PlannerAssumptions } from './planner-assumptions';
import {
  PlannedRecommendation,
  PrivacyLevel,
  privacyLevel,
  RecommendationKind,
  round,
  TeamProfile,
} from './recommendation';
import {
  cheapestOwnHardware,
  cheapestWithoutCapex,
  RecommendationOption,
  recommendationOption,
} from './recommendation-option';
import {
  DEFAULT_SUBSTITUTE_CATALOG,
  qualityGapText,
  SubstituteEntry,
  SubstituteModel,
  substituteEntryFor,
  substituteSources,
} from './substitute-catalog';
import { volumeBandOf, volumeBands } from './volume-bands';
import type { Draft, IdleDeployment, ResizedFlip, WorkloadEvidence } from './workload-evidence';
import { whatWouldFlip } from './workload-flip';
import { upperForecastOf, workloadRationale } from './workload-rationale';

export type { Draft, IdleDeployment, WorkloadEvidence } from './workload-evidence';

import { BREAK_EVEN_CHART_MONTHS } from '../reports/breakeven-chart-data';
import { chosenOptionFigures } from './chosen-option-figures';
import { migrationVolume, type VolumeProbe } from './migration-volume';
import { DAYS_PER_MONTH } from './month-projection';
import { payingFloor } from './paying-floor';
import { FLIP_SEARCH_LIMIT_TOKENS, type PriceAt, priceAtVolume } from './price-at-volume';
import { requirementsOption } from './requirements-option';
import { PricedScenario, priceWorkloadScenario, sizedConfiguration, WorkloadPricing } from './workload-scenario';

const HOURS_PER_DAY = 24;

export function recommendWorkload(e: WorkloadEvidence, a: PlannerAssumptions): PlannedRecommendation {
  const t = e.recent.tokens;
  const recentTokens = t.inputTokens + t.cachedInputTokens + t.cacheWriteTokens + t.outputTokens;
  const first = e.forecast.months[0];
  const forecast = {
    low: round.tokens(first?.lower ?? 0) as number,
    mid: round.tokens(first?.tokens ?? 0) as number,
    high: round.tokens(first?.upper ?? 0) as number,
  };
  const privacy = privacyLevel(e.profile);
  const factors = qualitativeFactors(e.profile, privacy);
  const entry = substituteEntryFor(e.model, e.substituteCatalog ?? DEFAULT_SUBSTITUTE_CATALOG);
  const substitute = entry?.substitutes[0] ?? null;
  const assumptionVersion = assumptionsVersion(a);
  const draft: Draft = { e, a, forecast, privacy, factors, substitute, assumptionVersion };

  if (recentTokens <= 0 || (e.recent.costUsd <= 0 && e.pricing === undefined)) {
    return finish(draft, 'STAY_ON_API', 'no-priced-usage', null, null, null);
  }
  const pricing: WorkloadPricing = e.pricing ?? {
    kind: 'bill',
    apiMonthlyUsd: (e.recent.costUsd * DAYS_PER_MONTH) / e.recent.days,
    tokensPerMonth: (recentTokens * DAYS_PER_MONTH) / e.recent.days,
  };
  const mix = {
    inputShare: t.inputTokens / recentTokens,
    cachedInputShare: t.cachedInputTokens / recentTokens,
    cacheWriteShare: t.cacheWriteTokens / recentTokens,
  };
  const hours = e.recent.days * HOURS_PER_DAY;
  const meanHour = e.recent.meanHourTokens > 0 ? e.recent.meanHourTokens : recentTokens / hours;
  const peakHour = Math.max(e.recent.peakHourTokens, meanHour);
  const peakToMean = peakHour / meanHour;
  const baseShare = Math.min(1, e.recent.baseHourTokens / meanHour);
  const low = e.forecast.months.map((m) => m.lower);
  const price = (s: SubstituteModel, path: number[], peakTokensPerSec: number, shape: number) =>
    priceWorkloadScenario({
      pathTokensPerMonth: path,
      mix,
      pricing,
      substitute: s,
      peakTokensPerSec,
      peakToMean: shape,
      assumptions: a,
    });

  // 1. Hardware the organization already owns, serving one of the listed substitutes.
  const idle = entry ? existingCapacityFor(entry, e, mix, peakToMean, a) : null;
  if (idle) {
    const owned = priceWorkloadScenario({
      pathTokensPerMonth: low,
      mix,
      pricing,
      substitute: idle.substitute,
      peakTokensPerSec: 0,
      peakToMean: 1,
      assumptions: a,
      sunk: {
        gpu: idle.deployment.gpu,
        gpuCount: idle.deployment.gpuCount,
        spareApiTokensPerSec: idle.spareApiTokensPerSec,
        capacityOutputTokensPerSec: idle.deployment.capacityOutputTokensPerSec,
      },
    });
    if (owned)
      return finish(
        {
          ...draft,
          substitute: idle.substitute,
          existingCapacityTaken: idle.takesOutputTokensPerSec,
          existingCapacityOutgrownInMonth: idle.outgrownInMonth,
        },
        'USE_EXISTING_CAPACITY',
        'idle-capacity',
        owned,
        null,
        idle.deployment,
      );
  }

  // 2. Data that must not leave the organization: a hard constraint, whatever the volume.
  const compliantRoute = e.provider !== '' && a.compliantApiProviders.includes(e.provider);
  if (privacy === 'must-not-leave' && !compliantRoute) {
    const route = (e.teamProviders ?? []).find((p) => a.compliantApiProviders.includes(p));
    if (route)
      return finish({ ...draft, compliantProvider: route }, 'STAY_ON_API', 'compliant-api-available', null, null, null);
    // Own hardware only (bought or rented): a hosted open-model API is a third party.
    const s = entry?.substitutes.find((x) => sized(price(x, low, peakHour / 3600, peakToMean))) ?? null;
    const priced = s ? price(s, low, peakHour / 3600, peakToMean) : null;
    const reason = priced ? 'data-must-not-leave' : 'data-must-not-leave-unpriced';
    return finish({ ...draft, substitute: s ?? substitute }, 'SELF_HOST_FOR_COMPLIANCE', reason, priced, null, null);
  }

  if (!entry || !substitute) return finish(draft, 'STAY_ON_API', 'no-substitute', null, null, null);
  // The catalog lists substitutes best first; the first one a catalog GPU configuration serves is
  // priced; failing that, the first one a hosted open-model API serves (compared with the API alone).
  // Chosen once per path and busiest hour: the searches ask again at each volume for the steady base.
  const chosenByLoad = new Map<string, { substitute: SubstituteModel; priced: PricedScenario } | null>();
  const choose = (path: number[], peakTokensPerSec: number) => {
    const key = `${path.join(',')}|${peakTokensPerSec}`;
    if (chosenByLoad.has(key)) return chosenByLoad.get(key) ?? null;
    let found: { substitute: SubstituteModel; priced: PricedScenario } | null = null;
    for (const s of entry.substitutes) {
      const p = price(s, path, peakTokensPerSec, peakToMean);
      if (p && (sized(p) || !found)) found = { substitute: s, priced: p };
      if (sized(found?.priced ?? null)) break;
    }
    chosenByLoad.set(key, found);
    return found;
  };
  const tonight = choose(low, peakHour / 3600);
  if (!tonight) return finish(draft, 'STAY_ON_API', 'no-deployment-fits', null, null, null);
  const { substitute: chosen, priced: whole } = tonight;

  // 3. The article's bands, at the conservative volume.
  const bands = volumeBands(a, whole.result.thresholdTokensPerMonth);
  const band = volumeBandOf(forecast.low, bands);
  // The workload priced at other volumes, for "what would flip it": the substitute chosen there, as here.
  const priceChosen = (path: number[], peak: number) => choose(path, peak)?.priced ?? null;
  const resizedFlip =
    whole.result.thresholdTokensPerMonth === null && sized(whole)
      ? flipWhenResized(priceChosen, low, peakHour / 3600, a)
      : null;
  // Renting and a hosted open model have no up-front cost to pay back, so bands scaled to buying's
  // threshold say nothing about them: in the self-host band of either those or the article's own bands,
  // they move the workload when they cost less than the API month by month (no break-even to wait for).
  // Requirements (privacy, latency, customization) ask for GPUs the organization runs in every band, a
  // hosted open-model API being a third party: their own path below weighs renting against buying within
  // the hardware's life, so this one is for workloads without them.
  const noCapex = cheapestWithoutCapex(whole.result, ['rent', 'hosted-open-model']);
  const monthly = factors.length > 0 ? null : noCapex;
  const articleBands = volumeBands(a, null);
  const noCapexFlip = monthly ? { tokensPerMonth: articleBands.selfHostFrom, option: monthly.option } : null;
  // What the numbers alone would choose, for "what would flip it" when requirements decide.
  const withoutRequirements =
    factors.length > 0 && noCapex
      ? {
          tokensPerMonth: Math.min(bands.selfHostFrom, articleBands.selfHostFrom),
          option: noCapex.option,
          monthlyUsd: noCapex.cost.monthlyUsd,
          apiMonthlyUsd: whole.result.apiMonthlyUsd,
        }
      : null;
  const withBand = { ...draft, substitute: chosen, band, bands, resizedFlip, noCapexFlip, withoutRequirements };
  // Buying pays when it is allowed, fits, and breaks even within the target (the engine's verdict).
  const pays = (p: PricedScenario | null) => p !== null && p.result.verdict === 'self-host';
  const spiky = peakToMean >= a.hybridPeakToMean;
  const basePath = e.forecast.months.map((m) => Math.min(m.tokens * baseShare, m.lower));
  const base = spiky && baseShare > 0 ? price(chosen, basePath, e.recent.baseHourTokens / 3600, 1) : null;
  // The steady base priced at another conservative month-1 volume, path and busiest hour scaled alike; once a
  // volume, as the whole load is (`choose`): buying's and the requirements' searches try the same volumes.
  const baseByVolume = new Map<number, PricedScenario | null>();
  const baseAtVolume =
    spiky && baseShare > 0 && (low[0] ?? 0) > 0
      ? (volume: number) => {
          if (baseByVolume.has(volume)) return baseByVolume.get(volume) ?? null;
          const factor = volume / low[0]!;
          const there = choose(
            low.map((tokens) => tokens * factor),
            (peakHour / 3600) * factor,
          );
          const path = basePath.map((tokens) => tokens * factor);
          const priced = there ? price(there.substitute, path, (e.recent.baseHourTokens / 3600) * factor, 1) : null;
          baseByVolume.set(volume, priced);
          return priced;
        }
      : null;

  // The draft a no-capex move is decided on: in buying's self-host band, or else in the article's.
  const monthlyDraft =
    monthly === null
      ? null
      : band === 'self-host'
        ? { ...withBand, option: monthly.option }
        : noCapexFlip && forecast.low >= noCapexFlip.tokensPerMonth
          ? { ...withBand, band: 'self-host' as const, bands: articleBands, option: monthly.option }
          : null;
  // Splitting off the base pays for GPUs it keeps busy. Where the base's cheapest option is a hosted open-model
  // API instead, billed per token with no capacity to fill, the peaks cost less there too than on the API: the
  // whole load is judged instead, wherever it moves on its own.
  const wholeMoves = pays(whole) || monthlyDraft !== null;
  const baseOnHostedModel =
    base !== null &&
    factors.length === 0 &&
    wholeMoves &&
    recommendationOption('HYBRID', base.result) === 'hosted-open-model';
  const baseSooner =
    !baseOnHostedModel &&
    pays(base) &&
    (!pays(whole) || (base!.result.breakEvenMonths as number) < (whole.result.breakEvenMonths as number));
  // A workload left on the API is told the volume at which buying (and, with requirements, their own path)
  // would move it, the decision run again at each volume it tries.
  const probe: VolumeProbe = { priceAt: priceChosen, low, peakTokensPerSec: peakHour / 3600, baseAtVolume, a };
  const searched = (requirementsToo = true) => {
    if (!sized(whole)) return withBand;
    // Without a guess (no configuration sized so far pays back), searched up from tonight all the same: "no
    // volume" is a claim too, and a spiky load's steady base, or a larger configuration, often pays far up.
    const guess = whole.result.thresholdTokensPerMonth ?? resizedFlip?.tokensPerMonth ?? null;
    const buy = migrationVolume(probe, 'buying', guess);
    return {
      ...withBand,
      buyFlip: buy && {
        ...buy,
        gpuConfiguration: buy.gpuConfiguration === sizedConfiguration(whole) ? null : buy.gpuConfiguration,
      },
      ...(factors.length > 0 && requirementsToo
        ? { requirementsFlip: migrationVolume(probe, 'requirements', null) }
        : {}),
    };
  };
  if (band === 'below-review' && !monthlyDraft) {
    return finish(searched(), 'STAY_ON_API', 'below-review-band', whole, null, null);
  }
  if (pays(whole) || baseSooner) {
    // The engine's cheapest option may be a hosted open model; a requirement rules that third party out.
    const shown = baseSooner ? base! : whole;
    const paid =
      factors.length > 0
        ? { ...withBand, option: cheapestOwnHardware(shown.result, ['buy', 'rent']) ?? 'buy' }
        : withBand;
    if (baseSooner) return finish(paid, 'HYBRID', 'spiky-base-pays-sooner', base, whole, null);
    // Below buying's floor, a workload without requirements moves on an option without capex down to the
    // article's self-host band, where one costs less than the API.
    const floor = payingFloor(
      priceChosen,
      low,
      peakHour / 3600,
      { threshold: whole.result.thresholdTokensPerMonth, gpuConfiguration: sizedConfiguration(whole) },
      a,
      factors.length === 0 ? articleBands.selfHostFrom : null,
    );
    return finish(
      { ...paid, payingFloor: floor },
      'MIGRATE_TO_SELF_HOSTED',
      'breaks-even-within-target',
      whole,
      null,
      null,
    );
  }
  // Buying does not pay back within the target: the cheapest option that still meets the constraints wins.
  const months = whole.result.breakEvenMonths;
  if (monthlyDraft) return finish(monthlyDraft, 'MIGRATE_TO_SELF_HOSTED', 'cheaper-month-by-month', whole, null, null);
  // Nothing the organization would run itself can be sized, and the requirements rule out the hosted
  // model: no option they allow can be priced against the API.
  if (!sized(whole) && factors.length > 0)
    return finish(withBand, 'STAY_ON_API', 'requirements-unsized', null, null, null);
  if (!sized(whole)) return finish(withBand, 'STAY_ON_API', 'unsized-hosted-only', whole, null, null);
  // From the review band up, requirements (privacy, latency, customization) decide with the numbers. They
  // ask for the model on GPUs the organization runs — a hosted open-model API is a third party — so the
  // answer is buying when it pays back within the hardware's life, or renting when it costs less than
  // the API month by month: the cheaper of the two that qualify. In the self-host band too, so that more
  // volume never turns a migration the requirements justify into staying.
  const own = factors.length > 0 ? requirementsOption(whole.result, a) : null;
  if (own) {
    // "What would flip it" says what the numbers alone would do: buying's volume, searched the same way.
    const { buyFlip } = searched(false);
    return finish(
      { ...withBand, buyFlip, option: own },
      'MIGRATE_TO_SELF_HOSTED',
      'requirements-decide',
      whole,
      null,
      null,
    );
  }
  return finish(
    searched(),
    'STAY_ON_API',
    months === null ? 'never-breaks-even' : 'break-even-beyond-target',
    whole,
    null,
    null,
  );
}

function finish(
  d: Draft,
  kind: RecommendationKind,
  reason: string,
  shown: PricedScenario | null,
  whole: PricedScenario | null,
  owned: IdleDeployment | null,
): PlannedRecommendation {
  const { e, a, forecast } = d;
  const result: BreakevenResult | null = shown?.result ?? null;
  // The bands a band was read from are stored with it, also where this is their only reading (existing capacity's
  // scaled to its capex-0 threshold put 11M tokens in the self-host band with nothing to say why).
  const bands = d.bands ?? volumeBands(a, result?.thresholdTokensPerMonth ?? null);
  const band = d.band ?? volumeBandOf(forecast.low, bands);
  const option: RecommendationOption = d.option ?? recommendationOption(kind, result);
  const capacity = result?.capacityTokensPerMonth ?? null;
  // The upper forecast of what was priced: a spiky load's steady base scales with it as the conservative volume does.
  const upperVolume = upperForecastOf(forecast, result?.tokensPerMonth ?? null);
  const replicasForUpper = capacity && capacity > 0 ? Math.max(1, Math.ceil(upperVolume / capacity)) : null;
  const substitute = d.substitute
    ? {
        model: d.substitute.model,
        parametersB: d.substitute.parametersB,
        reasoning: d.substitute.reasoning,
        contextTokens: d.substitute.contextTokens,
        toolUse: d.substitute.toolUse,
        expectedTokenRatio: d.substitute.expectedTokenRatio,
        qualityGap: qualityGapText(e.model, d.substitute),
        source: substituteSources(d.substitute),
      }
    : null;
  // The money is the chosen option's: buying's break-even, or renting's / a hosted model's month-by-month saving.
  const figures = result ? chosenOptionFigures(result, option) : null;
  // Hardware already owned has nothing to pay back (its capex is sunk, priced at 0).
  const paysBack = figures !== null && kind !== 'USE_EXISTING_CAPACITY';
  const breakEven = paysBack ? roundMonths(figures.breakEvenMonths) : null;
  const savings = figures ? round.usd(figures.monthlySavingsUsd) : null;
  const numbers = {
    reason,
    volumeBand: band,
    bands,
    forecastTokensPerMonth: forecast,
    forecastCoverage: e.forecast.coverage ?? null,
    option,
    substitute,
    model: substitute?.model ?? null,
    breakEvenMonths: breakEven,
    /** Buying's break-even whatever the option chosen (breakEvenMonths is null for renting or a hosted model). */
    buyBreakEvenMonths: result ? roundMonths(result.breakEvenMonths) : null,
    breakEvenMonth: !paysBack || figures.breakEvenMonths == null ? null : Math.ceil(figures.breakEvenMonths),
    monthlySavingsUsd: savings,
    apiMonthlyUsd: result ? round.usd(result.apiMonthlyUsd) : null,
    /** Month 1 cost of the option the figures are for (amortized capex + opex when buying). */
    selfHostedMonthlyUsd: figures ? round.usd(figures.optionMonthlyUsd) : null,
    /** Which option the break-even, savings, capex and opex figures describe. */
    figuresOption: figures?.option ?? null,
    savings12mUsd:
      figures?.cumulativeSavingsUsd['12'] === undefined ? null : round.usd(figures.cumulativeSavingsUsd['12']),
    savings36mUsd:
      figures?.cumulativeSavingsUsd['36'] === undefined ? null : round.usd(figures.cumulativeSavingsUsd['36']),
    capexUsd: figures ? round.usd(figures.capexUsd) : null,
    opexUsdPerMonth: figures ? round.usd(figures.opexUsdPerMonth) : null,
    /**
     * Cumulative spend on the API and on the figures' option at the end of months 1 to 36, as the savings
     * above are summed (replicas added, resale received): the weekly report charts these points.
     */
    cumulativeUsdByMonth: figures
      ? {
          api: figures.cumulativeUsdByMonth.api.slice(0, BREAK_EVEN_CHART_MONTHS).map(round.usd),
          option: figures.cumulativeUsdByMonth.option.slice(0, BREAK_EVEN_CHART_MONTHS).map(round.usd),
        }
      : null,
    apiUsdPerMTok: result?.apiUsdPerMTok == null ? null : round.usd(result.apiUsdPerMTok),
    /** Month 1 of the volume the scenario was priced at (the conservative forecast). */
    forecastTokensMonth1: round.tokens(result?.tokensPerMonth ?? null),
    baseShare:
      kind === 'HYBRID' && result?.tokensPerMonth && forecast.low > 0
        ? round.share(result.tokensPerMonth / forecast.low)
        : null,
    gpuConfiguration: shown?.gpuConfiguration ?? null,
    /** Why that configuration: its cost of ownership among those that hold the model and serve the busiest hour. */
    sizingBasis: shown?.sizingBasis ?? null,
    // Nothing sized, no replicas (a hosted open model is billed per token).
    replicas: result?.selfHostedSized ? result.deploymentsNeeded : null,
    replicasForUpperForecast: replicasForUpper,
    /** The replicas the sizing basis serves tonight's busiest hour with (the last days', not a forecast's). */
    replicasForBusiestHour: shown?.replicasForBusiestHour ?? null,
    thresholdTokensPerMonth: round.tokens(result?.thresholdTokensPerMonth ?? null),
    wholeLoadBreakEvenMonths: whole ? roundMonths(whole.result.breakEvenMonths) : null,
    existingDeployment: owned?.deployment ?? null,
    /** What it takes of that deployment's spare, in output tokens/s (the next workload finds that much less). */
    existingCapacityOutputTokensPerSec: d.existingCapacityTaken ?? null,
    /** The month the upper forecast outgrows that room at its busiest hour (null: not within the forecast). */
    existingCapacityOutgrownInMonth: d.existingCapacityOutgrownInMonth ?? null,
    compliantProvider: d.compliantProvider ?? null,
    confidence: e.forecast.confidence,
    /** Month 1 cost of the chosen option when it is renting or a hosted open-model API (the rest are buying's). */
    optionMonthlyUsd: figures && noCapexFigures(figures.option) ? round.usd(figures.optionMonthlyUsd) : null,
    /** What the chosen option is when it is renting or a hosted open-model API (term, price, provider). */
    optionNote:
      figures && noCapexFigures(figures.option)
        ? (result?.options.find((o) => o.option === figures.option)?.note ?? null)
        : null,
    /** Why buying was ruled out (not allowed, does not fit), when it was sized but cannot be chosen. */
    buyUnavailableReason: buyUnavailableReason(shown),
    /** Why buying and renting were not compared (no published throughput), when they could not be sized. */
    unsizedReason: shown?.scenario.selfHosted.unsizedReason ?? null,
    whatWouldFlip: null as string | null,
  };
  numbers.whatWouldFlip = whatWouldFlip(reason, d, numbers);
  const scenario: BreakevenScenario | null = shown?.scenario ?? null;
  return {
    team: e.team,
    workload: `api:${e.provider}/${e.model}`,
    kind,
    rationale: workloadRationale(reason, d, numbers, owned),
    inputs: {
      scenario,
      forecast: {
        method: e.forecast.method,
        confidence: e.forecast.confidence,
        mapePct: e.forecast.mapePct,
        coverage: e.forecast.coverage ?? null,
        months: e.forecast.months.slice(0, 36),
      },
      recent: e.recent,
      profile: { ...e.profile, privacy: d.privacy },
      substitute: d.substitute,
      prices: e.pricing ?? { kind: 'bill', costUsd: e.recent.costUsd, days: e.recent.days },
      assumptionVersion: d.assumptionVersion,
      assumptions: a,
    },
    numbers,
    decisive: {
      reason,
      band,
      model: numbers.model,
      gpuConfiguration: numbers.gpuConfiguration,
      breakEvenMonth: numbers.breakEvenMonth,
    },
  };
}

function buyUnavailableReason(p: PricedScenario | null): string | null {
  if (!p?.result.selfHostedSized) return null;
  const buy = p.result.options.find((o) => o.option === 'buy');
  return buy && !buy.available ? buy.note : null;
}

const noCapexFigures = (option: string) => option === 'rent' || option === 'hosted-open-model';

/** A scenario with a GPU configuration sized to buy or rent (not the API-against-hosted-model one). */
const sized = (p: PricedScenario | null): boolean => p?.result.selfHostedSized === true;

function qualitativeFactors(p: TeamProfile, privacy: PrivacyLevel): string[] {
  const factors: string[] = [];
  if (privacy === 'critical' || privacy === 'must-not-leave') factors.push('data privacy is critical');
  if (p.latencyUnder100ms) factors.push('latency under 100 ms is required');
  if (p.extensiveCustomization) factors.push('extensive customization is needed');
  return factors;
}

/**
 * The roomiest deployment serving one of the entry's substitutes with room for the upper forecast at its
 * busiest hour (the hour new hardware is sized for), and what the workload takes of it: the spare is what the
 * deployment can serve above its own busiest hour at its utilization target (idle-capacity.ts).
 */
function existingCapacityFor(
  entry: SubstituteEntry,
  e: WorkloadEvidence,
  mix: { inputShare: number; cachedInputShare: number; cacheWriteShare: number },
  peakToMean: number,
  a: PlannerAssumptions,
): {
  deployment: IdleDeployment;
  substitute: SubstituteModel;
  spareApiTokensPerSec: number;
  takesOutputTokensPerSec: number;
  outgrownInMonth: number | null;
} | null {
  const outShare = Math.max(0.05, 1 - mix.inputShare - mix.cachedInputShare - mix.cacheWriteShare);
  // A month of the upper forecast at the rate of its busiest hour, in the deployment's unit: output tokens a
  // second of the substitute.
  const takes = (upperTokens: number, s: SubstituteModel) =>
    (upperTokens * Math.max(1, peakToMean) * outShare * s.expectedTokenRatio) / (a.hoursPerMonth * 3600);
  const nextMonth = e.forecast.months[0]?.upper ?? 0;
  if (!(nextMonth > 0)) return null;
  const candidates = [...(e.idleCapacity ?? [])].sort((x, y) => y.spareOutputTokensPerSec - x.spareOutputTokensPerSec);
  for (const d of candidates) {
    const served = d.servedModel.toLowerCase().split('@')[0];
    const s = entry.substitutes.find((x) => served === x.model || served.startsWith(`${x.model}-`));
    if (!s) continue;
    const takesOutputTokensPerSec = takes(nextMonth, s);
    if (takesOutputTokensPerSec <= d.spareOutputTokensPerSec) {
      const spareApiTokensPerSec = d.spareOutputTokensPerSec / outShare / s.expectedTokenRatio;
      // Room is handed out for next month; a growing workload may outgrow it later in the years its savings
      // are summed over (a reviewer's gpt-4o reached the pool's spare around month 12 of 36).
      const outgrown = e.forecast.months.findIndex((m) => takes(m.upper, s) > d.spareOutputTokensPerSec);
      const outgrownInMonth = outgrown < 0 ? null : outgrown + 1;
      return { deployment: d, substitute: s, spareApiTokensPerSec, takesOutputTokensPerSec, outgrownInMonth };
    }
  }
  return null;
}

/** A short, stable version of the assumptions a recommendation used (their hash). */
export function assumptionsVersion(a: PlannerAssumptions): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(a)).digest('hex').slice(0, 12)}`;
}

const roundMonths = (v: number | null) => (v === null ? null : Number(v.toFixed(2)));

/**
 * The configuration sized for tonight's volume may never pay back at any volume (its capacity caps it
 * below its own threshold), while a larger volume would be served by a larger, cheaper-per-token one.
 * The first of 10×, 100×, … the conservative volume (up to 100B tokens a month) whose own sizing breaks
 * even within the target gives that configuration's threshold volume: what "what would flip it" states.
 */
function flipWhenResized(
  priceAt: PriceAt,
  low: number[],
  peakTokensPerSec: number,
  a: PlannerAssumptions,
): ResizedFlip | null {
  const start = Math.max(low[0] ?? 0, 1);
  for (let volume = start * 10; volume <= FLIP_SEARCH_LIMIT_TOKENS; volume *= 10) {
    const priced = priceAtVolume(priceAt, low, peakTokensPerSec, volume);
    const threshold = priced?.result.thresholdTokensPerMonth ?? null;
    const months = priced?.result.breakEvenMonths ?? null;
    const sized = sizedConfiguration(priced);
    if (sized && threshold !== null && months !== null && months <= a.targetBreakEvenMonths)
      return { tokensPerMonth: threshold, gpuConfiguration: sized };
  }
  return null;
}
