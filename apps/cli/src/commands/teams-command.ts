import { TeamRepository } from '@tokenmeter/db';
import { Command } from 'commander';
import { withDb } from '../cli-context';
import type { RegisterCommand } from './register-command';

/** tokenmeter teams add|list — the teams usage is attributed to. */
export const registerTeamsCommand: RegisterCommand = (program: Command) => {
  const teams = program.command('teams').description('manage teams');
  teams
    .command('add <slug>')
    .description('create a team, or update its profile')
    .option('--name <name>', 'display name (default: the slug)')
    .option('--privacy-critical', 'data privacy is critical (favours self-hosting)')
    .option('--latency-under-100ms', 'needs latency under 100 ms')
    .option('--extensive-customization', 'needs extensive model customization')
    .action(
      async (
        slug: string,
        options: {
          name?: string;
          privacyCritical?: boolean;
          latencyUnder100ms?: boolean;
          extensiveCustomization?: boolean;
        },
      ) => {
        const team = await withDb((get) =>
          get(TeamRepository).upsert({
            slug,
            name: options.name ?? slug,
            privacyCritical: options.privacyCritical ?? false,
            latencyUnder100ms: options.latencyUnder100ms ?? false,
            extensiveCustomization: options.extensiveCustomization ?? false,
          }),
        );
        process.stdout.write(`${JSON.stringify(team)}\n`);
      },
    );
  teams
    .command('list')
    .description('list teams as JSON lines')
    .action(async () => {
      const all = await withDb((get) => get(TeamRepository).list());
      for (const team of all) process.stdout.write(`${JSON.stringify(team)}\n`);
    });
};
