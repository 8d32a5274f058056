// `tokenmeter recommend`: the recommendation the nightly planner would make for one workload given
// on stdin (monthly token history, mix, the team's needs, assumption overrides), priced at the
// provider's list prices. Its `scenario` is what `tokenmeter breakeven` reproduces.
import {
  bundledPriceEntries,
  PriceBook,
  parseRecommendRequest,
  recommendationSummary,
  recommendWorkload,
} from '@tokenmeter/finops';
import type { Command } from 'commander';
import { CliUsageError } from '../cli-usage-error';
import { readStdin } from '../read-stdin';
import { organizationPlannerInputs } from './organization-planner-inputs';
import type { RegisterCommand } from './register-command';

const HELP = `
Request (JSON on stdin):
  workload:
    provider, model         the API model, e.g. "openai", "gpt-4o" (required)
    monthlyTokens           tokens per month, oldest first; one number = a flat volume (required)
    inputShare              share billed at the input price (required)
    cachedInputShare        0; cacheWriteShare 0 (output is the rest)
    peakToMean              1.5; the busiest hour against the mean hour (sizes the hardware)
  team:
    privacy                 none | preferred | critical | must-not-leave  (none)
    customization           false
    latencySensitive        false
    providers               []; other API providers the team already uses (e.g. "bedrock")
  assumptions               {}; overrides of the planner's assumptions (the organization's stored ones
                            with --organization): pue, electricityUsdPerKwh, personnelUsdPerMonth or
                            personnelUsdPerDeploymentMonth, targetBreakEvenMonths, ...

Prints kind, volumeBand, forecastTokensPerMonth {low, mid, high}, substitute {model, parametersB,
reasoning, qualityGap, source} or null, option, breakEvenMonths, monthlySavingsUsd (negative: a premium
over the API), money (the same said plainly), confidence, whatWouldFlip, scenario (pipe it to
tokenmeter breakeven), rationale. Bad input exits with status 2.

Example:
  echo '{"workload":{"provider":"openai","model":"gpt-4o","monthlyTokens":[41000000,45000000,52000000],
         "inputShare":0.7,"cachedInputShare":0.1},"team":{"privacy":"none"}}' | tokenmeter recommend
`;

async function runRecommend(options: { organization?: boolean }): Promise<void> {
  const text = await readStdin();
  if (text.trim() === '') throw new CliUsageError('stdin: expected one request JSON object, got nothing');
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    throw new CliUsageError(`stdin: not valid JSON (${(error as Error).message})`);
  }
  const org = options.organization ? await organizationPlannerInputs() : undefined;
  const parsed = parseRecommendRequest(input, new PriceBook(bundledPriceEntries()), new Date(), org);
  if (!parsed.ok) throw new CliUsageError(parsed.problems.join('\n'));
  const rec = recommendWorkload(parsed.evidence, parsed.assumptions);
  const out = {
    ...recommendationSummary(rec),
    thresholdTokensPerMonth: rec.numbers.thresholdTokensPerMonth ?? null,
    ignoredAssumptions: parsed.ignoredAssumptions,
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

export const registerRecommendCommand: RegisterCommand = (program: Command) => {
  program
    .command('recommend')
    .description("The planner's recommendation for one workload: request JSON on stdin, recommendation JSON out")
    .addHelpText('after', HELP)
    .option(
      '--organization',
      "start from the organization's stored assumptions and substitute catalog, as the planner does (database)",
    )
    .action(runRecommend);
};
