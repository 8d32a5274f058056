// `tokenmeter explain <recommendation-id>`: a stored recommendation with everything it was made
// from. `--scenario` prints only its break-even scenario, which `tokenmeter breakeven` reproduces
// to the cent. The id is `<night>:<team>:<workload>` (as the API and the pages show it).
import { RecommendationRepository } from '@tokenmeter/db';
import { parseRecommendationId, recommendationSummary } from '@tokenmeter/finops';
import type { Command } from 'commander';
import { withDb } from '../cli-context';
import { CliUsageError } from '../cli-usage-error';
import type { RegisterCommand } from './register-command';

async function runExplain(id: string, opts: { scenario?: boolean }): Promise<void> {
  const key = parseRecommendationId(id);
  if (!key) {
    throw new CliUsageError(
      `recommendation-id: expected <YYYY-MM-DD>:<team>:<workload>, such as ` +
        `2026-11-27:support:api:openai/gpt-4o, got ${JSON.stringify(id)}`,
    );
  }
  const row = await withDb(async (get) => {
    const rows = await get(RecommendationRepository).list({ team: key.team, from: key.runDate, to: key.runDate });
    return rows.find((r) => r.workload === key.workload) ?? null;
  });
  if (!row) throw new CliUsageError(`recommendation-id: no recommendation ${id}`);
  const scenario = row.inputs.scenario ?? null;
  if (opts.scenario) {
    if (scenario === null) throw new CliUsageError(`recommendation-id: ${id} (${row.kind}) has no break-even scenario`);
    process.stdout.write(`${JSON.stringify(scenario, null, 2)}\n`);
    return;
  }
  const out = {
    id,
    runDate: row.runDate,
    team: row.team,
    workload: row.workload,
    ...recommendationSummary(row),
    numbers: row.numbers,
    inputs: row.inputs,
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

export const registerExplainCommand: RegisterCommand = (program: Command) => {
  program
    .command('explain')
    .description('A stored recommendation and its whole input; --scenario prints what `breakeven` reproduces')
    .argument('<recommendation-id>', 'YYYY-MM-DD:team:workload, e.g. 2026-11-27:support:api:openai/gpt-4o')
    .option('--scenario', 'print only the break-even scenario (pipe it to tokenmeter breakeven)')
    .action(runExplain);
};
