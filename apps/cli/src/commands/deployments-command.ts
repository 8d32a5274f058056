// tokenmeter deployments upsert|list — the self-hosted deployments (what each serves, on which
// GPUs, at what cost). The file holds one deployment object or an array of them, each the body of
// PUT /v1/deployments/:name plus its `name` (apps/cli/src/demo/demo-deployments.ts is an example).
import { readFile } from 'node:fs/promises';
import {
  DeploymentSpec,
  deploymentNameError,
  FieldError,
  fieldError,
  parseDeploymentSpec,
} from '@tokenmeter/contracts';
import { DeploymentRepository } from '@tokenmeter/db';
import type { Command } from 'commander';
import { withDb } from '../cli-context';
import { CliUsageError } from '../cli-usage-error';
import { readStdin } from '../read-stdin';
import type { RegisterCommand } from './register-command';

interface Parsed {
  name: string;
  spec: DeploymentSpec;
}

/** Every entry checked before anything is written: a file with one bad entry changes nothing. */
export function parseDeploymentFile(text: string, file: string): { entries: Parsed[]; errors: FieldError[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return {
      entries: [],
      errors: [fieldError('', `${file}: expected JSON (a deployment object or an array of them); it does not parse`)],
    };
  }
  const list = Array.isArray(data) ? data : [data];
  const entries: Parsed[] = [];
  const errors: FieldError[] = [];
  list.forEach((item, i) => {
    const at = Array.isArray(data) ? `[${i}]` : '';
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      errors.push(fieldError(at, 'expected a deployment object'));
      return;
    }
    const { name, ...rest } = item as Record<string, unknown>;
    const nameError = deploymentNameError(name, at ? `${at}.name` : 'name');
    if (nameError) errors.push(nameError);
    const parsed = parseDeploymentSpec(rest, at);
    if (!parsed.ok) errors.push(...parsed.errors);
    else if (!nameError) entries.push({ name: name as string, spec: parsed.spec });
  });
  return { entries, errors };
}

export const registerDeploymentsCommand: RegisterCommand = (program: Command) => {
  const deployments = program.command('deployments').description('manage self-hosted deployments');
  deployments
    .command('upsert')
    .description('create or replace deployments from a JSON file (one object or an array); prints one JSON line each')
    .requiredOption('--file <path>', "JSON file, or '-' for standard input")
    .action(async (options: { file: string }) => {
      let text: string;
      try {
        text = options.file === '-' ? await readStdin() : await readFile(options.file, 'utf8');
      } catch (error) {
        throw new CliUsageError(
          `--file: cannot read ${options.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        );
      }
      const { entries, errors } = parseDeploymentFile(text, options.file);
      if (errors.length) throw new CliUsageError(errors.map((e) => e.message).join('\n'));
      const results = await withDb(async (get) => {
        const repository = get(DeploymentRepository);
        const missing = [];
        for (const [i, entry] of entries.entries()) {
          if (!(await repository.teamExists(entry.spec.team))) {
            missing.push(
              `${entries.length > 1 ? `[${i}].` : ''}team: expected an existing team slug, ` +
                `got ${JSON.stringify(entry.spec.team)} (create it with tokenmeter teams add)`,
            );
          }
        }
        if (missing.length) throw new CliUsageError(missing.join('\n'));
        const out = [];
        for (const entry of entries) {
          const { created } = await repository.upsert(entry.name, entry.spec);
          out.push({ name: entry.name, created });
        }
        return out;
      });
      for (const result of results) process.stdout.write(`${JSON.stringify(result)}\n`);
    });
  deployments
    .command('list')
    .description('list deployments as JSON lines')
    .action(async () => {
      const all = await withDb((get) => get(DeploymentRepository).list());
      for (const deployment of all) process.stdout.write(`${JSON.stringify(deployment)}\n`);
    });
};
