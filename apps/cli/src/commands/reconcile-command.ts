// tokenmeter reconcile import|show — a provider's cost export against what TokenMeter metered,
// straight against the database (the API's /v1/reconciliation does the same over HTTP).
import { readFile } from 'node:fs/promises';
import { InvoicedCostRepository } from '@tokenmeter/db';
import {
  CostExportError,
  parseProviderCostExport,
  RECONCILIATION_PROVIDERS,
  type ReconciliationProvider,
  reconcileImported,
} from '@tokenmeter/finops';
import type { Command } from 'commander';
import { withDb } from '../cli-context';
import { CliUsageError } from '../cli-usage-error';
import type { RegisterCommand } from './register-command';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function provider(value: string | undefined, required: boolean): ReconciliationProvider | undefined {
  if (value === undefined && !required) return undefined;
  if (!(RECONCILIATION_PROVIDERS as readonly (string | undefined)[]).includes(value))
    throw new CliUsageError(`--provider: expected one of ${RECONCILIATION_PROVIDERS.join(', ')}, got ${value}`);
  return value as ReconciliationProvider;
}

export const registerReconcileCommand: RegisterCommand = (program: Command) => {
  const reconcile = program.command('reconcile').description('compare provider invoices with metered cost');
  reconcile
    .command('import <file>')
    .description(
      'import a cost export (OpenAI costs JSON/CSV, Anthropic cost report JSON, AWS FOCUS or CUR CSV: bedrock)',
    )
    .requiredOption('--provider <name>', RECONCILIATION_PROVIDERS.join('|'))
    .action(async (file: string, options: { provider: string }) => {
      const name = provider(options.provider, true)!;
      let lines: ReturnType<typeof parseProviderCostExport>;
      try {
        lines = parseProviderCostExport(name, await readFile(file, 'utf8'));
      } catch (error) {
        if (error instanceof CostExportError) throw new CliUsageError(`${file}: ${error.message}`);
        throw error;
      }
      const result = await withDb((get) => get(InvoicedCostRepository).replaceImport(name, lines));
      process.stdout.write(`${JSON.stringify(result)}\n`);
    });
  reconcile
    .command('show')
    .description('metered vs invoiced per day and model, with the difference explained (JSON lines)')
    .requiredOption('--from <date>', 'first UTC day, YYYY-MM-DD')
    .requiredOption('--to <date>', 'UTC day after the last, YYYY-MM-DD')
    .option('--provider <name>', RECONCILIATION_PROVIDERS.join('|'))
    .action(async (options: { from: string; to: string; provider?: string }) => {
      for (const flag of ['from', 'to'] as const)
        if (!DATE.test(options[flag])) throw new CliUsageError(`--${flag}: expected YYYY-MM-DD, got ${options[flag]}`);
      if (options.to <= options.from) throw new CliUsageError(`--to: expected a date after --from (${options.from})`);
      const name = provider(options.provider, false);
      const items = await withDb(async (get) => {
        const repo = get(InvoicedCostRepository);
        return reconcileImported(
          await repo.metered(options.from, options.to, name),
          await repo.invoiced(options.from, options.to, name),
        );
      });
      for (const item of items) process.stdout.write(`${JSON.stringify(item)}\n`);
    });
};
