import { loadConfigOrExit } from '@tokenmeter/config';
import { Command } from 'commander';
import type { RegisterCommand } from './register-command';

/** tokenmeter serve — api, ingest and worker in one process, for local use. */
export const registerServeCommand: RegisterCommand = (program: Command) => {
  program
    .command('serve')
    .description('run the api, ingest and worker apps in this one process (local use)')
    .action(async () => {
      const config = loadConfigOrExit();
      const { bootstrapApi } = await import('../../../api/src/main');
      const { bootstrapIngest } = await import('../../../ingest/src/main');
      const { bootstrapWorker } = await import('../../../worker/src/main');
      const apps = [
        await bootstrapIngest(config, { standalone: false }),
        await bootstrapWorker(config, { standalone: false }),
        await bootstrapApi(config, { standalone: false }),
      ];
      process.stderr.write(
        `tokenmeter: api on http://${config.API_HOST}:${config.API_PORT}, ingest and worker running; Ctrl-C stops\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      // Reverse order: stop taking requests first, then drain the consumers.
      for (const app of apps.reverse()) await app.close();
    });
};
