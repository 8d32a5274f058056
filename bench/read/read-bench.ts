// Benchmark of what people wait for when they read: a year of usage for 1,000 team-model scopes
// (100 teams × 10 models, 28 records per scope and day: 10.2 million raw records, COPYed into a
// scratch database), rolled up as the nightly chain would, then the read API, the dashboard, the
// weekly report build, a month's FOCUS export and a year's usage CSV, timed through the API process's HTTP port.
// The year is read in UTC days (the daily rollup) and in Paris days and New York months (the hourly rollup).
// Prints one JSON line with p50/p99 in ms and the targets.
// Usage: npm run bench:read [-- --scopes 1000 --days 365 --per-day 28]
import 'reflect-metadata';
import { pipeline } from 'node:stream/promises';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule, parseConfig } from '@tokenmeter/config';
import { addDays, isoWeekOf, shiftIsoWeek } from '@tokenmeter/contracts';
import { ApiKeyRepository, DbModule } from '@tokenmeter/db';
import { RollupStep } from '@tokenmeter/planner';
import { WeeklyReportBuilder, WeeklyReportModule } from '@tokenmeter/reports';
import { from as copyFrom } from 'pg-copy-streams';
import { startApp, waitForHttp } from '../../test/support/app-process';
import { BENCH_KAFKA_ENV } from '../support/bench-kafka-env';
import { dropScratchDatabase, runBench, scratchDatabase, sessionWithPartitions } from '../support/scratch-database';
import { type BenchDimension, insertDimensions } from '../support/usage-dimensions';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SCOPES = arg('scopes', 1000);
const DAYS = arg('days', 365);
const PER_DAY = arg('per-day', 28);
const MODELS = ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'o3-mini', 'o4-mini', 'gpt-4.1-mini', 'gpt-5', 'gpt-5-mini'];
const MODELS_PER_TEAM = 10;
const TARGETS = { apiP99Ms: 250, reportP99Ms: 2000, focusRowsPerSecond: 100_000 };

const log = (message: string) => process.stderr.write(`[bench:read] ${message}\n`);

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return Number(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)].toFixed(1));
}

async function timed(runs: number, work: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  await work(); // warm-up: plans cached, pools connected
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await work();
    samples.push(performance.now() - t0);
  }
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

const modelOf = (s: number) => `${MODELS[s % MODELS.length]}-${s % MODELS_PER_TEAM}`;

/** Scope s: team s / 10, its model, priced by the bench's own price entry for that model. */
function scopeDimension(s: number): BenchDimension {
  const model = modelOf(s);
  return {
    source: 'bench',
    team: `team-${Math.floor(s / MODELS_PER_TEAM)}`,
    provider: 'openai',
    model,
    priceVersion: `bench-${model}`,
  };
}

/**
 * usage_facts COPY lines for every scope and day (`dimensionIds[s]`: scope s's dimension): a level per
 * scope, a weekly pattern, records spread over the day.
 */
function* usageFactLines(first: Date, dimensionIds: readonly number[]): Generator<string> {
  for (let day = 0; day < DAYS; day++) {
    const dayStart = first.getTime() + day * 86_400_000;
    const weekend = new Date(dayStart).getUTCDay() % 6 === 0 ? 0.6 : 1.1;
    const chunk: string[] = [];
    for (let s = 0; s < SCOPES; s++) {
      const level = (1e4 + (s % 97) * 1e3) * weekend;
      for (let q = 0; q < PER_DAY; q++) {
        const time = new Date(dayStart + Math.floor(((q + 0.5) * 86_400_000) / PER_DAY)).toISOString();
        const input = Math.round(level * (1 + ((q * 7 + s) % 11) / 20));
        const output = Math.round(input * 0.3);
        const cost = ((input * 2.5 + output * 10) / 1e6).toFixed(10);
        chunk.push(`${dimensionIds[s]}\t${day}-${s}-${q}\t${time}\t${input}\t0\t0\t${output}\t0\t1\t${cost}\t${time}`);
      }
    }
    yield `${chunk.join('\n')}\n`;
  }
}

async function main(): Promise<void> {
  const dbName = `tokenmeter_bench_read_${process.pid}`;
  const apps: Array<{ close(): Promise<void> }> = [];
  try {
    const url = await scratchDatabase(dbName);
    const night = addDays(new Date().toISOString().slice(0, 10), -1);
    const first = new Date(`${addDays(night, -(DAYS - 1))}T00:00:00Z`);
    const sql = await sessionWithPartitions(url, first.toISOString().slice(0, 10), night);
    const models = [...new Set(Array.from({ length: SCOPES }, (_, s) => `${MODELS[s % MODELS.length]}-${s % 10}`))];
    await sql.query(
      `INSERT INTO price_entries (id, provider, model, input_per_mtok, output_per_mtok, effective_from, source)
       SELECT 'bench-' || m, 'openai', m, 2.5, 10, '2020-01-01', 'bench' FROM unnest($1::text[]) AS m`,
      [models],
    );
    await sql.query(
      `INSERT INTO teams (id, slug, name, created_at)
       SELECT gen_random_uuid(), 'team-' || t, 'Team ' || t, now() FROM generate_series(0, $1 - 1) AS t`,
      [Math.ceil(SCOPES / MODELS_PER_TEAM)],
    );
    log(`loading ${(SCOPES * DAYS * PER_DAY).toLocaleString('en-US')} records by COPY`);
    const loadStarted = performance.now();
    const dimensionIds = await insertDimensions(
      sql,
      Array.from({ length: SCOPES }, (_, s) => scopeDimension(s)),
    );
    await pipeline(
      usageFactLines(first, dimensionIds),
      sql.query(
        copyFrom(
          `COPY usage_facts (dimension_id, id, time, input_tokens, cached_input_tokens, cache_write_tokens,
             output_tokens, reasoning_tokens, requests, cost_usd, ingested_at) FROM STDIN`,
        ),
      ),
    );
    // No VACUUM or ANALYZE here: the local Postgres runs without autovacuum, and the nightly rollup below
    // vacuums and analyzes the tables it finds grown, as it does for a user (PartitionMaintainer).
    const rawRecords = Number((await sql.query('SELECT count(*) AS n FROM usage_records')).rows[0].n);
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    log(`loaded ${rawRecords.toLocaleString('en-US')} records in ${loadSeconds.toFixed(0)} s; rolling up`);

    const env = {
      ...BENCH_KAFKA_ENV,
      DATABASE_URL: url,
      TOPIC_PREFIX: `bench-read-${process.pid}.`,
      QUEUE_PREFIX: `benchread${process.pid}`,
      API_PORT: String(27_000 + (process.pid % 1000)),
      LOG_LEVEL: 'error',
      INGEST_RATE_LIMIT_PER_MINUTE: '0',
    };
    const config = parseConfig({ ...process.env, ...env });
    // This process rolls up, makes the key and builds the report; it is not the API.
    @Module({ imports: [ConfigModule.forRoot(config), DbModule, WeeklyReportModule], providers: [RollupStep] })
    class BenchModule {}
    const context = await NestFactory.createApplicationContext(BenchModule, { logger: ['error'] });
    apps.push(context);
    const rollupStarted = performance.now();
    await context.get(RollupStep).run(night);
    const rollupSeconds = (performance.now() - rollupStarted) / 1000;
    await sql.end();

    // The API runs as its own process (`npm run start:api`), as it does for a user: the benchmark's
    // client, reading 30 MB of CSV, would otherwise take its time from the thread that serves it.
    const base = `http://${config.API_HOST}:${config.API_PORT}`;
    const api = startApp('api', env);
    apps.push({ close: async () => void (await api.stop()) });
    await waitForHttp(`${base}/readyz`, api);
    const { key } = await context.get(ApiKeyRepository).create({ role: 'finops', team: null, name: 'bench' });
    const headers = { authorization: `Bearer ${key}` };
    const get = async (pathAndQuery: string) => {
      const res = await fetch(`${base}${pathAndQuery}`, { headers });
      if (res.status !== 200) throw new Error(`GET ${pathAndQuery}: ${res.status} ${await res.text()}`);
      return res.text();
    };
    /** A download's lines, counted as its bytes arrive (a user's client does not hold 30 MB as a string). */
    const download = async (pathAndQuery: string) => {
      const res = await fetch(`${base}${pathAndQuery}`, { headers });
      if (res.status !== 200 || !res.body) throw new Error(`GET ${pathAndQuery}: ${res.status} ${await res.text()}`);
      let lines = 0;
      for await (const chunk of res.body) {
        for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
      }
      return lines;
    };
    const yearFrom = `${first.toISOString().slice(0, 10)}T00:00:00Z`;
    const to = `${addDays(night, 1)}T00:00:00Z`;
    const weekFrom = `${addDays(night, -6)}T00:00:00Z`;
    log('timing reads');
    const yearDailyByModel = await timed(20, () =>
      get(`/v1/usage?from=${yearFrom}&to=${to}&window=day&groupBy=model&team=team-7&pageSize=1000`),
    );
    // The same year in local days (Paris), and every team's local months (New York): the hourly rollup's reads.
    const yearFromLocal = first.toISOString().slice(0, 10);
    const toLocal = addDays(night, 1);
    const yearDailyParis = await timed(20, () =>
      get(
        `/v1/usage?from=${yearFromLocal}&to=${toLocal}&tz=Europe/Paris&window=day&groupBy=model&team=team-7` +
          '&pageSize=1000',
      ),
    );
    const yearMonthlyNewYork = await timed(5, () =>
      get(`/v1/usage?from=${yearFromLocal}&to=${toLocal}&tz=America/New_York&window=month&groupBy=team&pageSize=1000`),
    );
    const yearWeeklyParis = await timed(5, () =>
      get(`/v1/usage?from=${yearFromLocal}&to=${toLocal}&tz=Europe/Paris&window=week&groupBy=team&pageSize=1000`),
    );
    // The first page of every scope's year in New York days (365,000 rows): read only as far as it reaches.
    const yearDailyNewYorkFirstPage = await timed(5, () =>
      get(
        `/v1/usage?from=${yearFromLocal}&to=${toLocal}&tz=America/New_York&window=day&groupBy=team,model` +
          '&pageSize=1000',
      ),
    );
    const weekHourly = await timed(20, () =>
      get(`/v1/usage?from=${weekFrom}&to=${to}&window=hour&groupBy=model&team=team-7&pageSize=1000`),
    );
    const dashboard = await timed(10, () => get('/dashboard'));
    const builder = context.get(WeeklyReportBuilder);
    const lastWeek = shiftIsoWeek(isoWeekOf(new Date()), -1);
    const weeklyReport = await timed(5, () => builder.build(lastWeek, null, new Date()));
    const monthFrom = addDays(night, -29);
    let focusRows = 0;
    const focus = await timed(3, async () => {
      focusRows = (await download(`/v1/exports/focus?from=${monthFrom}&to=${addDays(night, 1)}`)) - 1; // the header
    });
    // A year of daily usage by team and model as CSV, every team: the largest export the read API makes.
    let csvRows = 0;
    const usageCsv = await timed(3, async () => {
      csvRows = (await download(`/v1/usage.csv?from=${yearFrom}&to=${to}&window=day&groupBy=team,model`)) - 1;
    });
    process.stdout.write(
      `${JSON.stringify({
        scopes: SCOPES,
        days: DAYS,
        rawRecords,
        yearDailyByModelMs: yearDailyByModel,
        yearDailyParisMs: yearDailyParis,
        yearMonthlyNewYorkMs: yearMonthlyNewYork,
        yearWeeklyParisMs: yearWeeklyParis,
        yearDailyNewYorkFirstPageMs: yearDailyNewYorkFirstPage,
        weekHourlyMs: weekHourly,
        dashboardMs: dashboard,
        weeklyReportMs: weeklyReport,
        focusMonth: {
          rows: focusRows,
          ms: focus,
          rowsPerSecond: Math.round(focusRows / (focus.p50 / 1000)),
        },
        usageCsvYear: { rows: csvRows, ms: usageCsv, rowsPerSecond: Math.round(csvRows / (usageCsv.p50 / 1000)) },
        loadSeconds: Number(loadSeconds.toFixed(1)),
        rollupSeconds: Number(rollupSeconds.toFixed(1)),
        targets: TARGETS,
      })}\n`,
    );
  } finally {
    for (const app of apps.reverse()) await app.close();
    await dropScratchDatabase(dbName);
  }
}

runBench('bench:read', main);
