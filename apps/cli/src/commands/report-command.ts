// `tokenmeter report --week YYYY-Www [--team T] [--format html|json|csv|focus]` prints a week's
// report: the stored one when the week has been reported (built and stored now otherwise, the
// same way the API does), as the HTML page, JSON, a CSV of the spend lines, or FOCUS rows.

import { once } from 'node:events';
import { parseIsoWeek } from '@tokenmeter/contracts';
import { FocusExportReader } from '@tokenmeter/db';
import { csvText, WeeklyReport } from '@tokenmeter/finops';
import { renderWeeklyReportPage, WeeklyReportBuilder, WeeklyReportModule } from '@tokenmeter/reports';
import type { Command } from 'commander';
import { withContext } from '../cli-context';
import { CliUsageError } from '../cli-usage-error';
import type { RegisterCommand } from './register-command';

const FORMATS = ['html', 'json', 'csv', 'focus'] as const;
type ReportFormat = (typeof FORMATS)[number];

export interface ReportOptions {
  week?: string;
  team?: string;
  format?: string;
}

export function parseReportOptions(
  opts: ReportOptions,
  now: Date,
): { week: string; team: string | null; format: ReportFormat } {
  const range = opts.week === undefined ? null : parseIsoWeek(opts.week);
  if (!range)
    throw new CliUsageError(
      `--week: expected an ISO week YYYY-Www that exists, e.g. 2026-W47, got ${JSON.stringify(opts.week ?? null)}`,
    );
  if (range.start.getTime() > now.getTime()) throw new CliUsageError(`--week: ${opts.week} has not started yet`);
  const format = (opts.format ?? 'html') as ReportFormat;
  if (!FORMATS.includes(format))
    throw new CliUsageError(`--format: expected one of ${FORMATS.join(', ')}, got ${JSON.stringify(opts.format)}`);
  if (opts.team !== undefined && !/^[a-z0-9][a-z0-9._-]{0,63}$/i.test(opts.team))
    throw new CliUsageError(`--team: expected a team slug, got ${JSON.stringify(opts.team)}`);
  return { week: range.week, team: opts.team ?? null, format };
}

/** The report's spend and token lines as CSV (one row per line of the report). */
export function reportCsv(report: WeeklyReport): string {
  const header = [
    'week',
    'team',
    'section',
    'key',
    'label',
    'costUsd',
    'previousCostUsd',
    'changePct',
    'apiTokens',
    'selfHostedTokens',
  ];
  const scope = report.team ?? '';
  const spend = (section: string, lines: WeeklyReport['spendByTeam']) =>
    lines.map((l) => [
      report.week,
      scope,
      section,
      l.key,
      l.label,
      l.costUsd,
      l.previousCostUsd,
      l.changePct,
      null,
      null,
    ]);
  const t = report.totals;
  return csvText(header, [
    [
      report.week,
      scope,
      'total',
      'total',
      'Total',
      t.costUsd,
      t.previousCostUsd,
      t.changePct,
      t.apiTokens,
      t.selfHostedTokens,
    ],
    ...spend('provider', report.spendByProvider),
    ...spend('team', report.spendByTeam),
    ...report.tokensByDay.map((d) => [
      report.week,
      scope,
      'tokens-by-day',
      d.day,
      d.day,
      null,
      null,
      null,
      d.apiTokens,
      d.selfHostedTokens,
    ]),
  ]);
}

async function runReport(opts: ReportOptions): Promise<void> {
  const now = new Date();
  const { week, team, format } = parseReportOptions(opts, now);
  await withContext([WeeklyReportModule], async (get) => {
    if (format === 'focus') {
      const range = parseIsoWeek(week)!;
      // The API's export path: the same bytes as GET /v1/exports/focus?week=….
      for await (const chunk of get(FocusExportReader).csvChunks(range.start, range.end, team ?? undefined))
        if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
      return;
    }
    const report = await get(WeeklyReportBuilder).getOrBuild(week, team, now);
    if (format === 'json') process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else if (format === 'csv') process.stdout.write(reportCsv(report));
    else
      process.stdout.write(
        renderWeeklyReportPage(
          report,
          team === null ? 'tokenmeter CLI · whole organization' : `tokenmeter CLI · team ${team}`,
        ),
      );
  });
}

export const registerReportCommand: RegisterCommand = (program: Command) => {
  program
    .command('report')
    .description("print a week's report (stored when the week has been reported; built and stored otherwise)")
    .requiredOption('--week <YYYY-Www>', 'ISO week, e.g. 2026-W47')
    .option('--team <slug>', "one team's version (default: the whole organization)")
    .option('--format <format>', `output: ${FORMATS.join(', ')}`, 'html')
    .action(runReport);
};
