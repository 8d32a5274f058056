// `tokenmeter assumptions get|set`: the organization's own economics, versioned in the database.
// `get` prints the version in force (calibrated from registered deployments until finops sets one);
// `set` takes a JSON object of the figures to change (on stdin or --file) and prints the new version.
import { DeploymentRepository, OrganizationAssumptionsRepository } from '@tokenmeter/db';
import { OrganizationAssumptionsService } from '@tokenmeter/planner';
import type { Command } from 'commander';
import { Get, withDb } from '../cli-context';
import { CliUsageError } from '../cli-usage-error';
import { printJson } from '../print-json';
import { readJsonInput } from '../read-json-input';
import type { RegisterCommand } from './register-command';

const HELP = `
Figures (JSON names): electricityUsdPerKwh, pue, personnelUsdPerDeploymentMonth,
personnelUsdPerGpuMonth, hostingUsdPerGpuMonth, amortizationMonths, resaleValueShare,
discountRatePerYear, utilizationTarget, latencyTargetMsPerToken, allowedGpus (catalog ids or null),
allowBuy, allowRent; planner: targetBreakEvenMonths, hoursPerMonth, otherCapexUsdPerGpu,
maintenanceShareOfCapexPerYear, apiWinsBelowTokensPerMonth, reviewFromTokensPerMonth,
reviewToTokensPerMonth, selfHostFromTokensPerMonth, compliantApiProviders,
hybridPeakToMean, utilizationFloor. Each change is a new version; recommendations store theirs.

Examples:
  tokenmeter assumptions get
  echo '{"personnelUsdPerDeploymentMonth": 3000, "discountRatePerYear": 0.1}' | tokenmeter assumptions set
`;

function service(get: Get) {
  return new OrganizationAssumptionsService(get(OrganizationAssumptionsRepository), get(DeploymentRepository));
}

export const registerAssumptionsCommand: RegisterCommand = (program: Command) => {
  const assumptions = program
    .command('assumptions')
    .description("the organization's own economics (versioned): get | set")
    .addHelpText('after', HELP);
  assumptions
    .command('get')
    .description('print the version in force as JSON')
    .action(async () => {
      printJson(await withDb((get) => service(get).current()));
    });
  assumptions
    .command('set')
    .description('change figures from a JSON object (stdin or --file); prints the new version')
    .option('--file <path>', "JSON file, or '-' for standard input (default)")
    .option('--note <text>', 'why the figures changed', '')
    .option('--by <name>', 'who set them', 'cli')
    .action(async (options: { file?: string; note: string; by: string }) => {
      const update = await readJsonInput(options.file);
      const result = await withDb((get) => service(get).set(update, options.by, options.note));
      if (!result.ok) throw new CliUsageError(result.problems.join('\n'));
      printJson(result.stored);
    });
};
