// FocusCsvWriter against its reference, csvLine over focusExportRows, day by day: the same bytes for
// random usage (entry-priced with and without rules, client costs, unpriced rows, costs that differ
// from the list by rounding or a lot, names that need quoting or formula neutralizing, non-ASCII text)
// and random self-hosted deployment days, for every team and for one, with templates cached across runs.
import { addDays } from '@tokenmeter/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvLine } from './csv-text';
import { FocusCsvWriter } from './focus-csv-writer';
import { picoNumber } from './focus-row-figures';
import {
  type DailyPricedUsage,
  FOCUS_EXPORT_COLUMNS,
  focusExportRows,
  picoFromDecimal,
  type SelfHostedDeploymentDay,
} from './focus-rows';
import { FocusTemplateCache } from './focus-template-cache';

const decoder = new TextDecoder();
const DAYS = ['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-31'];

const name = fc.oneof(
  fc.constantFrom('search', 'ads', 'team-7', 'Équipe ü', 'a,b', '"quoted"', ' padded ', '=HYPERLINK(1)', '-5', '+3'),
  fc.string({ minLength: 1, maxLength: 12 }),
);
const tokens = fc.oneof(
  fc.constant(0n),
  fc.bigInt({ min: 1n, max: 10_000_000n }),
  fc.bigInt({ min: 1n, max: 10n ** 15n }),
);
const price = fc.oneof(
  fc.constantFrom('2.5', '10', '0', '1.25', '0.000001', '75'),
  fc.integer({ min: 0, max: 99_999_999 }).map((micro) => (micro / 1e6).toFixed(6)),
);
const decimal = fc.oneof(
  fc.constantFrom('0', '2.50003', '1.250015', '-0.5', '12345678.1234567891'),
  fc
    .tuple(fc.bigInt({ min: -(10n ** 8n), max: 10n ** 10n }), fc.integer({ min: 0, max: 10 }))
    .map(([units, places]) => {
      const text = (units < 0n ? -units : units).toString().padStart(places + 1, '0');
      const whole = text.slice(0, text.length - places);
      return `${units < 0n ? '-' : ''}${whole}${places > 0 ? `.${text.slice(text.length - places)}` : ''}`;
    }),
);

// Price entries whose rules are replayed (bundled), and rule names as stored.
const pricing = fc.oneof(
  fc.record({
    priceVersion: fc.constantFrom('bench-gpt-4o', 'openai/gpt-4o@2024', 'custom:org'),
    priceRules: fc.constantFrom(
      null,
      'service-tier:batch×0.5',
      'service-tier:priority:unpriced-standard-rate',
      // The cache writes carry what the rates do not explain (splitStoredCost).
      'cache-write-1h',
    ),
    serviceTier: fc.constantFrom(undefined, null, 'batch', 'flex', 'priority', 'standard'),
  }),
  fc.constant({
    priceVersion: 'genai-prices:google:gemini-2.5-pro:1970-01-01',
    priceRules: 'prompt-tier:>200000',
    serviceTier: null,
  }),
  fc.constant({
    priceVersion: 'genai-prices:deepseek:deepseek-chat:1970-01-01',
    priceRules: 'time-of-day:outside-windows',
    serviceTier: null,
  }),
  fc.constant({ priceVersion: 'client', priceRules: null, serviceTier: null }),
  fc.constant({ priceVersion: null, priceRules: null, serviceTier: null }),
);

const usageRow = (team: fc.Arbitrary<string>) =>
  fc
    .record({
      day: fc.constantFrom(...DAYS),
      team,
      teamName: fc.option(name),
      provider: fc.constantFrom('openai', 'anthropic', 'bedrock', 'google', 'deepseek', 'self-hosted', 'acme,inc'),
      model: fc.oneof(fc.constantFrom('gpt-4o', 'gemini-2.5-pro', 'deepseek-chat', 'llama'), name),
      pricing,
      inputTokens: tokens,
      cachedInputTokens: tokens,
      cacheWriteTokens: tokens,
      outputTokens: tokens,
      costUsd: fc.option(decimal),
      costMatchesList: fc.boolean(),
      inputPerMTok: fc.option(price, { freq: 5 }),
      cachedInputPerMTok: fc.option(price),
      cacheWritePerMTok: fc.option(price),
      outputPerMTok: fc.option(price, { freq: 5 }),
    })
    .map(({ pricing: p, costMatchesList, ...row }): DailyPricedUsage => {
      const usage: DailyPricedUsage = { ...row, ...p };
      // Most stored costs are the list cost to the 10^-10 USD (the common case the writer takes a short cut for).
      if (costMatchesList && usage.inputPerMTok !== null && usage.outputPerMTok !== null) {
        const pico = (t: bigint, perMTok: string | null) =>
          t * BigInt(Math.round(Number(perMTok ?? usage.inputPerMTok) * 1e6));
        const total =
          pico(usage.inputTokens, usage.inputPerMTok) +
          pico(usage.cachedInputTokens, usage.cachedInputPerMTok) +
          pico(usage.cacheWriteTokens, usage.cacheWritePerMTok) +
          pico(usage.outputTokens, usage.outputPerMTok);
        usage.costUsd = `${total / 10n ** 12n}.${(total % 10n ** 12n).toString().padStart(12, '0')}`;
      }
      return usage;
    });

const deploymentDay: fc.Arbitrary<SelfHostedDeploymentDay> = fc.record({
  day: fc.constantFrom(...DAYS),
  deployment: fc.constantFrom('llama-a', 'qwen,b'),
  ownerTeam: fc.constantFrom('search', 'ads'),
  model: fc.constantFrom('llama-3.1-70b', 'qwen'),
  dailyCostUsd: fc.constantFrom('100.0000', '10', '0.5'),
  idleWasteUsd: fc.option(fc.constantFrom('70.0000', '0', '200')),
  capacityTokens: fc.option(fc.bigInt({ min: 0n, max: 10n ** 9n })),
  paidHours: fc.constantFrom(24, 12.5),
  served: fc.array(fc.record({ team: fc.constantFrom('search', 'ads', 'x'), tokens }), { maxLength: 3 }),
});

const byDay = <T extends { day: string }>(rows: T[]) =>
  [...rows].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));

/** The reference: focusExportRows of each day in turn, each row through csvLine. */
function referenceCsv(
  usage: DailyPricedUsage[],
  deploymentDays: SelfHostedDeploymentDay[],
  teamNames: Record<string, string>,
  team: string | undefined,
): string {
  const days = [...new Set([...usage, ...deploymentDays].map((r) => r.day))].sort();
  return days
    .flatMap((day) =>
      focusExportRows(
        usage.filter((u) => u.day === day),
        deploymentDays.filter((d) => d.day === day),
        teamNames,
        team,
      ),
    )
    .map((row) => csvLine(FOCUS_EXPORT_COLUMNS.map((column) => row[column])))
    .join('');
}

describe('FocusCsvWriter', () => {
  const sharedTemplates = new FocusTemplateCache();

  it('writes the bytes of csvLine over focusExportRows, day by day', () => {
    fc.assert(
      fc.property(
        fc.array(usageRow(fc.constantFrom('search', 'ads', 'x')), { maxLength: 12 }),
        fc.array(deploymentDay, { maxLength: 3 }),
        fc.option(fc.constantFrom('search', 'ads'), { nil: undefined }),
        fc.integer({ min: 1, max: DAYS.length }),
        (usage, deploymentDays, team, daysPerBatch) => {
          const teamNames = { search: 'Search', ads: 'Ads, Inc.' };
          const sortedUsage = byDay(usage);
          const sortedDays = byDay(deploymentDays);
          const batches = Array.from({ length: Math.ceil(DAYS.length / daysPerBatch) }, (_, i) =>
            DAYS.slice(i * daysPerBatch, (i + 1) * daysPerBatch),
          );
          // One writer over several calls (its templates kept), as the export's batches of days; the
          // templates cache is shared with every earlier run's writer, as the export reader shares it.
          const writer = new FocusCsvWriter(teamNames, team, sharedTemplates);
          let written = decoder.decode(writer.header());
          for (const days of batches)
            written += decoder.decode(
              writer.rows(
                sortedUsage.filter((u) => days.includes(u.day)),
                sortedDays.filter((d) => days.includes(d.day)),
              ),
            );
          expect(written).toBe(csvLine(FOCUS_EXPORT_COLUMNS) + referenceCsv(sortedUsage, sortedDays, teamNames, team));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('writes a month of one identity with the day’s dates in every line', () => {
    const writer = new FocusCsvWriter({});
    const first: DailyPricedUsage = {
      day: '2026-11-30',
      team: 'search',
      teamName: null,
      provider: 'openai',
      model: 'gpt-4o',
      priceVersion: 'openai/gpt-4o@2024',
      inputTokens: 1_000_000n,
      cachedInputTokens: 0n,
      cacheWriteTokens: 0n,
      outputTokens: 3n,
      costUsd: '2.50003',
      inputPerMTok: '2.5',
      cachedInputPerMTok: null,
      cacheWritePerMTok: null,
      outputPerMTok: '10',
    };
    const usage = [first, { ...first, day: addDays(first.day, 1) }];
    expect(decoder.decode(writer.rows(usage, []))).toBe(referenceCsv(usage, [], {}, undefined));
  });

  it('reads a stored cost in numbers as picoFromDecimal does, or leaves it to it', () => {
    const text = fc.oneof(
      decimal,
      fc.constantFrom('9006.999999999999', '9007', '-0', '1.1234567890129', '1.', '.5', '', '-', '1e3', '00012.5'),
      fc.string({ maxLength: 8 }),
    );
    fc.assert(
      fc.property(text, (value) => {
        const fast = picoNumber(value);
        if (Number.isNaN(fast)) return;
        expect(fast === 0 ? 0 : fast).toBe(Number(picoFromDecimal(value)));
        expect(Number.isSafeInteger(fast)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
