import { TeamRepository } from '@tokenmeter/db';
import { teamProfileUpdateSchema } from '@tokenmeter/finops';
import { Command } from 'commander';
import { withDb } from '../cli-context';
import { CliUsageError } from '../cli-usage-error';
import type { RegisterCommand } from './register-command';

/** tokenmeter teams add|set|list — the teams usage is attributed to, and their decision profiles. */
export const registerTeamsCommand: RegisterCommand = (program: Command) => {
  const teams = program.command('teams').description('manage teams');
  teams
    .command('add <slug>')
    .description('create a team, or update its profile')
    .option('--name <name>', 'display name (default: the slug)')
    .option('--privacy <level>', 'none | preferred | critical | must-not-leave')
    .option('--privacy-critical', 'data privacy is critical (same as --privacy critical)')
    .option('--latency-under-100ms', 'needs latency under 100 ms')
    .option('--extensive-customization', 'needs extensive model customization')
    .action(
      async (
        slug: string,
        options: {
          name?: string;
          privacy?: string;
          privacyCritical?: boolean;
          latencyUnder100ms?: boolean;
          extensiveCustomization?: boolean;
        },
      ) => {
        const privacy = options.privacy === undefined ? undefined : profileUpdate({ privacy: options.privacy }).privacy;
        const team = await withDb((get) =>
          get(TeamRepository).upsert({
            slug,
            name: options.name ?? slug,
            privacy,
            privacyCritical: options.privacyCritical ?? false,
            latencyUnder100ms: options.latencyUnder100ms ?? false,
            extensiveCustomization: options.extensiveCustomization ?? false,
          }),
        );
        process.stdout.write(`${JSON.stringify(team)}\n`);
      },
    );
  teams
    .command('set <slug>')
    .description("change a team's decision profile (what the nightly planner weighs); omitted ones stay")
    .option('--privacy <level>', 'none | preferred | critical | must-not-leave')
    .option('--customization', 'needs extensive model customization')
    .option('--no-customization', 'needs no customization')
    .option('--latency-sensitive', 'needs latency under 100 ms')
    .option('--no-latency-sensitive', 'is not latency sensitive')
    .option('--by <name>', 'who set it', 'cli')
    .action(
      async (
        slug: string,
        options: { privacy?: string; customization?: boolean; latencySensitive?: boolean; by: string },
      ) => {
        const { by, ...given } = options;
        const patch = profileUpdate(given);
        const team = await withDb((get) => get(TeamRepository).setDecisionProfile(slug, patch, by));
        if (!team) throw new CliUsageError(`slug: no team ${JSON.stringify(slug)} (create it with teams add)`);
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

const FLAGS: Record<string, string> = {
  privacy: '--privacy',
  customization: '--customization',
  latencySensitive: '--latency-sensitive',
};

function profileUpdate(given: Record<string, unknown>) {
  const defined = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
  const parsed = teamProfileUpdateSchema.safeParse(defined);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => {
    const name = String(i.path[0] ?? '');
    return name ? `${FLAGS[name] ?? name}: ${i.message}, got ${JSON.stringify(defined[name])}` : i.message;
  });
  throw new CliUsageError(lines.join('\n'));
}
