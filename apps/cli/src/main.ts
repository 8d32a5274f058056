// The `tokenmeter` command: `npm run -s tokenmeter -- <command>`. Each command lives in its own file
// under commands/ and is listed in commands/index.ts; only the one named on the command line loads.
import 'reflect-metadata';
import { Command } from 'commander';
import { CliUsageError } from './cli-usage-error';
import { commandsFor } from './commands';

async function main(argv: string[]): Promise<number> {
  const program = new Command('tokenmeter')
    .description('TokenMeter: LLM token metering and FinOps')
    .showHelpAfterError()
    .exitOverride();
  try {
    for (const entry of commandsFor(argv.slice(2))) (await entry.load())(program);
    await program.parseAsync(argv);
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CliUsageError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    const code = (error as { code?: string; exitCode?: number }).code;
    if (code?.startsWith('commander.')) {
      return code === 'commander.helpDisplayed' || code === 'commander.version' ? 0 : 2;
    }
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
