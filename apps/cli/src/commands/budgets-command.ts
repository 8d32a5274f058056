// tokenmeter budgets set|list|delete|status — finops' monthly budgets, straight against the database
// (the API's /v1/budgets does the same over HTTP). `status` computes each budget's standing now
// from the month's spend, as the worker's threshold check and the status endpoint do.
import { ApiKeyRepository, BudgetRepository, MonthSpendRepository, TeamRepository } from '@tokenmeter/db';
import { BUDGET_UNITS, type BudgetUnit, budgetStatuses, monthStart, nextMonthStart } from '@tokenmeter/finops';
import { Command } from 'commander';
import { withDb } from '../cli-context';
import { CliUsageError } from '../cli-usage-error';
import type { RegisterCommand } from './register-command';

const AMOUNT = /^\d{1,18}(\.\d{1,6})?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface BudgetSetOptions {
  team: string;
  project?: string;
  key?: string;
  amount: string;
  unit: string;
  hardLimit?: boolean;
}

export const registerBudgetsCommand: RegisterCommand = (program: Command) => {
  const budgets = program
    .command('budgets')
    .description('manage monthly budgets (USD or tokens) per team, project or API key');
  budgets
    .command('set')
    .description('set the monthly budget of a team, one project or one API key (setting it again replaces it)')
    .requiredOption('--team <slug>', 'team')
    .option('--project <name>', 'project (default: the whole team)')
    .option('--key <id>', 'a key budget: only records this API key of the team signed count (no --project)')
    .requiredOption('--amount <n>', 'per calendar month (UTC), a decimal')
    .option('--unit <unit>', `${BUDGET_UNITS.join('|')}`, 'usd')
    .option('--hard-limit', 'state "exceeded" tells a gateway to refuse requests')
    .action(async (options: BudgetSetOptions) => {
      if (!AMOUNT.test(options.amount) || Number(options.amount) <= 0) {
        throw new CliUsageError(`--amount: expected a positive decimal, got ${JSON.stringify(options.amount)}`);
      }
      if (!(BUDGET_UNITS as readonly string[]).includes(options.unit)) {
        throw new CliUsageError(`--unit: expected one of ${BUDGET_UNITS.join(', ')}, got ${options.unit}`);
      }
      if (options.key !== undefined && !UUID.test(options.key)) {
        throw new CliUsageError(`--key: expected an API key id (a UUID), got ${JSON.stringify(options.key)}`);
      }
      if (options.key !== undefined && options.project !== undefined) {
        throw new CliUsageError('--project: a key budget counts every project of the key; leave --project out');
      }
      const row = await withDb(async (get) => {
        if ((await get(TeamRepository).findBySlug(options.team)) === null)
          throw new CliUsageError(
            `--team: expected the slug of a registered team, got ${JSON.stringify(options.team)}`,
          );
        if (options.key !== undefined) {
          const owner = await get(ApiKeyRepository).ownerOf(options.key);
          if (owner === null || (owner.team !== null && owner.team !== options.team))
            throw new CliUsageError(
              `--key: expected the id of an API key of team "${options.team}", got ${options.key}`,
            );
        }
        return get(BudgetRepository).upsert({
          team: options.team,
          project: options.project ?? null,
          apiKeyId: options.key ?? null,
          unit: options.unit as BudgetUnit,
          amount: options.amount,
          hardLimit: options.hardLimit ?? false,
        });
      });
      process.stdout.write(`${JSON.stringify(row)}\n`);
    });
  budgets
    .command('list')
    .description('list budgets as JSON lines')
    .option('--team <slug>', 'only this team')
    .action(async (options: { team?: string }) => {
      const rows = await withDb((get) => get(BudgetRepository).list(options.team));
      for (const row of rows) process.stdout.write(`${JSON.stringify(row)}\n`);
    });
  budgets
    .command('delete <id>')
    .description('remove a budget (and its record of fired thresholds)')
    .action(async (id: string) => {
      const removed = await withDb((get) => get(BudgetRepository).delete(id));
      if (!removed) throw new CliUsageError(`<id>: no budget ${JSON.stringify(id)}`);
    });
  budgets
    .command('status')
    .description("each budget's state now: spent, projected month-end, ok|warning|exceeded (JSON lines)")
    .option('--team <slug>', 'only this team')
    .action(async (options: { team?: string }) => {
      const now = new Date();
      const lines = await withDb(async (get) => {
        const [rows, spend] = await Promise.all([
          get(BudgetRepository).list(options.team),
          get(MonthSpendRepository).byScope(monthStart(now), nextMonthStart(now)),
        ]);
        return budgetStatuses(rows, spend, now);
      });
      for (const { budget, status } of lines) process.stdout.write(`${JSON.stringify({ ...budget, ...status })}\n`);
    });
};
