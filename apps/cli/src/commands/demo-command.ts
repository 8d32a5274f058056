// tokenmeter demo — the main job end to end on the local stack: seed an organization, drive 90
// days of usage through the collector endpoint and Kafka, wait for ingestion, and report. The
// terminal shows progress and results only; the apps' and libraries' logs go to a file unless
// --verbose.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { format } from 'node:util';

import { loadConfigOrExit } from '@tokenmeter/config';
import {
  addDays,
  isoWeekOf,
  parseDeploymentSpec,
  RecordSigner,
  shiftIsoWeek,
  signingSecretOf,
  topicNames,
  utcDay,
} from '@tokenmeter/contracts';
import {
  ApiKeyRepository,
  DeploymentRepository,
  DeploymentUtilizationDailyRepository,
  PriceEntryRepository,
  RecommendationRepository,
  TeamRepository,
  UsageQueryRepository,
  UtilizationSampleRepository,
} from '@tokenmeter/db';
import { bundledPriceEntries, decisionCoherence, recommendationSummary } from '@tokenmeter/finops';
import { MetricsService } from '@tokenmeter/observability';
import { NightlyChain, SpendAnomalyWatch } from '@tokenmeter/planner';
import { WeeklyReportBuilder } from '@tokenmeter/reports';
import { Command } from 'commander';
import { startDemoClients } from '../demo/demo-clients';
import { DEMO_DEPLOYMENTS } from '../demo/demo-deployments';
import { DEMO_TEAM_PROFILES } from '../demo/demo-organization';
import { DEMO_LOG_DEPLOYMENTS, DEMO_LOG_INTERVAL_SEC, demoLogStart } from '../demo/demo-vllm-logs';
import { eventsConsumed, ingestOutcomes, outcomesSince } from '../demo/ingest-outcomes';
import { bar, ProgressLine } from '../demo/progress-line';
import type { RegisterCommand } from './register-command';

const DAYS = 90;

export const registerDemoCommand: RegisterCommand = (program: Command) => {
  program
    .command('demo')
    .description('run TokenMeter end to end on the local stack with a demo organization')
    .option('--no-serve', 'exit after the summary instead of serving the API until Ctrl-C')
    .option('--scale <factor>', 'demo volume relative to the default', '1')
    .option('--verbose', "print the apps' and libraries' logs here instead of into a file")
    .action(async (options: { serve: boolean; scale: string; verbose?: boolean }) => {
      // The summary is the demo's output; the apps' request logs and the libraries' retried
      // warnings would drown it, so they go to a file (LOG_FILE) unless --verbose.
      // The demo backfills the nightly chain itself, so its worker skips the start-up catch-up.
      const logFile = options.verbose ? undefined : process.env.LOG_FILE || path.join(tmpdir(), 'tokenmeter-demo.log');
      if (logFile) quietConsole(logFile);
      const config = loadConfigOrExit({
        ...process.env,
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
        ...(logFile ? { LOG_FILE: logFile } : {}),
        PLANNER_CATCHUP_NIGHTS: process.env.PLANNER_CATCHUP_NIGHTS ?? '0',
      });
      const out = (line = '') => process.stdout.write(`${line}\n`);
      const demoStarted = performance.now();
      const progress = new ProgressLine();
      const { bootstrapApi } = await import('../../../api/src/main');
      const { bootstrapIngest } = await import('../../../ingest/src/main');
      const { bootstrapWorker } = await import('../../../worker/src/main');

      out('TokenMeter demo: starting api, ingest and worker in this process');
      if (logFile) out(`  logs: ${logFile} (--verbose prints them here)`);
      const apps = [
        await bootstrapIngest(config, { standalone: false }),
        await bootstrapWorker(config, { standalone: false }),
        await bootstrapApi(config, { standalone: false }),
      ];
      // The clients' thread, once started: stopped with the apps, so a failing step cannot leave it running.
      let clients: ReturnType<typeof startDemoClients> | undefined;
      // A failing step closes the apps, so the demo exits with its error instead of serving on.
      try {
        const api = apps[2];
        const usage = api.get(UsageQueryRepository);
        const utilizationSamples = api.get(UtilizationSampleRepository);
        const today = new Date(
          Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()),
        );
        const logsEnd = new Date(
          Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), new Date().getUTCHours()),
        );
        const logsStart = demoLogStart(logsEnd);
        // The clients build their traffic in their own thread while the organization is seeded.
        const source = 'demo:usage';
        const start = new Date(today.getTime() - DAYS * 86_400_000);
        const topics = topicNames(config.TOPIC_PREFIX);
        clients = startDemoClients({
          config,
          apiBaseUrl: `http://${config.API_HOST}:${config.API_PORT}`,
          topics: { usageEvents: topics.usageEvents, vllmLogs: topics.vllmLogs },
          usage: { start: start.toISOString(), days: DAYS, scale: Number(options.scale), source },
          logsEnd: logsEnd.toISOString(),
        });

        const prices = await api.get(PriceEntryRepository).insertMissing(bundledPriceEntries());
        for (const team of DEMO_TEAM_PROFILES) await api.get(TeamRepository).upsert(team);
        const keys = api.get(ApiKeyRepository);
        const ingestKeys: Record<string, string> = {};
        const signers: Record<string, RecordSigner> = {};
        for (const team of DEMO_TEAM_PROFILES) {
          const created = await keys.create({ role: 'ingest', team: team.slug, name: 'demo' });
          ingestKeys[team.slug] = created.key;
          signers[team.slug] = { keyId: created.keyId, signingSecret: signingSecretOf(created.key) };
        }
        const finopsKey = (await keys.create({ role: 'finops', team: null, name: 'demo' })).key;
        for (const { name, ...entry } of DEMO_DEPLOYMENTS) {
          // In service since the first shipped log line: the planner counts paid hours from there.
          const spec = parseDeploymentSpec(
            { ...entry, logStatsIntervalSec: DEMO_LOG_INTERVAL_SEC, inServiceSince: logsStart.toISOString() },
            `deployments.${name}`,
          );
          if (!spec.ok) throw new Error(spec.errors.map((e) => e.message).join('; '));
          await api.get(DeploymentRepository).upsert(name, spec.spec);
        }
        out(
          `seeded: ${DEMO_TEAM_PROFILES.length} teams, ${DEMO_DEPLOYMENTS.length} self-hosted deployments, ` +
            `${prices} new price entries, an ingest key per team and a finops key`,
        );

        // What the ingest did with the events, from its counters: an earlier run's events count once
        // this run's copies reach the ingest (as already stored), not before.
        const ingestMetrics = apps[0].get(MetricsService);
        const before = await ingestOutcomes(ingestMetrics);
        const ownerOf = new Map(DEMO_DEPLOYMENTS.map((d) => [d.name, d.team]));
        clients.send({
          ingestKeys,
          signers,
          deploymentSigners: Object.fromEntries(DEMO_LOG_DEPLOYMENTS.map((d) => [d, signers[ownerOf.get(d)!]!])),
        });
        const prepared = await clients.prepared;
        const sendStarted = performance.now();
        out(
          `usage: ${prepared.usageEvents.toLocaleString('en-US')} events (${DAYS} days, 4 teams, 5 providers) ` +
            'via HTTP /v1/events and straight into Kafka',
        );
        out(
          `vLLM logs: ${prepared.logLines.toLocaleString('en-US')} lines from 2 deployments ` +
            '(vLLM 0.10 raw, Vector with Kubernetes labels), prompts included',
        );
        const sending = clients.usageSent;
        const shipping = clients.logsShipped;
        let outcomes = outcomesSince(before, before);
        let sendDone = false;
        void sending.then(() => (sendDone = true));
        const count = (n: number) => n.toLocaleString('en-US');
        while (eventsConsumed(outcomes) < prepared.usageEvents) {
          await new Promise((resolve) => setTimeout(resolve, 250));
          outcomes = outcomesSince(await ingestOutcomes(ingestMetrics), before);
          const consumed = eventsConsumed(outcomes);
          const seconds = (performance.now() - sendStarted) / 1000;
          progress.update(
            `ingesting ${bar(consumed / prepared.usageEvents)} ${count(outcomes.stored)} stored` +
              `${outcomes.alreadyStored ? `, ${count(outcomes.alreadyStored)} already stored` : ''}, ` +
              `${count(Math.round(consumed / seconds))} events/s${sendDone ? '' : ' (sending)'}`,
          );
          if (seconds > 600) throw new Error(`ingestion stalled at ${consumed} of ${prepared.usageEvents} events`);
        }
        await sending;
        const seconds = (performance.now() - sendStarted) / 1000;
        const consumed = eventsConsumed(outcomes);
        const notNew = [
          outcomes.alreadyStored
            ? `${count(outcomes.alreadyStored)} already stored (an earlier run, or a resent request), kept once`
            : '',
          outcomes.refused ? `${count(outcomes.refused)} refused (see ${topics.usageEventsDlq})` : '',
        ].filter(Boolean);
        progress.done(
          `ingested ${count(consumed)} usage events in ${seconds.toFixed(1)} s: ` +
            `${count(Math.round(consumed / seconds))} events/s end to end` +
            (notNew.length ? `; ${notNew.join(', ')}` : ''),
        );
        await shipping;
        await clients.stop();
        let samples = 0;
        while (samples < prepared.statsLines) {
          samples =
            (await withinSeconds(10, utilizationSamples.countLogSamples(DEMO_LOG_DEPLOYMENTS, logsStart))) ?? samples;
          progress.update(
            `vLLM logs ${bar(samples / prepared.statsLines)} ${samples.toLocaleString('en-US')} of ` +
              `${prepared.statsLines.toLocaleString('en-US')} stats lines stored`,
          );
          if ((performance.now() - sendStarted) / 1000 > 900)
            throw new Error(`vLLM log ingestion stalled at ${samples} of ${prepared.statsLines} stats lines`);
          if (samples < prepared.statsLines) await new Promise((resolve) => setTimeout(resolve, 250));
        }
        progress.done(
          `vLLM logs: ${samples.toLocaleString('en-US')} utilization samples stored (prompts dropped in the parser)`,
        );

        // The nightly chain over every day of the demo, oldest first, as a backfill would run it.
        const chain = apps[1].get(NightlyChain);
        // The worker checks yesterday's spend every few minutes; a backfill checks each day once it is rolled up.
        const spendWatch = apps[1].get(SpendAnomalyWatch);
        const planStarted = performance.now();
        const firedAlerts: Array<{ runDate: string; team: string; kind: string; subject: string; message: string }> =
          [];
        let lastNight = '';
        // This run's anomalies, whether recorded now or by an earlier run (an alert fires once per day).
        const anomalyAlerts: Array<{ runDate: string; kind: string; team: string; message: string }> = [];
        for (let day = 0; day < DAYS; day++) {
          lastNight = addDays(utcDay(start), day);
          const timings = await chain.runNight(lastNight);
          const alerts = timings.find((t) => t.step === 'planner-alerts')?.output as
            | { fired?: Omit<(typeof firedAlerts)[number], 'runDate'>[] }
            | undefined;
          firedAlerts.push(...(alerts?.fired ?? []).map((a) => ({ ...a, runDate: lastNight })));
          anomalyAlerts.push(...(await spendWatch.checkDay(lastNight)).anomalies);
          progress.update(`nightly chain ${bar((day + 1) / DAYS)} ${lastNight}`);
        }
        progress.done(
          `nightly chain: ${DAYS} nights (rollup → forecast → utilization → recommendations → alerts) ` +
            `in ${((performance.now() - planStarted) / 1000).toFixed(1)} s`,
        );

        out();
        out(`self-hosted fleet, 7 days to ${lastNight}:`);
        for (const row of await api.get(DeploymentUtilizationDailyRepository).weekTotals(lastNight)) {
          const pct = (v: number | null) => (v === null ? '  n/a' : `${v.toFixed(1).padStart(5)}%`);
          const utilization = row.utilizationPct === null ? 'unknown' : pct(row.utilizationPct);
          const capacity =
            row.capacityOutputTokensPerSec === null
              ? 'no capacity'
              : `${row.basis} ${row.capacityOutputTokensPerSec} output tok/s`;
          out(
            `  ${row.deployment.padEnd(16)} utilization ${utilization} (output tokens ÷ ${capacity})` +
              `  occupancy ${pct(row.occupancyPct)}  KV cache ${pct(row.kvCacheAvgPct)}  ` +
              `cost $${row.costUsd.toFixed(2).padStart(9)}  idle waste ` +
              (row.utilizationPct === null
                ? 'unknown (no capacity to compare with)'
                : `$${row.idleWasteUsd.toFixed(2).padStart(9)} (= cost × (1 − utilization))`) +
              `  ${(Number(row.servedTokens) / 1e6).toFixed(1)}M output tokens`,
          );
        }
        out();
        out(`recommendations (night of ${lastNight}):`);
        for (const rec of await api.get(RecommendationRepository).forNight(lastNight)) {
          const numbers = rec.numbers as Record<string, unknown>;
          const plain = recommendationSummary(rec);
          // A premium is said as a premium, never as a negative saving.
          const figures = [
            numbers.breakEvenMonths != null ? `break-even ${numbers.breakEvenMonths} months` : null,
            plain.money,
            plain.twelveMonths,
          ].filter(Boolean);
          out(
            `  ${rec.kind.padEnd(22)} ${rec.team.padEnd(10)} ` +
              `${rec.workload}${figures.length ? `  (${figures.join(', ')})` : ''}`,
          );
          out(`      ${rec.rationale}`);
          const footing = [
            plain.confidence ? `forecast confidence ${plain.confidence}` : null,
            plain.whatWouldFlip ? `what would flip it: ${plain.whatWouldFlip}` : null,
          ].filter(Boolean);
          if (footing.length) out(`      ${footing.join('; ')}`);
        }
        // The answers must hold together before anyone defends them (issue 16's "coherent answers").
        const nights = Array.from({ length: DAYS }, (_, day) => addDays(utcDay(start), day));
        const allRecommendations = (
          await Promise.all(nights.map((night) => api.get(RecommendationRepository).forNight(night)))
        ).flat();
        const coherence = decisionCoherence(allRecommendations, firedAlerts);
        out(
          `coherence over the ${DAYS} nights: ${coherence.migrationsBelowReviewBand.length} migrations below the ` +
            `review band without a hard constraint, ${coherence.migrationsWithoutQualityGap.length} migrations ` +
            `without their quality gap, ${coherence.contradictingAlerts.length} break-even alerts contradicting ` +
            `their night's recommendation, ${coherence.migrationsDearerThanApi.length} migrations without capex ` +
            'costing more than the API',
        );
        for (const problem of [
          ...coherence.migrationsBelowReviewBand,
          ...coherence.migrationsWithoutQualityGap,
          ...coherence.contradictingAlerts,
          ...coherence.migrationsDearerThanApi,
        ].slice(0, 12))
          out(`  incoherent: ${problem}`);
        out();
        // The spend-anomaly watch runs on the worker's budget schedule, outside the nightly chain, on each day
        // once the rollup has closed it.
        out(
          `alerts fired over the ${DAYS} nights: ${firedAlerts.length + anomalyAlerts.length} ` +
            `(${firedAlerts.length} by the nightly chain, ${anomalyAlerts.length} by the spend-anomaly watch on each ` +
            'day the rollup closed)',
        );
        // Each with the night it fired: "tonight's recommendation" in its message is that night's.
        for (const alert of [...firedAlerts.slice(-12), ...anomalyAlerts.slice(-4)])
          out(`  ${alert.runDate} ${alert.kind.padEnd(20)} ${alert.team.padEnd(10)} ${alert.message}`);

        out();
        out('API spend per team (last 90 days, priced at ingestion; the self-hosted fleet costs are not in it):');
        for (const row of await usage.sourceSpendByTeam(source)) {
          out(
            `  ${row.team.padEnd(12)} ` +
              `$${Number(row.costUsd).toLocaleString('en-US', { minimumFractionDigits: 2 }).padStart(12)}  ` +
              `${(Number(row.tokens) / 1e6).toFixed(1).padStart(9)}M tokens  ` +
              `${row.events.toLocaleString('en-US').padStart(8)} events`,
          );
        }
        // Last week's report, as the Monday job would store it (the organization's and each team's).
        const lastWeek = shiftIsoWeek(isoWeekOf(new Date()), -1);
        const report = await apps[1].get(WeeklyReportBuilder).generate(lastWeek, new Date());
        out();
        out(`weekly report ${lastWeek}: stored for the organization and ${report.versions.length - 1} teams`);
        const base = `http://${config.API_HOST}:${config.API_PORT}`;
        out(`  dashboard      ${base}/dashboard`);
        out(`  weekly report  ${base}/reports/weekly/${lastWeek}`);
        out(`  API reference  ${base}/docs   (health ${base}/readyz, metrics ${base}/metrics)`);
        out(`  sign in at ${base}/login with the finops key: ${finopsKey}`);
        out();
        out(`demo finished in ${((performance.now() - demoStarted) / 1000).toFixed(1)} s`);

        if (options.serve) {
          out('serving until Ctrl-C');
          await new Promise<void>((resolve) => {
            process.once('SIGINT', () => resolve());
            process.once('SIGTERM', () => resolve());
          });
        }
      } finally {
        await clients?.stop();
        for (const app of apps.reverse()) await app.close();
      }
    });
};

/**
 * console.* of the libraries (BullMQ's Redis notices, Nest's fallbacks) appended to the log file;
 * the demo writes its own lines with process.stdout.write, which stays on the terminal.
 */
function quietConsole(file: string): void {
  writeFileSync(file, '');
  const toFile =
    (level: string) =>
    (...args: unknown[]) =>
      writeFileSync(file, `${JSON.stringify({ level, time: Date.now(), msg: format(...args) })}\n`, { flag: 'a' });
  console.log = toFile('info');
  console.info = toFile('info');
  console.warn = toFile('warn');
  console.error = toFile('error');
  process.removeAllListeners('warning');
  process.on('warning', (warning) => toFile('warn')(warning.stack ?? warning.message));
}

/**
 * A progress poll's answer, or null when it takes longer than `seconds`: on a machine too busy to
 * hand out a connection in time a poll can be lost, and the next one asks again.
 */
async function withinSeconds<T>(seconds: number, query: Promise<T>): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), seconds * 1000);
  });
  try {
    return await Promise.race([query.catch(() => null), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
