// `tokenmeter utilization --deployment spec.json`: vLLM log lines on stdin (every format the parser
// knows), one JSON object out — the same one-unit utilization the nightly planner computes:
// output tokens ÷ (output capacity × seconds in service), occupancy and KV-cache usage beside it,
// idle waste with its basis. The spec is the deployment body PUT /v1/deployments/:name takes.
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parseDeploymentSpec } from '@tokenmeter/contracts';
import {
  DEFAULT_ORGANIZATION_ASSUMPTIONS,
  deploymentCapacity,
  deploymentDayUtilization,
  GPU_CATALOG,
  OPEN_MODEL_CATALOG,
  SelfHostedDeployment,
} from '@tokenmeter/finops';
import {
  bookedIntervalTokens,
  type EngineLogRecord,
  EngineLogStreamParser,
  intervalUsageForStats,
  type StatsRecord,
  statsToUtilizationSample,
} from '@tokenmeter/telemetry';
import type { Command } from 'commander';
import { CliUsageError } from '../cli-usage-error';
import { parseYearOption } from './parse-logs-command';
import type { RegisterCommand } from './register-command';

const HELP = `
Prints: utilizationPct (output tokens ÷ output capacity; null when the capacity is unknown — no
rating and no catalog figure for the model × GPU × count × precision × concurrency; with a
registered concurrency the capacity is held to concurrency × 1000 ÷ --latency-target-ms),
occupancyPct (share of the time in stats intervals with work: a request running at the line, or tokens
generated since the previous one; an upper bound on the time a request ran), kvCacheUsagePct (time-weighted),
outputTokens, inputTokens (each stats line's throughput × its logging window: the time since the
previous line, at most the interval, since a longer gap is idle), secondsInService (the wall-clock
time the stats lines span), capacityOutputTokensPerSec,
idleWasteUsd (cost of ownership of those seconds × (1 − utilization)), basis (rated | catalog |
unknown), idleWasteBasis (the computation in words).

Example:
  kubectl logs deploy/vllm | tokenmeter utilization --deployment llama.json --year 2026
`;

export interface StatsTotals {
  outputTokens: number;
  inputTokens: number;
  secondsInService: number;
  busySeconds: number;
  kvCacheUsagePct: number | null;
}

/**
 * Sums stats lines per engine the way the telemetry consumer stores them (so the figures match the
 * planner's): a line's throughput covers its logging window — the time since the engine's previous
 * line, but no more than the logging interval, because newer vLLM logs idle all-zero lines at DEBUG
 * and a longer gap is idle time (DESIGN §5). Seconds in service are the wall-clock time the lines span.
 */
export function totalsFromLogRecords(records: readonly EngineLogRecord[], intervalSec: number): StatsTotals {
  // Read with the vLLM parser: its stats records are vLLM stats lines.
  const stats = (records.filter((r) => r.kind === 'stats' && r.time !== null) as StatsRecord[]).sort(
    (a, b) => Date.parse(a.time as string) - Date.parse(b.time as string),
  );
  const windowOptions = { v1IntervalSeconds: intervalSec };
  const last = new Map<number | null, string>();
  const covered = new Map<number | null, number>();
  const busy = new Map<number | null, number>();
  let outputTokens = 0;
  let inputTokens = 0;
  let kvWeighted = 0;
  let kvSeconds = 0;
  for (const record of stats) {
    const s = statsToUtilizationSample(record);
    const before = last.get(s.engine) ?? null;
    last.set(s.engine, record.time as string);
    // The tokens the ingest books for the line (v0.1's undivided throughput as output), so the planner's figure.
    const usage = intervalUsageForStats(record, before, windowOptions);
    const window = usage.windowSeconds;
    const span =
      before === null ? window : Math.max(0, (Date.parse(record.time as string) - Date.parse(before)) / 1000);
    covered.set(s.engine, (covered.get(s.engine) ?? 0) + span);
    const booked = bookedIntervalTokens(usage);
    outputTokens += booked.output;
    inputTokens += booked.input;
    if ((s.running ?? 0) > 0 || (s.tokensPerSec ?? 0) > 0) busy.set(s.engine, (busy.get(s.engine) ?? 0) + window);
    if (s.kvCacheUsagePct !== null) {
      kvWeighted += s.kvCacheUsagePct * window;
      kvSeconds += window;
    }
  }
  return {
    outputTokens,
    inputTokens,
    // Engines of one deployment (data parallel) cover the same wall-clock time.
    secondsInService: Math.max(0, ...covered.values()),
    busySeconds: Math.max(0, ...busy.values()),
    kvCacheUsagePct: kvSeconds > 0 ? kvWeighted / kvSeconds : null,
  };
}

const pct = (v: number | null) => (v === null ? null : Number((v * 100).toFixed(2)));

async function runUtilization(options: {
  deployment?: string;
  year?: string;
  latencyTargetMs?: string;
}): Promise<void> {
  if (!options.deployment) throw new CliUsageError('--deployment: expected the path of a deployment spec JSON file');
  let specText: string;
  try {
    specText = await readFile(options.deployment, 'utf8');
  } catch (error) {
    throw new CliUsageError(
      `--deployment: cannot read ${options.deployment}: ${(error as NodeJS.ErrnoException).code}`,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(specText);
  } catch (error) {
    throw new CliUsageError(`${options.deployment}: not valid JSON (${(error as Error).message})`);
  }
  if (body && typeof body === 'object' && !Array.isArray(body)) delete (body as Record<string, unknown>).name;
  const parsed = parseDeploymentSpec(body);
  if (!parsed.ok) throw new CliUsageError(parsed.errors.map((e) => e.message).join('\n'));
  const spec = parsed.spec;
  const latencyTargetMsPerToken =
    options.latencyTargetMs === undefined
      ? DEFAULT_ORGANIZATION_ASSUMPTIONS.latencyTargetMsPerToken
      : Number(options.latencyTargetMs);
  if (!Number.isFinite(latencyTargetMsPerToken) || latencyTargetMsPerToken <= 0) {
    throw new CliUsageError(`--latency-target-ms: expected a positive number of ms per output token`);
  }
  const year = options.year === undefined ? new Date().getUTCFullYear() : parseYearOption(options.year);
  const parser = new EngineLogStreamParser('vllm', { year });
  const records: EngineLogRecord[] = [];
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) records.push(...parser.push(line).filter((r) => r.kind === 'stats'));
  records.push(...parser.flush().filter((r) => r.kind === 'stats'));
  const totals = totalsFromLogRecords(records, Number(spec.logStatsIntervalSec));

  const gpu = GPU_CATALOG.find((g) => g.id === spec.gpuType) ?? null;
  const capacity = deploymentCapacity({
    ratedOutputTokensPerSec:
      spec.ratedThroughputTokensPerSec === null ? null : Number(spec.ratedThroughputTokensPerSec),
    modelId: OPEN_MODEL_CATALOG.some((m) => m.id === spec.servedModel) ? spec.servedModel : null,
    gpuId: gpu?.id ?? null,
    gpuCount: spec.gpuCount,
    precision: spec.precision,
    concurrency: spec.concurrency,
    latencyTargetMsPerToken,
  });
  const deployment: SelfHostedDeployment = {
    gpuCount: spec.gpuCount,
    gpuUnitPriceUsd: Number(spec.gpuUnitPriceUsd),
    otherCapexUsd: Number(spec.otherCapexUsd),
    gpuPowerWatts: spec.gpuPowerWatts,
    hoursPerMonth: 730,
    pue: Number(spec.pue),
    electricityUsdPerKwh: Number(spec.electricityUsdPerKwh),
    measuredElectricityUsdPerMonth: null,
    hostingUsdPerMonth: Number(spec.hostingUsdPerMonth),
    personnelUsdPerMonth: Number(spec.personnelUsdPerMonth),
    maintenanceUsdPerMonth: Number(spec.maintenanceUsdPerMonth),
    amortizationMonths: spec.amortizationMonths,
    throughputTokensPerSec: null,
  };
  const u = deploymentDayUtilization({
    deployment,
    gpuIdlePowerWatts: gpu?.idlePowerWatts ?? null,
    capacity,
    paidHours: totals.secondsInService / 3600,
    outputTokens: totals.outputTokens,
    inputTokens: totals.inputTokens,
    samples: {
      coveredSec: totals.secondsInService,
      busySec: totals.busySeconds,
      kvCacheAvgPct: totals.kvCacheUsagePct,
      gpuEngineActivePct: null,
      energyKwh: null,
    },
  });
  const result = {
    utilizationPct: pct(u.utilization),
    occupancyPct: pct(u.busyShare),
    kvCacheUsagePct: totals.kvCacheUsagePct === null ? null : Number(totals.kvCacheUsagePct.toFixed(2)),
    outputTokens: Math.round(totals.outputTokens),
    inputTokens: Math.round(totals.inputTokens),
    secondsInService: Number(totals.secondsInService.toFixed(3)),
    capacityOutputTokensPerSec: capacity.outputTokensPerSec,
    costUsd: Number(u.dailyCostUsd.toFixed(4)),
    idleWasteUsd: u.idleWasteUsd === null ? null : Number(u.idleWasteUsd.toFixed(4)),
    basis: u.basis,
    capacitySource: capacity.source,
    electricityBasis: u.electricityBasis,
    idleWasteBasis: u.idleWasteBasis,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

export const registerUtilizationCommand: RegisterCommand = (program: Command) => {
  program
    .command('utilization')
    .description("A deployment's utilization in one unit from vLLM logs on stdin: one JSON object")
    .option('--deployment <spec.json>', 'the deployment spec (the body PUT /v1/deployments/:name takes)')
    .option(
      '--latency-target-ms <n>',
      'ms per output token each sequence must keep ' +
        `(default ${DEFAULT_ORGANIZATION_ASSUMPTIONS.latencyTargetMsPerToken})`,
    )
    .option('--year <YYYY>', 'year for vLLM timestamps, which carry none (default: the current UTC year)')
    .addHelpText('after', HELP)
    .action(runUtilization);
};
