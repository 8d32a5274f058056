// Benchmark of the nightly chain: 365 days × 1,000 team-model scopes (100 teams × 10 models billed by their
// providers, a seventh of them 20 times busier, one team in ten with requirements; four
// usage rows per scope and day, plus 20 self-hosted deployments) generated server-side into a
// scratch database, then the chain for the last two nights. The first night after a bulk load rolls
// up every day once (bootstrapRollupSeconds, reported apart) and fits every scope afresh
// (firstNightSeconds); chainSeconds is the next, normal night: rollup of the night, forecasts over a
// year of rollups (each scope fitted fully once a week, on a weekday of its own, and carried forward
// on the other nights), utilization, recommendations, alerts.
// Prints one JSON line. Usage: npm run bench:nightly [-- --scopes 1000 --days 365]
// To iterate on the normal night without the load and the first night each time: keep a run's database
// (BENCH_KEEP=1 prints its name on stderr), then `--reuse-database NAME` (same scopes and days, same UTC
// day) runs only the normal night again on it and keeps it; its load and first-night figures are null.
import 'reflect-metadata';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule, parseConfig } from '@tokenmeter/config';
import { addDays } from '@tokenmeter/contracts';
import { RecommendationRepository } from '@tokenmeter/db';
import { decisionCoherence } from '@tokenmeter/finops';
import { ensureTopics, KafkaModule, kafkaSasl } from '@tokenmeter/kafka';
import { ForecastPool, NightlyChain, PlannerModule, RollupStep } from '@tokenmeter/planner';
import { BENCH_KAFKA_ENV } from '../support/bench-kafka-env';
import {
  BENCH_SERVER,
  dropScratchDatabase,
  runBench,
  scratchDatabase,
  sessionWithPartitions,
} from '../support/scratch-database';
import { insertDimensions } from '../support/usage-dimensions';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SCOPES = arg('scopes', 1000);
const DAYS = arg('days', 365);
const reuseAt = process.argv.indexOf('--reuse-database');
const REUSE = reuseAt > 0 ? process.argv[reuseAt + 1] : null;
const MODELS_PER_TEAM = 10;
const DEPLOYMENTS = 20;
/** Each team's ten models, as their providers bill them: every scope is priced and gets a real recommendation. */
const MODELS: ReadonlyArray<readonly [provider: string, model: string]> = [
  ['openai', 'gpt-4o'],
  ['openai', 'gpt-4o-mini'],
  ['anthropic', 'claude-sonnet-4'],
  ['anthropic', 'claude-3-5-haiku'],
  ['google', 'gemini-2.5-pro'],
  ['google', 'gemini-2.5-flash'],
  ['mistral', 'mistral-large'],
  ['openai', 'o3-mini'],
  ['openai', 'gpt-4.1'],
  ['cohere', 'command-r'],
];
/** One team in this many has requirements (critical privacy), which the decision searches on its own path. */
const TEAMS_WITH_REQUIREMENTS_EVERY = 10;

/** Loads the scopes' year into a fresh database; its raw row count. */
async function load(url: string, night: string): Promise<number> {
  const first = new Date(`${night}T00:00:00Z`);
  first.setUTCDate(first.getUTCDate() - (DAYS - 1));
  const sql = await sessionWithPartitions(url, first.toISOString().slice(0, 10), night);
  // Scope s: team s / 10, model s % 10; a level, a trend and a weekly pattern of its own. Deployment d
  // serves team d. Dimensions first (ids in scope order), then the facts straight into usage_facts.
  const scopeDimensions = await insertDimensions(
    sql,
    Array.from({ length: SCOPES }, (_, s) => ({
      source: 'bench',
      team: `team-${Math.floor(s / MODELS_PER_TEAM)}`,
      provider: MODELS[s % MODELS_PER_TEAM]![0],
      model: MODELS[s % MODELS_PER_TEAM]![1],
      priceVersion: 'bench',
    })),
  );
  const deploymentDimensions = await insertDimensions(
    sql,
    Array.from({ length: DEPLOYMENTS }, (_, d) => ({
      source: 'bench-sh',
      team: `team-${d}`,
      tags: { basis: 'counter' },
      provider: 'self-hosted',
      model: 'llama-3.1-70b',
      deployment: `dep-${d}`,
    })),
  );
  await sql.query(
    `INSERT INTO usage_facts (time, ingested_at, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens,
         reasoning_tokens, dimension_id, requests, id, cost_usd)
       SELECT t, t, round(tok * 0.7), 0, 0, round(tok * 0.3), 0, ($1::int[])[s + 1], 4, s || '-' || q,
              round(tok * (1 + s % 5) * 1e-6, 10)
       FROM generate_series(0, cardinality($1::int[]) - 1) s, generate_series(0, $2 * 4 - 1) q,
            LATERAL (SELECT $3::timestamptz + q * interval '6 hours' AS t) x,
            LATERAL (SELECT ((1e4 + (s % 97) * 1e4) * (CASE WHEN s % 7 = 0 THEN 20 ELSE 1 END)
                            * (1 + (q / 4) * (s % 13) / 1000.0)
                            * (CASE WHEN extract(isodow FROM t) >= 6 THEN 0.6 ELSE 1.1 END)
                            * (1 + 0.2 * sin(q + s)))::numeric AS tok) y`,
    [scopeDimensions, DAYS, first.toISOString()],
  );
  await sql.query(
    `INSERT INTO usage_facts (time, ingested_at, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens,
         reasoning_tokens, dimension_id, requests, id, cost_usd)
       SELECT t, t, round(tok * 0.7), 0, 0, round(tok * 0.3), 0, ($1::int[])[d + 1], 4, d || '-' || q, NULL
       FROM generate_series(0, cardinality($1::int[]) - 1) d, generate_series(0, $2 * 4 - 1) q,
            LATERAL (SELECT $3::timestamptz + q * interval '6 hours' AS t) x,
            LATERAL (SELECT 1e6 * (1 + d % 7) AS tok) y`,
    [deploymentDimensions, DAYS, first.toISOString()],
  );
  await sql.query(
    `INSERT INTO deployments (id, name, team, served_model, gpu_type, gpu_count, gpu_unit_price_usd, gpu_power_watts,
         electricity_usd_per_kwh, rated_throughput_tokens_per_sec, created_at, updated_at)
       SELECT gen_random_uuid(), 'dep-' || d, 'team-' || d, 'llama-3.1-70b', 'h100-80gb',
              2, 25000, 700, 0.15, 1500, now() - interval '2 years', now()
       FROM generate_series(0, $1 - 1) d`,
    [DEPLOYMENTS],
  );
  await sql.query(
    `INSERT INTO teams (id, slug, name, privacy, privacy_critical, profile_set_by, profile_set_at)
       SELECT gen_random_uuid(), 'team-' || t, 'Team ' || t, CASE WHEN t % $2 = 0 THEN 'critical' ELSE 'none' END,
              t % $2 = 0, 'bench', now()
       FROM generate_series(0, $1 - 1) t`,
    [Math.ceil(SCOPES / MODELS_PER_TEAM), TEAMS_WITH_REQUIREMENTS_EVERY],
  );
  // Not analyzed here: the first night's rollup vacuums and analyzes what it finds grown, as for a user.
  const rawRows = Number((await sql.query('SELECT count(*) AS n FROM usage_records')).rows[0].n);
  await sql.end();
  return rawRows;
}

async function main(): Promise<void> {
  const dbName = REUSE ?? `tokenmeter_bench_nightly_${process.pid}`;
  if (!/^[a-z0-9_]+$/.test(dbName)) throw new Error(`--reuse-database: expected a database name, got ${dbName}`);
  if (process.env.BENCH_KEEP && !REUSE) process.stderr.write(`bench:nightly keeps database ${dbName}\n`);
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
  try {
    const night = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const loadStarted = performance.now();
    const url = REUSE ? `${BENCH_SERVER}/${REUSE}` : await scratchDatabase(dbName);
    const rawRows = REUSE ? null : await load(url, night);
    const loadSeconds = REUSE ? null : (performance.now() - loadStarted) / 1000;

    const prefix = 'bench-nightly.';
    const config = parseConfig({
      ...process.env,
      ...BENCH_KAFKA_ENV,
      DATABASE_URL: url,
      TOPIC_PREFIX: prefix,
      QUEUE_PREFIX: `bench${process.pid}`,
      LOG_LEVEL: 'error',
    });
    await ensureTopics(config.KAFKA_BROKERS.split(','), prefix, { sasl: kafkaSasl(config) });
    @Module({
      imports: [
        ConfigModule.forRoot(config),
        BullModule.forRoot({ connection: { url: config.REDIS_URL }, prefix: config.QUEUE_PREFIX }),
        KafkaModule,
        PlannerModule,
      ],
    })
    class BenchModule {}
    const context = await NestFactory.createApplicationContext(BenchModule, { logger: ['error'] });
    try {
      const chain = context.get(NightlyChain);
      let bootstrapRollupSeconds: number | null = null;
      let firstNightSeconds: number | null = null;
      if (!REUSE) {
        // The bulk load's bootstrap: every day rolled up once, as after an import.
        const bootStarted = performance.now();
        await context.get(RollupStep).run(night);
        bootstrapRollupSeconds = (performance.now() - bootStarted) / 1000;
        const firstNight = await chain.runNight(addDays(night, -1));
        firstNightSeconds = firstNight.reduce((s, t) => s + t.seconds, 0);
      }
      const timings = await chain.runNight(night);
      const stepSeconds = Object.fromEntries(
        timings.map((t) => [t.step.replace('planner-', ''), Number(t.seconds.toFixed(2))]),
      );
      const chainSeconds = Number(timings.reduce((s, t) => s + t.seconds, 0).toFixed(2));
      const forecastOut = timings.find((t) => t.step === 'planner-forecast')?.output as {
        scopes: number;
        fitted: number;
        fitReasons: Record<string, number>;
        modelFits: number;
      };
      const recs = timings.find((t) => t.step === 'planner-recommendations')?.output as {
        recommendations: Array<{ kind: string }>;
        announced: number;
      };
      // What the recommendations said, so a run whose scopes were never priced (every one "no substitute") shows.
      const recommendationKinds: Record<string, number> = {};
      for (const { kind } of recs.recommendations) recommendationKinds[kind] = (recommendationKinds[kind] ?? 0) + 1;
      // The demo's check that the night's answers hold together, over every decision of the night.
      const alerts = timings.find((t) => t.step === 'planner-alerts')?.output as {
        fired?: Array<{ team: string; kind: string; subject: string }>;
      };
      const coherence = decisionCoherence(
        await context.get(RecommendationRepository).forNight(night),
        (alerts.fired ?? []).map((a) => ({ ...a, runDate: night })),
      );
      const incoherent = Object.fromEntries(Object.entries(coherence).map(([check, found]) => [check, found.length]));
      for (const problem of Object.values(coherence).flat().slice(0, 10)) {
        process.stderr.write(`bench:nightly incoherent: ${problem}\n`);
      }
      process.stdout.write(
        `${JSON.stringify({
          scopes: SCOPES,
          days: DAYS,
          deployments: DEPLOYMENTS,
          rawRows,
          forecastScopes: forecastOut.scopes,
          fittedScopes: forecastOut.fitted,
          fitReasons: forecastOut.fitReasons,
          modelFits: forecastOut.modelFits,
          forecastThreads: context.get(ForecastPool).threads,
          recommendations: recs.recommendations.length,
          recommendationKinds,
          incoherent,
          announced: recs.announced,
          chainSeconds,
          stepSeconds,
          reusedDatabase: REUSE ?? undefined,
          firstNightSeconds: round2(firstNightSeconds),
          bootstrapRollupSeconds: round2(bootstrapRollupSeconds),
          loadSeconds: round2(loadSeconds),
          rssMb: Math.round(Math.max(peakRss, process.memoryUsage().rss) / 1048576),
          targetSeconds: 60,
        })}\n`,
      );
    } finally {
      await context.close();
    }
  } finally {
    clearInterval(sampler);
    if (!REUSE) await dropScratchDatabase(dbName);
  }
}

function round2(seconds: number | null): number | null {
  return seconds === null ? null : Number(seconds.toFixed(2));
}

runBench('bench:nightly', main);
