// `tokenmeter breakeven`: one scenario JSON on stdin, one result JSON on stdout. The arithmetic is
// libs/finops; this file reads, validates, and rounds for presentation (money to cents, months
// to hundredths, token volumes to whole tokens).

import {
  BreakevenResult,
  DEFAULT_PLANNER_ASSUMPTIONS,
  evaluateBreakevenScenario,
  parseBreakevenScenario,
  withPlannerDefaults,
} from '@tokenmeter/finops';
import type { Command } from 'commander';
import { CliUsageError } from '../cli-usage-error';
import { readStdin } from '../read-stdin';
import { organizationPlannerInputs } from './organization-planner-inputs';
import type { RegisterCommand } from './register-command';

const HELP = `
Scenario (JSON on stdin). Omitted fields take the default shown; "required" fields have none.
The self-hosted defaults shown are the planner's bundled assumptions; with --organization they are
the organization's stored ones (calibrated from its registered deployments, or as finops set them),
which the nightly planner uses, so a hand-written scenario is priced as a planned one. A
recommendation's scenario (tokenmeter explain) carries every field, so it reproduces either way.
  workload:
    tokensPerMonth          all tokens per month (required unless apiMonthlyUsd,
                            forecastTokensPerMonth or matchCapacity is given)
    matchCapacity           false; true sets the volume to one deployment's capacity
    inputShare              share billed at the input price (required unless apiMonthlyUsd)
    cachedInputShare        0   share read from a prompt cache
    cacheWriteShare         0   share written to a prompt cache (output = the rest)
    apiMonthlyUsd           null; a known bill, replaces tokens × prices
    monthlyGrowth           0   compound growth per month (0.05 = 5%)
    forecastTokensPerMonth  null; tokens for month 1, 2, ... (last value holds)
  api (per million tokens; required unless workload.apiMonthlyUsd):
    inputPerMTok, outputPerMTok
    cachedInputPerMTok, cacheWritePerMTok   null (required when their share is above 0)
  selfHosted:
    gpu                     null; catalog id (a100-40gb, a100-80gb, h100-80gb, h200-141gb,
                            l40s-48gb, rtx-4090-24gb, rtx-5090-32gb) fills price and power
    model                   null; catalog id (e.g. llama-3.1-8b); with gpu fills throughput from a
                            published run at this precision and gpuCount (the assumptions list
                            the runs there are when none matches)
    precision               fp16 (fp16, fp8, int8, int4), for the catalog throughput
    gpuCount                1
    gpuUnitPriceUsd         required unless gpu is given
    gpuPowerWatts           required unless gpu or electricityUsdPerMonth is given
    otherCapexUsd           2500 per GPU (servers, networking, installation)
    hoursPerMonth           730
    pue                     1.3
    electricityUsdPerKwh    0.15
    electricityUsdPerMonth  null; a measured figure, replaces the computed electricity
    hostingUsdPerMonth      150 per GPU
    personnelUsdPerMonth    500
    maintenanceUsdPerMonth  5% of capex a year, when the GPU price is known
    amortizationMonths      36
    throughputTokensPerSec  null (capacity unknown: one deployment serves any volume); API tokens a second
                            (input + output, as the volume counts them), not the output tokens/s a
                            deployment is rated in: the planner converts by the workload's output
                            share and token ratio (and, for capacity already owned, stores the spare)
    concurrency             1   sequences in flight, each with a full context of KV cache
    contextTokens           4096
    latencyTargetMsPerToken null; with concurrency caps throughput at concurrency × 1000 / target
    rent                    null; {"usdPerGpuHour": n, "hoursPerMonth": n}, else the rental catalog
    resaleValueUsd          0   per deployment, received at the end of amortization
  hostedOpenModel           null; {"inputPerMTok": n, "outputPerMTok": n}: the open model hosted;
                            null prices selfHosted.model from the price book's open-weight hosts
                            (the entry and its source are named in the option's note)
  discountRatePerYear       0.08 for npvUsd
  allowBuy, allowRent       true
  horizonMonths             60
  targetBreakEvenMonths     12

Result: breakEvenMonths (null = never), verdict (self-host when buying is allowed, fits and
breaks even within targetBreakEvenMonths, else api), apiMonthlyUsd, capexUsd, selfHostedOpexMonthlyUsd,
amortizedMonthlyUsd, capacityTokensPerMonth (per deployment), deploymentsNeeded,
cumulativeSavingsUsd at months 12, 36, 60 and the horizon (buying's; {} and npvUsd null when nothing
could be sized to buy: selfHostedSized false), thresholdTokensPerMonth, sensitivity,
fits (null without model and gpu), memoryGbPerGpu, options (api, buy, rent, hosted-open-model:
monthlyUsd, capexUsd, breakEvenMonths — buying only —, cumulativeUsd at 12, 36 and the horizon),
cheapestOption (lowest spend at the horizon among allowed options that fit), selfHostedSized, npvUsd (buying vs
the API at discountRatePerYear), assumptions. Invalid scenarios exit with status 2 and one line per problem.

Example:
  echo '{"workload":{"tokensPerMonth":50000000,"inputShare":0.25},
         "api":{"inputPerMTok":10,"outputPerMTok":30},
         "selfHosted":{"gpuUnitPriceUsd":15000,"electricityUsdPerMonth":50}}' | tokenmeter breakeven
`;

const usd = (value: number) => Number(value.toFixed(2)) || 0;
const months = (value: number | null) => (value === null ? null : Number(value.toFixed(2)));
const tokens = (value: number | null) => (value === null ? null : Math.round(value));

export function presentBreakevenResult(result: BreakevenResult) {
  return {
    breakEvenMonths: months(result.breakEvenMonths),
    verdict: result.verdict,
    targetBreakEvenMonths: result.targetBreakEvenMonths,
    tokensPerMonth: tokens(result.tokensPerMonth),
    apiUsdPerMTok: result.apiUsdPerMTok === null ? null : Number(result.apiUsdPerMTok.toFixed(4)),
    apiMonthlyUsd: usd(result.apiMonthlyUsd),
    capexUsd: usd(result.capexUsd),
    electricityUsdPerMonth: usd(result.electricityUsdPerMonth),
    selfHostedOpexMonthlyUsd: usd(result.selfHostedOpexMonthlyUsd),
    amortizedMonthlyUsd: usd(result.amortizedMonthlyUsd),
    // Capacity is what the hardware can do: round down. A threshold is what must be reached: round up.
    capacityTokensPerMonth: result.capacityTokensPerMonth === null ? null : Math.floor(result.capacityTokensPerMonth),
    deploymentsNeeded: result.deploymentsNeeded,
    deploymentsNeededAtHorizon: result.deploymentsNeededAtHorizon,
    cumulativeSavingsUsd: Object.fromEntries(Object.entries(result.cumulativeSavingsUsd).map(([m, v]) => [m, usd(v)])),
    horizonMonths: result.horizonMonths,
    thresholdTokensPerMonth:
      result.thresholdTokensPerMonth === null ? null : Math.ceil(Number(result.thresholdTokensPerMonth.toFixed(6))),
    thresholdApiMonthlyUsd: result.thresholdApiMonthlyUsd === null ? null : usd(result.thresholdApiMonthlyUsd),
    sensitivity: result.sensitivity.map((point) => ({
      volumeMultiplier: point.volumeMultiplier,
      tokensPerMonth: tokens(point.tokensPerMonth),
      apiMonthlyUsd: usd(point.apiMonthlyUsd),
      deploymentsNeeded: point.deploymentsNeeded,
      breakEvenMonths: months(point.breakEvenMonths),
    })),
    fits: result.fits,
    memoryGbPerGpu: result.memoryGbPerGpu === null ? null : Number(result.memoryGbPerGpu.toFixed(2)),
    options: result.options.map((option) => ({
      option: option.option,
      monthlyUsd: usd(option.monthlyUsd),
      capexUsd: usd(option.capexUsd),
      breakEvenMonths: months(option.breakEvenMonths),
      cumulativeUsd: Object.fromEntries(Object.entries(option.cumulativeUsd).map(([m, v]) => [m, usd(v)])),
      available: option.available,
      note: option.note,
    })),
    cheapestOption: result.cheapestOption,
    selfHostedSized: result.selfHostedSized,
    npvUsd: result.npvUsd === null ? null : usd(result.npvUsd),
    discountRatePerYear: result.discountRatePerYear,
    assumptions: result.assumptions,
  };
}

async function runBreakeven(options: { organization?: boolean }): Promise<void> {
  const text = await readStdin();
  if (text.trim() === '') throw new CliUsageError('stdin: expected one scenario JSON object, got nothing');
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    throw new CliUsageError(`stdin: not valid JSON (${(error as Error).message})`);
  }
  // The nightly planner prices with the organization's stored (calibrated) assumptions, not the bundled defaults.
  const assumptions = options.organization
    ? (await organizationPlannerInputs()).assumptions
    : DEFAULT_PLANNER_ASSUMPTIONS;
  const parsed = parseBreakevenScenario(withPlannerDefaults(input, assumptions));
  if (!parsed.ok) throw new CliUsageError(parsed.problems.join('\n'));
  const result = evaluateBreakevenScenario(parsed.scenario);
  process.stdout.write(`${JSON.stringify(presentBreakevenResult(result), null, 2)}\n`);
}

export const registerBreakevenCommand: RegisterCommand = (program: Command) => {
  program
    .command('breakeven')
    .description('Break-even of self-hosting against an API: scenario JSON on stdin, result JSON on stdout')
    .addHelpText('after', HELP)
    .option(
      '--organization',
      "leave-out fields take the organization's stored assumptions, as the nightly planner's do (database)",
    )
    .action(runBreakeven);
};
