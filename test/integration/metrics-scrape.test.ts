// The worker's metrics scrape against a local HTTP server replaying recorded vLLM and DCGM
// exporter text, through the real processor and repositories: three scrapes, the vLLM server
// restarting (counters back near zero, KV-cache metric renamed by the upgrade) and one GPU's
// driver reloading between the 2nd and 3rd. Token and energy increases, power taken once per
// physical GPU under MIG, the "exact counters win" rule, and a failing endpoint that is counted.

import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { getQueueToken } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule } from '@tokenmeter/config';
import { JobNames, Queues } from '@tokenmeter/contracts';
import { DbModule, UsageRecordRepository } from '@tokenmeter/db';
import { KafkaModule } from '@tokenmeter/kafka';
import { loggerOptions, MetricsService, ObservabilityModule } from '@tokenmeter/observability';
import type { Job, Queue } from 'bullmq';
import { LoggerModule } from 'nestjs-pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapWorker } from '../../apps/worker/src/main';
import { MetricsEndpointFetcher } from '../../apps/worker/src/telemetry/metrics-endpoint-fetcher';
import { MetricsScraper } from '../../apps/worker/src/telemetry/metrics-scraper';
import { TelemetryProcessor } from '../../apps/worker/src/telemetry/telemetry.processor';
import { parseConfig } from '../../libs/config/src/load-config';
import { freePorts } from '../support/app-process';
import { insertDeployment, metricValue } from '../support/deployments';
import { createUsageSuite, UsageSuite } from '../support/usage-suite';
import { waitFor } from '../support/wait-for';

const POOL = 'llama-70b-pool';

// Recorded from a V1 vLLM with two data-parallel engines. Phases 1–2: a build that still exposes
// vllm:gpu_cache_usage_perc; phase 3: restarted on a newer build (counters from zero, the KV-cache
// gauge renamed vllm:kv_cache_usage_perc; both names appear during the deprecation window, the new
// one wins).
function vllmText(phase: 1 | 2 | 3): string {
  const c = {
    1: {
      p0: 100_000,
      p1: 50_000,
      g0: 20_000,
      g1: 10_000,
      stop: 100,
      length: 5,
      kv0: 0.25,
      kv1: 0.35,
      run0: 4,
      run1: 3,
    },
    2: { p0: 130_000, p1: 62_000, g0: 26_000, g1: 13_000, stop: 130, length: 7, kv0: 0.5, kv1: 0.3, run0: 6, run1: 2 },
    3: { p0: 4_000, p1: 1_500, g0: 900, g1: 600, stop: 10, length: null, kv0: 0.1, kv1: 0.2, run0: 1, run1: 1 },
  }[phase];
  const kv =
    phase === 3
      ? `# HELP vllm:kv_cache_usage_perc KV-cache usage. 1 means 100 percent usage.
# TYPE vllm:kv_cache_usage_perc gauge
vllm:kv_cache_usage_perc{engine="0",model_name="meta-llama/Llama-3.1-70B-Instruct"} ${c.kv0}
vllm:kv_cache_usage_perc{engine="1",model_name="meta-llama/Llama-3.1-70B-Instruct"} ${c.kv1}
# HELP vllm:gpu_cache_usage_perc GPU KV-cache usage. 1 means 100 percent usage. (deprecated)
# TYPE vllm:gpu_cache_usage_perc gauge
vllm:gpu_cache_usage_perc{engine="0",model_name="meta-llama/Llama-3.1-70B-Instruct"} 0.99
vllm:gpu_cache_usage_perc{engine="1",model_name="meta-llama/Llama-3.1-70B-Instruct"} 0.99`
      : `# HELP vllm:gpu_cache_usage_perc GPU KV-cache usage. 1 means 100 percent usage.
# TYPE vllm:gpu_cache_usage_perc gauge
vllm:gpu_cache_usage_perc{engine="0",model_name="meta-llama/Llama-3.1-70B-Instruct"} ${c.kv0}
vllm:gpu_cache_usage_perc{engine="1",model_name="meta-llama/Llama-3.1-70B-Instruct"} ${c.kv1}`;
  return `# HELP python_gc_objects_collected_total Objects collected during gc
# TYPE python_gc_objects_collected_total counter
python_gc_objects_collected_total{generation="0"} 12345.0
# HELP vllm:num_requests_running Number of requests in model execution batches.
# TYPE vllm:num_requests_running gauge
vllm:num_requests_running{engine="0",model_name="meta-llama/Llama-3.1-70B-Instruct"} ${c.run0}
vllm:num_requests_running{engine="1",model_name="meta-llama/Llama-3.1-70B-Instruct"} ${c.run1}
# HELP vllm:num_requests_waiting Number of requests waiting to be processed.
# TYPE vllm:num_requests_waiting gauge
vllm:num_requests_waiting{engine="0",model_name="meta-llama/Llama-3.1-70B-Instruct"} 2.0
vllm:num_requests_waiting{engine="1",model_name="meta-llama/Llama-3.1-70B-Instruct"} 0.0
${kv}
# HELP vllm:prompt_tokens_total Number of prefill tokens processed.
# TYPE vllm:prompt_tokens_total counter
vllm:prompt_tokens_total{engine="0",model_name="meta-llama/Llama-3.1-70B-Instruct"} ${c.p0}.0
vllm:prompt_tokens_total{engine="1",model_name="meta-llama/Llama-3.1-70B-Instruct"} ${c.p1}.0
# HELP vllm:prompt_tokens_created Number of prefill tokens processed.
# TYPE vllm:prompt_tokens_created gauge
vllm:prompt_tokens_created{engine="0",model_name="meta-llama/Llama-3.1-70B-Instruct"} 1.7953e+09
# HELP vllm:generation_tokens_total Number of generation tokens processed.
# TYPE vllm:generation_tokens_total counter
vllm:generation_tokens_total{engine="0",model_name="meta-llama/Llama-3.1-70B-Instruct"} ${c.g0}.0
vllm:generation_tokens_total{engine="1",model_name="meta-llama/Llama-3.1-70B-Instruct"} ${c.g1}.0
# HELP vllm:request_success_total Count of successfully processed requests.
# TYPE vllm:request_success_total counter
vllm:request_success_total{engine="0",finished_reason="stop",model_name="meta-llama/Llama-3.1-70B-Instruct"} ${c.stop}.0
${
  c.length === null
    ? ''
    : `vllm:request_success_total{engine="0",finished_reason="length",\
model_name="meta-llama/Llama-3.1-70B-Instruct"} ${c.length}.0`
}
# HELP vllm:time_to_first_token_seconds Histogram of time to first token in seconds.
# TYPE vllm:time_to_first_token_seconds histogram
vllm:time_to_first_token_seconds_bucket{engine="0",le="0.1",model_name="meta-llama/Llama-3.1-70B-Instruct"} 500.0
vllm:time_to_first_token_seconds_bucket{engine="0",le="+Inf",model_name="meta-llama/Llama-3.1-70B-Instruct"} 953.0
vllm:time_to_first_token_seconds_count{engine="0",model_name="meta-llama/Llama-3.1-70B-Instruct"} 953.0
vllm:time_to_first_token_seconds_sum{engine="0",model_name="meta-llama/Llama-3.1-70B-Instruct"} 120.5
`;
}

// dcgm-exporter on a host with two A100s: GPU 0 split into three MIG slices (the exporter repeats
// the device's power, energy and utilization on every slice), GPU 1 whole. GPU 1's driver reloads
// before phase 3 (its energy counter starts again).
function dcgmText(phase: 1 | 2 | 3): string {
  const c = {
    1: { w0: 250, w1: 90, e0: 5_000_000, e1: 2_000_000 },
    2: { w0: 260, w1: 100, e0: 5_600_000, e1: 2_150_000 },
    3: { w0: 240, w1: 80, e0: 5_900_000, e1: 30_000 },
  }[phase];
  const slice = (id: string, profile: string) =>
    `gpu="0",UUID="GPU-33333333-aaaa-bbbb-cccc-000000000000",device="nvidia0",modelName="NVIDIA A100-SXM4-80GB",` +
    `GPU_I_PROFILE="${profile}",GPU_I_ID="${id}",Hostname="gpu-host-2"`;
  const whole =
    'gpu="1",UUID="GPU-44444444-aaaa-bbbb-cccc-000000000000",device="nvidia1",' +
    'modelName="NVIDIA A100-SXM4-80GB",Hostname="gpu-host-2"';
  const slices: Array<[string, string, number]> = [
    ['1', '3g.40gb', 0.8],
    ['5', '2g.20gb', 0.5],
    ['13', '1g.10gb', 0.0],
  ];
  return `# HELP DCGM_FI_DEV_GPU_UTIL GPU utilization (in %).
# TYPE DCGM_FI_DEV_GPU_UTIL gauge
${slices.map(([id, p]) => `DCGM_FI_DEV_GPU_UTIL{${slice(id, p)}} 90`).join('\n')}
DCGM_FI_DEV_GPU_UTIL{${whole}} 20
# HELP DCGM_FI_DEV_POWER_USAGE Power draw (in W).
# TYPE DCGM_FI_DEV_POWER_USAGE gauge
${slices.map(([id, p]) => `DCGM_FI_DEV_POWER_USAGE{${slice(id, p)}} ${c.w0}.0`).join('\n')}
DCGM_FI_DEV_POWER_USAGE{${whole}} ${c.w1}.0
# HELP DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION Total energy consumption since boot (in mJ).
# TYPE DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION counter
${slices.map(([id, p]) => `DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{${slice(id, p)}} ${c.e0}`).join('\n')}
DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{${whole}} ${c.e1}
# HELP DCGM_FI_PROF_GR_ENGINE_ACTIVE Ratio of time the graphics engine is active.
# TYPE DCGM_FI_PROF_GR_ENGINE_ACTIVE gauge
${slices.map(([id, p, active]) => `DCGM_FI_PROF_GR_ENGINE_ACTIVE{${slice(id, p)}} ${active}`).join('\n')}
DCGM_FI_PROF_GR_ENGINE_ACTIVE{${whole}} 0.1
`;
}

const SGLANG_METRICS = readFileSync(
  path.resolve(__dirname, '../../libs/telemetry/src/fixtures/sglang/v0.5-metrics.prom'),
  'utf8',
);

describe('metrics scrape', () => {
  let suite: UsageSuite;
  let server: Server;
  let phase: 1 | 2 | 3 = 1;
  let context: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>;

  beforeAll(async () => {
    suite = await createUsageSuite();
    server = createServer((req, res) => {
      if (req.url === '/vllm/metrics')
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(vllmText(phase));
      else if (req.url === '/sglang/metrics')
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(SGLANG_METRICS);
      else if (req.url === '/dcgm/metrics')
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(dcgmText(phase));
      else res.writeHead(500).end('exporter crashed');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await insertDeployment(suite.sql, {
      name: POOL,
      team: 'support',
      servedModel: 'llama-3.1-70b',
      vllmMetricsUrl: `${base}/vllm/metrics`,
      dcgmMetricsUrl: `${base}/dcgm/metrics`,
    });
    // An SGLang deployment: its own metric names, stored as the same samples and usage.
    await insertDeployment(suite.sql, {
      name: 'sglang-pool',
      team: 'search',
      servedModel: 'qwen3-30b-a3b',
      engine: 'sglang',
      vllmMetricsUrl: `${base}/sglang/metrics`,
    });
    // A deployment whose exporter answers 500: counted, logged, and nobody else's scrape suffers.
    await insertDeployment(suite.sql, {
      name: 'broken-pool',
      team: 'search',
      servedModel: 'qwen3-30b-a3b',
      vllmMetricsUrl: `${base}/broken`,
    });

    // The worker's telemetry injectables with the real database, without BullMQ's scheduling:
    // the test decides when each scrape runs.
    // The fake exporters listen on loopback, which a metrics URL may reach only when allowed.
    const config = parseConfig({
      ...process.env,
      ...suite.env,
      LOG_LEVEL: 'error',
      METRICS_ALLOWED_NETWORKS: '127.0.0.0/8',
    });
    @Module({
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerOptions('worker', 'error')),
        DbModule,
        KafkaModule,
        ObservabilityModule,
      ],
      providers: [MetricsEndpointFetcher, MetricsScraper, TelemetryProcessor],
    })
    class ScrapeTestModule {}
    context = await NestFactory.createApplicationContext(ScrapeTestModule, { logger: false, abortOnError: false });
  });

  afterAll(async () => {
    await context?.close();
    await new Promise((resolve) => server?.close(resolve));
    await suite?.close();
  });

  it('stores token and energy increases across a counter reset, power once per GPU', async () => {
    const processor = context.get(TelemetryProcessor);
    const job = { name: JobNames.scrapeMetrics, data: {} } as Job;
    for (const next of [1, 2, 3] as const) {
      phase = next;
      expect(await processor.process(job)).toEqual({ deployments: 3, stored: 2 });
    }

    const samples = await suite.sql.query(
      `SELECT time, source, engine, interval_sec::float AS interval,
         prompt_tokens_per_sec::float AS prompt, generation_tokens_per_sec::float AS gen,
         running, waiting, kv_cache_usage_pct::float AS kv,
         gpu_util_pct::float AS util, gpu_engine_active_pct::float AS active,
         power_watts::float AS power, energy_joules::float AS energy
       FROM utilization_samples WHERE deployment = $1 ORDER BY time`,
      [POOL],
    );
    expect(samples.rows).toHaveLength(3);
    const [s1, s2, s3] = samples.rows;
    // Power: GPU 0's draw once (not × 3 slices) plus GPU 1's: 250 + 90, 260 + 100, 240 + 80.
    expect([s1.power, s2.power, s3.power]).toEqual([340, 360, 320]);
    // Energy, mJ → J: scrape 2: (5,600,000 − 5,000,000) + (2,150,000 − 2,000,000) = 750,000 mJ = 750 J;
    // scrape 3: (5,900,000 − 5,600,000) + 30,000 (GPU 1 reset: counts from zero) = 330,000 mJ = 330 J.
    expect([s1.energy, s2.energy, s3.energy]).toEqual([null, 750, 330]);
    // KV cache: mean of the engines, in %: (25 + 35) / 2, (50 + 30) / 2, then from the renamed gauge (10 + 20) / 2.
    expect([s1.kv, s2.kv, s3.kv]).toEqual([30, 40, 15]);
    expect([s1.running, s2.running, s3.running]).toEqual([7, 8, 2]);
    expect(s1.waiting).toBe(2);
    // GPU util: (90 + 20) / 2; engine active: GPU 0's slices weighted by size (0.8×3 + 0.5×2 + 0×1)/6 = 56.667 %, GPU
    // 1 10 %.
    expect(s1.util).toBe(55);
    expect(s1.active).toBeCloseTo((340 / 6 + 10) / 2, 2);
    expect(s1).toMatchObject({ source: 'metrics', engine: 0, interval: 0, prompt: null, gen: null });
    // Rates are the increases over the time between scrapes.
    expect(s2.prompt).toBeCloseTo(42_000 / s2.interval, -1);
    expect(s2.interval).toBeCloseTo((s2.time.getTime() - s1.time.getTime()) / 1000, 3);

    // Counter-based usage: scrape 2: prompt (130,000 − 100,000) + (62,000 − 50,000) = 42,000;
    // generation 6,000 + 3,000 = 9,000; requests 30 + 2 = 32. Scrape 3 (restart: new values count
    // in full): prompt 4,000 + 1,500 = 5,500; generation 900 + 600 = 1,500; requests 10.
    const usage = await suite.sql.query(
      `SELECT source, id, time, team, provider, model, input_tokens, output_tokens, requests, cost_usd, tags
       FROM usage_records WHERE deployment = $1 ORDER BY time`,
      [POOL],
    );
    expect(usage.rows).toEqual([
      expect.objectContaining({
        source: `vllm-metrics:${POOL}`,
        id: s2.time.toISOString(),
        input_tokens: 42_000n,
        output_tokens: 9_000n,
        requests: 32,
      }),
      expect.objectContaining({
        source: `vllm-metrics:${POOL}`,
        id: s3.time.toISOString(),
        input_tokens: 5_500n,
        output_tokens: 1_500n,
        requests: 10,
      }),
    ]);
    expect(usage.rows[0]).toMatchObject({
      team: 'support',
      provider: 'self-hosted',
      model: `llama-3.1-70b@${POOL}`,
      cost_usd: null,
      tags: { basis: 'counter' },
    });

    const state = await suite.sql.query(
      `SELECT target, time FROM metric_counter_states WHERE deployment = $1 ORDER BY target`,
      [POOL],
    );
    expect(state.rows).toEqual([
      { target: 'dcgm', time: s3.time },
      { target: 'vllm', time: s3.time },
    ]);

    // The failing endpoint: one failure per run, and it stored nothing.
    const metrics = await context.get(MetricsService).render();
    expect(metricValue(metrics, 'tokenmeter_metrics_scrape_failures_total', 'target="vllm"')).toBe(3);
    expect(metricValue(metrics, 'tokenmeter_metrics_scrapes_total', 'target="dcgm"')).toBe(3);
    const broken = await suite.sql.query(
      `SELECT count(*)::int AS n FROM utilization_samples WHERE deployment = 'broken-pool'`,
    );
    expect(broken.rows[0].n).toBe(0);
  });

  it('reads an SGLang deployment by its own metric names', async () => {
    const samples = await suite.sql.query(
      `SELECT running, waiting, kv_cache_usage_pct::float AS kv FROM utilization_samples
       WHERE deployment = 'sglang-pool' ORDER BY time`,
    );
    // Three scrapes of the fixture: running 3 + 2, queued 1, token_usage (0.2 + 0.4) / 2 = 30 %.
    expect(samples.rows).toEqual(Array(3).fill({ running: 5, waiting: 1, kv: 30 }));
  });

  it('exact counters win over log estimates, hour by hour', async () => {
    const repository = context.get(UsageRecordRepository);
    const counterRows = await suite.sql.query(`SELECT time FROM usage_records WHERE deployment = $1 ORDER BY time`, [
      POOL,
    ]);
    const hour = new Date(Math.floor(counterRows.rows[0].time.getTime() / 3_600_000) * 3_600_000);
    const earlier = new Date(hour.getTime() - 2 * 3_600_000);
    const estimate = (time: Date, input: number, output: number) => ({
      source: `vllm-log:${POOL}`,
      id: `${time.toISOString()}#0`,
      time,
      team: 'support',
      project: null,
      tags: { basis: 'log-estimate' },
      provider: 'self-hosted',
      model: `llama-3.1-70b@${POOL}`,
      deployment: POOL,
      inputTokens: input,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: output,
      reasoningTokens: 0,
      requests: 0,
      costUsd: null,
      priceVersion: null,
    });
    // Log estimates for the hour the counters cover (ignored) and for an hour without counters (kept).
    await repository.insertBatch([
      estimate(new Date(hour.getTime() + 1_000), 99_999, 99_999),
      estimate(new Date(earlier.getTime() + 5_000), 1_000, 200),
      estimate(new Date(earlier.getTime() + 15_000), 500, 100),
    ]);
    const hours = await repository.selfHostedTokensByHour(
      POOL,
      new Date(earlier.getTime() - 3_600_000),
      new Date(hour.getTime() + 3_600_000),
    );
    const counterHours = [...new Set(counterRows.rows.map((r) => Math.floor(r.time.getTime() / 3_600_000)))];
    expect(counterHours).toHaveLength(1); // both counter rows fall in one hour (the scrapes ran a moment apart)
    expect(hours).toEqual([
      { hour: earlier, basis: 'log-estimate', inputTokens: 1_500n, outputTokens: 300n, requests: 0n, records: 2 },
      { hour, basis: 'counter', inputTokens: 47_500n, outputTokens: 10_500n, requests: 42n, records: 2 },
    ]);
  });

  it('the worker schedules the scrape itself (repeatable job on the telemetry queue)', async () => {
    const before = await suite.sql.query(`SELECT count(*)::int AS n FROM utilization_samples WHERE deployment = $1`, [
      POOL,
    ]);
    const config = parseConfig({
      ...process.env,
      ...suite.env,
      LOG_LEVEL: 'error',
      METRICS_ALLOWED_NETWORKS: '127.0.0.0/8',
      QUEUE_PREFIX: suite.env.TOPIC_PREFIX.replace(/\W/g, ''),
      WORKER_HTTP_PORT: String(freePorts().worker),
    });
    const worker = await bootstrapWorker(config, { standalone: false });
    try {
      // The scheduler's first run comes at once, then every 30 s.
      await waitFor(
        () =>
          suite.sql
            .query(`SELECT count(*)::int AS n FROM utilization_samples WHERE deployment = $1`, [POOL])
            .then((r) => r.rows[0].n as number),
        (n) => n > before.rows[0].n,
        40_000,
        'a scrape run by the worker',
      );
    } finally {
      // Leave no schedule behind in Redis under this suite's prefix.
      await worker.get<Queue>(getQueueToken(Queues.telemetry)).obliterate({ force: true });
      await worker.close();
    }
  });
});
