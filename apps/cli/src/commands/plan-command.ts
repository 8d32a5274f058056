// `tokenmeter plan --date YYYY-MM-DD` runs that night's chain (rollup → forecast → utilization →
// recommendations → alerts) to completion in this process, through the same step services the
// worker's processors use, and prints a JSON summary. `--from D --to D` runs nights in order.

import { queueConnection } from '@tokenmeter/bootstrap';
import { nightsBetween } from '@tokenmeter/contracts';
import { KafkaModule } from '@tokenmeter/kafka';
import { NightlyChain, PlannerModule, StepTiming } from '@tokenmeter/planner';
import type { Command } from 'commander';
import { withContext } from '../cli-context';
import { CliUsageError } from '../cli-usage-error';
import type { RegisterCommand } from './register-command';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseDate(value: string | undefined, option: string): string {
  if (value === undefined || !DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new CliUsageError(`${option}: expected a date YYYY-MM-DD, got ${JSON.stringify(value ?? null)}`);
  }
  return value;
}

export function nightsToPlan(opts: { date?: string; from?: string; to?: string }): string[] {
  if (opts.date !== undefined) {
    if (opts.from !== undefined || opts.to !== undefined)
      throw new CliUsageError('--date: give either --date or --from/--to, not both');
    return [parseDate(opts.date, '--date')];
  }
  if (opts.from === undefined && opts.to === undefined)
    throw new CliUsageError('--date: required (or --from and --to for a backfill)');
  const from = parseDate(opts.from, '--from');
  const to = parseDate(opts.to, '--to');
  if (to < from) throw new CliUsageError(`--to: expected a date on or after --from (${from}), got ${to}`);
  const nights = nightsBetween(from, to);
  if (nights.length > 400) throw new CliUsageError(`--to: a backfill covers at most 400 nights, got ${nights.length}`);
  return nights;
}

function summarize(date: string, timings: StepTiming[]) {
  const out = (step: string) => timings.find((t) => t.step === step)?.output ?? {};
  const recs = out('planner-recommendations') as { recommendations?: unknown[]; announced?: number };
  const alerts = out('planner-alerts') as { fired?: unknown[]; resolved?: unknown[]; firing?: number };
  return {
    date,
    recommendations: recs.recommendations ?? [],
    announcedRecommendations: recs.announced ?? 0,
    alerts: { fired: alerts.fired ?? [], resolved: alerts.resolved ?? [], firing: alerts.firing ?? 0 },
    steps: timings.map((t) => ({
      step: t.step,
      seconds: Math.round(t.seconds * 1000) / 1000,
      output: t.step === 'planner-recommendations' || t.step === 'planner-alerts' ? undefined : t.output,
    })),
    chainSeconds: Math.round(timings.reduce((s, t) => s + t.seconds, 0) * 1000) / 1000,
  };
}

async function runPlan(opts: { date?: string; from?: string; to?: string }): Promise<void> {
  const nights = nightsToPlan(opts);
  await withContext(
    (config) => [queueConnection(config), KafkaModule, PlannerModule],
    async (get) => {
      const chain = get(NightlyChain);
      const summaries = [];
      for (const night of nights) summaries.push(summarize(night, await chain.runNight(night)));
      process.stdout.write(
        `${JSON.stringify(summaries.length === 1 ? summaries[0] : { nights: summaries }, null, 2)}\n`,
      );
    },
  );
}

export const registerPlanCommand: RegisterCommand = (program: Command) => {
  program
    .command('plan')
    .description(
      "run a night's planner chain (rollups, forecasts, utilization, recommendations, alerts) and print a JSON summary",
    )
    .option('--date <YYYY-MM-DD>', 'the night to plan (the UTC day whose events are planned on)')
    .option('--from <YYYY-MM-DD>', 'first night of a backfill')
    .option('--to <YYYY-MM-DD>', 'last night of a backfill')
    .action(runPlan);
};
