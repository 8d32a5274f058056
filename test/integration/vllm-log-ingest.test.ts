// vLLM logs through Kafka into Postgres: a mixed stream for two deployments (vLLM V0, v0.5+, V1
// with and without `Engine NNN:`, v0.10 process tags, docker compose and kubectl prefixes, raw lines
// and Vector / Fluent Bit / Filebeat events; the deployment found by key, header, field and pod
// labels) becomes utilization samples and self-hosted usage whose numbers are worked out by hand
// below. Unparseable lines are counted and skipped; unknown deployments go to vllm.logs.dlq.
import { MetricsService } from '@tokenmeter/observability';
import type { Message } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageRecordRepository } from '../../libs/db/src/repositories/usage-record-repository';
import { insertDeployment, metricValue } from '../support/deployments';
import { startIngestInProcess } from '../support/ingest-harness';
import { produce, readTopic } from '../support/kafka-helpers';
import { createUsageSuite, UsageSuite } from '../support/usage-suite';
import { waitFor } from '../support/wait-for';

const LLAMA = 'llama-70b-pool'; // V1 engine, VLLM_LOG_STATS_INTERVAL 10 s, two data-parallel engines
const QWEN = 'qwen-30b-l40s'; // an older V0 engine: stats every 5 s, hard-coded
// Every message carries this Kafka timestamp: vLLM prints no year, so the year comes from it.
const KAFKA_TIME = String(Date.parse('2026-11-27T10:30:00Z'));

const msg = (key: string | null, value: string | Buffer | null, headers?: Record<string, string>): Message => ({
  key,
  value,
  headers,
  timestamp: KAFKA_TIME,
});
const v1 = (
  time: string,
  prompt: string,
  generation: string,
  running: number,
  waiting: number,
  kv: string,
  hit: string,
  engine = 'Engine 000: ',
) =>
  `INFO 11-27 ${time} [loggers.py:116] ${engine}Avg prompt throughput: ${prompt} tokens/s, ` +
  `Avg generation throughput: ${generation} tokens/s, Running: ${running} reqs, Waiting: ${waiting} reqs, ` +
  `GPU KV cache usage: ${kv}%, Prefix cache hit rate: ${hit}%`;

describe('vLLM log ingestion', () => {
  let suite: UsageSuite;
  let ingest: Awaited<ReturnType<typeof startIngestInProcess>>;

  beforeAll(async () => {
    suite = await createUsageSuite();
    await insertDeployment(suite.sql, {
      name: LLAMA,
      team: 'support',
      servedModel: 'llama-3.1-70b',
      logStatsIntervalSec: 10,
      kubernetesLabels: { 'app.kubernetes.io/instance': LLAMA },
    });
    await insertDeployment(suite.sql, {
      name: QWEN,
      team: 'search',
      servedModel: 'qwen3-30b-a3b',
      kubernetesLabels: { 'app.kubernetes.io/name': 'vllm-qwen' },
    });
    ingest = await startIngestInProcess(suite.env);
  });

  afterAll(async () => {
    await ingest?.close();
    await suite?.close();
  });

  it('stores the stated samples and self-hosted tokens, counts junk, dead-letters unknown deployments', async () => {
    const llamaByKey: Message[] = [
      // Found by the message key; raw lines; one partition, in order. Start-up, access and request
      // lines are parsed but carry no utilization.
      msg(LLAMA, 'INFO 11-27 09:59:00 [api_server.py:1043] vLLM API server version 0.8.5'),
      // A1, first line: no previous line → the 10 s interval: 1000 × 10 = 10,000 prompt, 200 × 10 = 2,000 generation.
      msg(LLAMA, v1('10:00:00', '1000.0', '200.0', 8, 2, '40.0', '55.0')),
      msg(LLAMA, 'INFO:     10.0.0.7:51234 - "POST /v1/chat/completions HTTP/1.1" 200 OK'),
      // A2, early V1 without `Engine 000:`, 12 s after A1 (late, ≤ 1.5 × 10 s): 500 × 12 = 6,000; 150 × 12 = 1,800.
      msg(LLAMA, v1('10:00:12', '500.0', '150.0', 6, 0, '30.0', '50.0', '')),
      // Junk, counted as unparseable and skipped: traceback lines, an empty message, a tombstone,
      // a shipper event without a line, bytes that are not text. Six in all.
      msg(LLAMA, 'Traceback (most recent call last):'),
      msg(LLAMA, '  File "/usr/local/lib/python3.12/site-packages/vllm/engine/llm_engine.py", line 1200, in step'),
      msg(LLAMA, ''),
      msg(LLAMA, null),
      msg(LLAMA, '{"stream":"stderr","kubernetes":{"pod_name":"vllm-llama-0"}}'),
      msg(LLAMA, Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x9c])),
      msg(
        LLAMA,
        'WARNING 11-27 10:00:20 [scheduler.py:1754] Sequence group 7 is preempted by PreemptionMode.RECOMPUTE',
      ),
      // A3, docker compose prefix + v0.10 process tag, 10 s after A2: 300 × 10 = 3,000; 100 × 10 = 1,000.
      msg(LLAMA, `vllm-llama-1  | (APIServer pid=7) ${v1('10:00:22', '300.0', '100.0', 4, 1, '20.0', '45.0')}`),
      // A4, kubectl prefix, after 278 s of silence (idle lines are not printed): only its own 10 s:
      // 50 × 10 = 500; 20 × 10 = 200.
      msg(LLAMA, `[pod/vllm-llama-0/vllm] ${v1('10:05:00', '50.0', '20.0', 1, 0, '5.0', '40.0')}`),
    ];
    const llamaOthers: Message[] = [
      // Engine 1 (data parallel), found by the tokenmeter-deployment header, no key (any partition):
      // B1 first → 10 s: 2,000 + 800; B2 10 s later → 10 s: 1,000 + 400.
      msg(null, `(EngineCore_DP1 pid=9) ${v1('10:00:05', '200.0', '80.0', 3, 0, '25.0', '10.0', 'Engine 001: ')}`, {
        'tokenmeter-deployment': LLAMA,
      }),
      msg(null, `(EngineCore_DP1 pid=9) ${v1('10:00:15', '100.0', '40.0', 2, 0, '20.0', '12.0', 'Engine 001: ')}`, {
        'tokenmeter-deployment': LLAMA,
      }),
      // C1, a Vector event found by its `deployment` field, 5 min after A4 → 10 s: 0 prompt, 250 × 10 = 2,500.
      msg(
        null,
        JSON.stringify({
          message: v1('10:10:00', '0.0', '250.0', 3, 0, '15.0', '60.0'),
          timestamp: '2026-11-27T10:10:00.250Z',
          deployment: LLAMA,
          source_type: 'docker_logs',
        }),
      ),
    ];
    const qwen: Message[] = [
      // Fluent Bit events keyed by pod name (no deployment): found by the pod's labels. V0: 5 s.
      // Q1, v0.5+ with its trailing period, first → 5 s: 400 × 5 = 2,000 prompt; 60 × 5 = 300 generation.
      msg(
        'vllm-qwen-0',
        JSON.stringify({
          log:
            'INFO 11-27 10:00:00 metrics.py:351] Avg prompt throughput: 400.0 tokens/s, ' +
            'Avg generation throughput: 60.0 tokens/s, ' +
            'Running: 5 reqs, Swapped: 0 reqs, Pending: 3 reqs, GPU KV cache usage: 35.5%, CPU KV cache usage: 0.0%.\n',
          stream: 'stderr',
          '@timestamp': 1795773600.0,
          kubernetes: {
            pod_name: 'vllm-qwen-0',
            labels: { 'app.kubernetes.io/name': 'vllm-qwen', 'pod-template-hash': '7d9f8b' },
          },
        }),
      ),
      // Q2, pre-0.5 (no trailing period), 5 s later → 5 s: 100 × 5 = 500; 40 × 5 = 200. Its V0 prefix
      // cache line follows in the same second and fills the sample's hit rate (12.5 %).
      msg(
        'vllm-qwen-0',
        JSON.stringify({
          log:
            'INFO 11-27 10:00:05 metrics.py:351] Avg prompt throughput: 100.0 tokens/s, ' +
            'Avg generation throughput: 40.0 tokens/s, ' +
            'Running: 2 reqs, Swapped: 1 reqs, Pending: 0 reqs, GPU KV cache usage: 10.0%, CPU KV cache usage: 0.0%',
          '@timestamp': 1795773605.0,
          kubernetes: { labels: { 'app.kubernetes.io/name': 'vllm-qwen' } },
        }),
      ),
      msg(
        'vllm-qwen-0',
        JSON.stringify({
          log: 'INFO 11-27 10:00:05 metrics.py:367] Prefix cache hit rate: GPU: 12.50%, CPU: 0.00%',
          '@timestamp': 1795773605.0,
          kubernetes: { labels: { 'app.kubernetes.io/name': 'vllm-qwen' } },
        }),
      ),
      // Q3, a Filebeat event (dedotted label keys), 15 s after Q2 (> 7.5 s: idle between) → 5 s: 0; 80 × 5 = 400.
      msg(
        null,
        JSON.stringify({
          '@timestamp': '2026-11-27T10:00:20.000Z',
          message:
            'INFO 11-27 10:00:20 metrics.py:351] Avg prompt throughput: 0.0 tokens/s, ' +
            'Avg generation throughput: 80.0 tokens/s, ' +
            'Running: 1 reqs, Swapped: 0 reqs, Pending: 0 reqs, GPU KV cache usage: 4.0%, CPU KV cache usage: 0.0%.',
          agent: { type: 'filebeat' },
          kubernetes: { labels: { 'app_kubernetes_io/name': 'vllm-qwen' } },
        }),
      ),
      // Q4, v0.1's single throughput, keyed: 120 × 5 = 600 tokens, booked as output.
      msg(
        QWEN,
        'INFO 11-27 10:01:00 llm_engine.py:400] Throughput: 120.0 tokens/s, ' +
          'Running: 1 reqs, Swapped: 0 reqs, Pending: 0 reqs, GPU KV cache usage: 5.0%',
      ),
    ];
    const unknown: Message[] = [
      msg('gpu-pool-z', v1('10:00:00', '10.0', '1.0', 1, 0, '1.0', '0.0')),
      msg(
        null,
        'INFO 11-27 10:00:00 [loggers.py:116] Engine 000: Avg prompt throughput: 1.0 tokens/s, ' +
          'Avg generation throughput: 1.0 tokens/s',
      ),
    ];
    await produce(suite.topics.vllmLogs, [...llamaByKey, ...llamaOthers, ...qwen, ...unknown]);

    const sampleCount = () =>
      suite.sql.query(`SELECT count(*)::int AS n FROM utilization_samples`).then((r) => r.rows[0].n as number);
    // LLAMA: A1–A4, B1, B2, C1 = 7 samples; QWEN: Q1–Q4 = 4 samples.
    await waitFor(sampleCount, (n) => n >= 11, 60_000, '11 utilization samples');
    const dead = await readTopic(suite.topics.vllmLogsDlq, 2, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // anything extra would land now
    expect(await sampleCount()).toBe(11);

    // Utilization samples: the numbers of the lines, the window each covers.
    const samples = await suite.sql.query(
      `SELECT deployment, to_char(time AT TIME ZONE 'UTC', 'HH24:MI:SS') AS t,
         engine, source, interval_sec::float AS interval,
         prompt_tokens_per_sec::float AS prompt, generation_tokens_per_sec::float AS gen, running, waiting, swapped,
         kv_cache_usage_pct::float AS kv, prefix_cache_hit_rate_pct::float AS hit
       FROM utilization_samples ORDER BY deployment, engine, time`,
    );
    const row = (
      deployment: string,
      t: string,
      engine: number,
      interval: number,
      prompt: number | null,
      gen: number | null,
      running: number,
      waiting: number,
      swapped: number | null,
      kv: number,
      hit: number | null,
    ) => ({ deployment, t, engine, source: 'log', interval, prompt, gen, running, waiting, swapped, kv, hit });
    expect(samples.rows).toEqual([
      row(LLAMA, '10:00:00', 0, 10, 1000, 200, 8, 2, null, 40, 55),
      row(LLAMA, '10:00:12', 0, 12, 500, 150, 6, 0, null, 30, 50),
      row(LLAMA, '10:00:22', 0, 10, 300, 100, 4, 1, null, 20, 45),
      row(LLAMA, '10:05:00', 0, 10, 50, 20, 1, 0, null, 5, 40),
      row(LLAMA, '10:10:00', 0, 10, 0, 250, 3, 0, null, 15, 60),
      row(LLAMA, '10:00:05', 1, 10, 200, 80, 3, 0, null, 25, 10),
      row(LLAMA, '10:00:15', 1, 10, 100, 40, 2, 0, null, 20, 12),
      row(QWEN, '10:00:00', 0, 5, 400, 60, 5, 3, 0, 35.5, null),
      row(QWEN, '10:00:05', 0, 5, 100, 40, 2, 0, 1, 10, 12.5),
      row(QWEN, '10:00:20', 0, 5, 0, 80, 1, 0, 0, 4, null),
      row(QWEN, '10:01:00', 0, 5, null, null, 1, 0, 0, 5, null),
    ]);

    // Self-hosted usage beside API usage, in usage_records.
    // LLAMA prompt: 10,000 + 6,000 + 3,000 + 500 + 0 (C1) + 2,000 + 1,000 (engine 1) = 22,500
    // LLAMA generation: 2,000 + 1,800 + 1,000 + 200 + 2,500 + 800 + 400 = 8,700
    // QWEN prompt: 2,000 + 500 + 0 = 2,500; generation: 300 + 200 + 400 + 600 (v0.1 total) = 1,500
    const totals = await suite.sql.query(
      `SELECT deployment, team, provider, model, count(*)::int AS rows,
         sum(input_tokens)::int AS input, sum(output_tokens)::int AS output,
         count(cost_usd)::int AS priced, bool_and(tags->>'basis' = 'log-estimate') AS estimates, min(source) AS source
       FROM usage_records GROUP BY deployment, team, provider, model ORDER BY deployment`,
    );
    expect(totals.rows).toEqual([
      {
        deployment: LLAMA,
        team: 'support',
        provider: 'self-hosted',
        model: `llama-3.1-70b@${LLAMA}`,
        rows: 7,
        input: 22_500,
        output: 8_700,
        priced: 0,
        estimates: true,
        source: `vllm-log:${LLAMA}`,
      },
      {
        deployment: QWEN,
        team: 'search',
        provider: 'self-hosted',
        model: `qwen3-30b-a3b@${QWEN}`,
        rows: 4,
        input: 2_500,
        output: 1_500,
        priced: 0,
        estimates: true,
        source: `vllm-log:${QWEN}`,
      },
    ]);
    const ids = await suite.sql.query(`SELECT id FROM usage_records WHERE deployment = $1 ORDER BY id`, [LLAMA]);
    expect(ids.rows.map((r) => r.id)).toContain('2026-11-27T10:00:12.000Z#0');
    expect(ids.rows.map((r) => r.id)).toContain('2026-11-27T10:00:15.000Z#1');

    // The reader's view: no counters for these hours, so the log estimates are the totals.
    const hours = await ingest
      .get(UsageRecordRepository)
      .selfHostedTokensByHour(LLAMA, new Date('2026-11-27T00:00:00Z'), new Date('2026-11-28T00:00:00Z'));
    expect(hours).toEqual([
      {
        hour: new Date('2026-11-27T10:00:00Z'),
        basis: 'log-estimate',
        inputTokens: 22_500n,
        outputTokens: 8_700n,
        requests: 0n,
        records: 7,
      },
    ]);

    // Junk counted, not fatal (A3 and A4 came after it and were stored).
    const metrics = await ingest.get(MetricsService).render();
    expect(metricValue(metrics, 'tokenmeter_vllm_log_lines_total', 'outcome="unparseable"')).toBe(6);
    expect(metricValue(metrics, 'tokenmeter_vllm_log_lines_total', 'outcome="stats"')).toBe(11);
    expect(metricValue(metrics, 'tokenmeter_vllm_log_lines_total', 'outcome="unknown-deployment"')).toBe(2);

    // Unknown deployments: dead-lettered with the reason; the value is the parsed record, not the line.
    expect(dead).toHaveLength(2);
    const reasons = dead.map((d) => d.headers['tokenmeter-dlq-reason']).sort();
    expect(reasons[0]).toMatch(/^no deployment named/);
    expect(reasons[1]).toMatch(/^unknown deployment: "gpu-pool-z" \(message key\)/);
    for (const letter of dead) {
      expect(letter.headers['tokenmeter-dlq-redacted']).toBe('parsed-record');
      expect(letter.headers['tokenmeter-dlq-source-topic']).toBe(suite.topics.vllmLogs);
      const value = JSON.parse(letter.value!.toString());
      expect(value.record).toMatchObject({ kind: 'stats', time: '2026-11-27T10:00:00.000Z' });
    }
  });
});
