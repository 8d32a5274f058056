import { PriceEntryRepository } from '@tokenmeter/db';
import { bundledPriceEntries, GENAI_PRICES_PACKAGE, GENAI_PRICES_VERSION } from '@tokenmeter/finops';
import { Command } from 'commander';
import { withDb } from '../cli-context';
import type { RegisterCommand } from './register-command';

/** tokenmeter seed — loads the bundled price book into the database (idempotent). */
export const registerSeedCommand: RegisterCommand = (program: Command) => {
  program
    .command('seed')
    .description(
      `load bundled model prices (${GENAI_PRICES_PACKAGE} ${GENAI_PRICES_VERSION}) into price_entries; safe to repeat`,
    )
    .action(async () => {
      const entries = bundledPriceEntries();
      const inserted = await withDb((get) => get(PriceEntryRepository).insertMissing(entries));
      process.stdout.write(`${JSON.stringify({ priceEntries: entries.length, inserted })}\n`);
    });
};
