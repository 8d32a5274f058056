import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { commands, commandsFor } from './index';

const repoRoot = path.resolve(__dirname, '../../../..');

describe('the command catalog', () => {
  it('names each command as its module registers it', async () => {
    for (const entry of commands) {
      const program = new Command('tokenmeter');
      (await entry.load())(program);
      expect(program.commands.map((command) => command.name())).toEqual([entry.name]);
    }
  });

  it('chooses the command named on the command line, or every command', () => {
    const names = (args: string[]) => commandsFor(args).map((entry) => entry.name);
    expect(names(['teams', 'list'])).toEqual(['teams']);
    expect(names(['help', 'plan'])).toEqual(['plan']);
    expect(names(['explain', '--scenario', 'rec-1'])).toEqual(['explain']);
    expect(names(['--help'])).toEqual(commands.map((entry) => entry.name));
    expect(names([])).toHaveLength(commands.length);
    expect(names(['tems'])).toHaveLength(commands.length);
  });

  it('lists every command in the help and still suggests one for a typo', () => {
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, ['-r', './scripts/register.js', 'apps/cli/src/main.ts', ...args], {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 60_000,
      });
    const help = cli('--help');
    expect(help.status).toBe(0);
    for (const entry of commands) expect(help.stdout).toMatch(new RegExp(`^  ${entry.name} `, 'm'));
    expect(help.stdout).toContain('explain [options] <recommendation-id>');
    const typo = cli('tems', 'list');
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain("unknown command 'tems'");
    expect(typo.stderr).toContain('(Did you mean teams?)');
  });
});
