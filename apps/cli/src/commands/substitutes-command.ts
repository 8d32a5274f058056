// `tokenmeter substitutes list|history|set|remove`: the substitute catalog in force (bundled entries
// plus the organization's own, versioned in the database). `set <api-model>` takes the entry as
// JSON (stdin or --file) and prints the new version; `remove` lets the bundled entry apply again.
import { SubstituteCatalogRepository } from '@tokenmeter/db';
import { SubstituteCatalogService, SubstituteChange } from '@tokenmeter/planner';
import type { Command } from 'commander';
import { Get, withDb } from '../cli-context';
import { CliUsageError } from '../cli-usage-error';
import { printJson } from '../print-json';
import { readJsonInput } from '../read-json-input';
import type { RegisterCommand } from './register-command';

const HELP = `
Entry (JSON): provider, aliases [] (more API model ids), reasoning, contextTokens, substitutes: best first,
each { model (open-model catalog id), precision, parametersB, reasoning, contextTokens, toolUse,
expectedTokenRatio, tokenRatioBasis, evidence: [{ benchmark, api: {score, source, url, date},
open: {score, source, url, date} }] }. A reasoning model maps to reasoning substitutes only.

Examples:
  tokenmeter substitutes list
  tokenmeter substitutes set gpt-4o --file gpt-4o-entry.json --note "legal approved Llama only"
  tokenmeter substitutes remove gpt-4o
`;

function service(get: Get) {
  return new SubstituteCatalogService(get(SubstituteCatalogRepository));
}

function printed(change: SubstituteChange): void {
  if (!change.ok) throw new CliUsageError(change.problems.join('\n'));
  printJson(change.stored);
}

export const registerSubstitutesCommand: RegisterCommand = (program: Command) => {
  const substitutes = program
    .command('substitutes')
    .description('the open models each API model is compared with (versioned): list | history | set | remove')
    .addHelpText('after', HELP);
  substitutes
    .command('list')
    .description('print the catalog in force and the organization overrides as JSON')
    .action(async () => {
      printJson(await withDb((get) => service(get).current()));
    });
  substitutes
    .command('history')
    .description('print the override versions, newest first')
    .option('--limit <n>', 'how many versions', '50')
    .action(async (options: { limit: string }) => {
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
        throw new CliUsageError(`--limit: expected a whole number from 1 to 500, got ${JSON.stringify(options.limit)}`);
      }
      printJson({ versions: await withDb((get) => service(get).history(limit)) });
    });
  substitutes
    .command('set <api-model>')
    .description("set the organization's entry for an API model from JSON (stdin or --file)")
    .option('--file <path>', "JSON file, or '-' for standard input (default)")
    .option('--note <text>', 'why the entry changed', '')
    .option('--by <name>', 'who set it', 'cli')
    .action(async (apiModel: string, options: { file?: string; note: string; by: string }) => {
      const body = await readJsonInput(options.file);
      printed(await withDb((get) => service(get).set(apiModel, body, options.by, options.note)));
    });
  substitutes
    .command('remove <api-model>')
    .description("remove the organization's entry for an API model (the bundled one applies again)")
    .option('--note <text>', 'why', '')
    .option('--by <name>', 'who removed it', 'cli')
    .action(async (apiModel: string, options: { note: string; by: string }) => {
      printed(await withDb((get) => service(get).remove(apiModel, options.by, options.note)));
    });
};
