import { ApiKeyRepository, ApiKeyRole } from '@tokenmeter/db';
import { Command, Option } from 'commander';
import { withDb } from '../cli-context';
import { CliUsageError } from '../cli-usage-error';
import type { RegisterCommand } from './register-command';

/** tokenmeter keys create|list|revoke — API keys (printed once, stored hashed). */
export const registerKeysCommand: RegisterCommand = (program: Command) => {
  const keys = program.command('keys').description('create, list and revoke API keys');
  keys
    .command('create')
    .description('create an API key and print it once as JSON')
    .addOption(
      new Option('--role <role>', 'ingest (write one team), team (read one team), finops (everything)')
        .choices(['ingest', 'team', 'finops'])
        .makeOptionMandatory(),
    )
    .option('--team <slug>', 'the team the key belongs to (not for finops keys)')
    .option('--name <name>', 'a label for listings', 'cli')
    .action(async (options: { role: ApiKeyRole; team?: string; name: string }) => {
      const created = await withDb((get) =>
        get(ApiKeyRepository)
          .create({ role: options.role, team: options.team ?? null, name: options.name })
          .catch((error: Error) => {
            throw new CliUsageError(error.message);
          }),
      );
      process.stdout.write(`${JSON.stringify(created)}\n`);
    });
  keys
    .command('list')
    .description('list keys as JSON lines: id, prefix, role, team, name, dates (never the key)')
    .action(async () => {
      await withDb(async (get) => {
        const repository = get(ApiKeyRepository);
        const pageSize = 1000;
        for (let offset = 0; ; offset += pageSize) {
          const page = await repository.list({ offset, limit: pageSize });
          for (const key of page) process.stdout.write(`${JSON.stringify(key)}\n`);
          if (page.length < pageSize) break;
        }
      });
    });
  keys
    .command('revoke <keyId>')
    .description('revoke an API key by its id')
    .action(async (keyId: string) => {
      const revoked = await withDb((get) => get(ApiKeyRepository).revoke(keyId));
      if (!revoked) throw new CliUsageError(`keyId: no active key with id ${keyId}`);
      process.stdout.write(`${JSON.stringify({ keyId, revoked: true })}\n`);
    });
};
