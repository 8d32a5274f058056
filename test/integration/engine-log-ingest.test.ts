// Self-hosted logs of engines other than vLLM through Kafka into Postgres, then through a night of
// the planner chain. A TGI deployment and an SGLang deployment declare their engine; their fixture
// lines (libs/telemetry/src/fixtures/<engine>/, moved to one day) travel on the same vllm.logs topic,
// three times over, and become usage rows and samples worked out by hand below, each stored once.
// The night then finds both deployments in the deployment utilization with the tokens they served.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MetricsService } from '@tokenmeter/observability';
import { NightlyChain } from '@tokenmeter/planner';
import type { Message } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDeployment, metricValue } from '../support/deployments';
import { startIngestInProcess } from '../support/ingest-harness';
import { produce } from '../support/kafka-helpers';
import { startPlannerContext } from '../support/planner-context';
import { createUsageSuite, UsageSuite } from '../support/usage-suite';
import { waitFor } from '../support/wait-for';

const TGI = 'tgi-mistral';
const SGLANG = 'sglang-qwen';
const DAY = '2026-11-27';
const FIXTURES = path.resolve(__dirname, '../../libs/telemetry/src/fixtures');

/** A fixture's lines, their dates moved to DAY (the lines' own timestamps carry the year). */
function fixtureLines(file: string, fixtureDay: string): string[] {
  return readFileSync(path.join(FIXTURES, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.replaceAll(fixtureDay, DAY));
}

const keyed = (key: string, lines: string[]): Message[] =>
  lines.map((value) => ({ key, value, timestamp: String(Date.parse(`${DAY}T23:00:00Z`)) }));

describe('self-hosted logs of TGI and SGLang deployments', () => {
  let suite: UsageSuite;
  let ingest: Awaited<ReturnType<typeof startIngestInProcess>>;

  beforeAll(async () => {
    suite = await createUsageSuite();
    const inServiceSince = `${DAY}T00:00:00Z`;
    await insertDeployment(suite.sql, {
      name: TGI,
      team: 'support',
      servedModel: 'mistral-7b',
      engine: 'tgi',
      inServiceSince,
    });
    await insertDeployment(suite.sql, {
      name: SGLANG,
      team: 'search',
      servedModel: 'qwen-2.5-7b',
      engine: 'sglang',
      inServiceSince,
    });
    ingest = await startIngestInProcess(suite.env);
  });

  afterAll(async () => {
    await ingest?.close();
    await suite?.close();
  });

  it('stores each request and batch once, and the night counts both deployments', async () => {
    // TGI v3.3 text: a start-up line, two DEBUG lines with the prompt (dropped), two `Success` lines
    // (1.2 s ÷ 60 ms = 20 tokens; 3.488 s ÷ 27.25 ms = 128 tokens), a warning.
    const tgi = keyed(TGI, fixtureLines('tgi/v3.3-text.log', '2025-06-02'));
    // SGLang v0.5: an access line, two prefill lines, three decode lines of rank 0, one of rank 1.
    const sglang = keyed(SGLANG, fixtureLines('sglang/v0.5-stats.log', '2025-08-01'));
    const linesOf = (outcome: string) =>
      ingest
        .get(MetricsService)
        .render()
        .then((text) => metricValue(text, 'tokenmeter_vllm_log_lines_total', `outcome="${outcome}"`));

    // Twice in one go (duplicates inside a micro-batch), then once more after they are stored.
    await produce(suite.topics.vllmLogs, [...tgi, ...sglang, ...tgi, ...sglang]);
    await waitFor(
      () => linesOf('stats'),
      (n) => n >= 12,
      60_000,
      'twice the SGLang stats lines',
    );
    await waitFor(
      () => linesOf('request-finished'),
      (n) => n >= 4,
      60_000,
      'twice the TGI requests',
    );
    await produce(suite.topics.vllmLogs, [...tgi, ...sglang]);
    await waitFor(
      () => linesOf('stats'),
      (n) => n >= 18,
      60_000,
      'the SGLang stats lines a third time',
    );
    await waitFor(
      () => linesOf('request-finished'),
      (n) => n >= 6,
      60_000,
      'the TGI requests a third time',
    );

    const usage = await suite.sql.query(
      `SELECT deployment, team, source, id, to_char(time AT TIME ZONE 'UTC', 'HH24:MI:SS.MS') AS t, model,
         input_tokens::int AS input, cached_input_tokens::int AS cached, output_tokens::int AS output, requests,
         tags->>'basis' AS basis, tags->>'count' AS count
       FROM usage_records ORDER BY deployment, time, id`,
    );
    const row = (
      deployment: string,
      t: string,
      id: string,
      [input, cached, output, requests]: number[],
      count: string,
    ) => ({
      deployment,
      team: deployment === TGI ? 'support' : 'search',
      source: deployment === TGI ? `tgi-log:${TGI}` : `sglang-log:${SGLANG}`,
      id: `${DAY}T${id}`,
      t,
      model: deployment === TGI ? `mistral-7b@${TGI}` : `qwen-2.5-7b@${SGLANG}`,
      input,
      cached,
      output,
      requests,
      basis: 'log-estimate',
      count,
    });
    expect(usage.rows).toEqual([
      // SGLang prefill lines count the prompt tokens computed and read from the prefix cache.
      row(SGLANG, '21:05:25.000', '21:05:25.000Z#0#prefill#1000/24', [1000, 24, 0, 0], 'batch-count'),
      row(SGLANG, '21:05:26.000', '21:05:26.000Z#0#prefill#200/0', [200, 0, 0, 0], 'batch-count'),
      // Decode, rank 0: 21:05:27 is the first (no gap); 60 tok/s × 2 s = 120; 30 tok/s × 4 s = 120.
      // Rank 1's only line (21:05:33) has no previous line: a sample, no tokens.
      row(SGLANG, '21:05:29.000', '21:05:29.000Z#0#decode#120', [0, 0, 120, 0], 'throughput-estimate'),
      row(SGLANG, '21:05:33.000', '21:05:33.000Z#0#decode#120', [0, 0, 120, 0], 'throughput-estimate'),
      row(TGI, '10:00:06.250', '10:00:06.250Z#-#request#0/0/20', [0, 0, 20, 1], 'request'),
      row(TGI, '10:00:09.000', '10:00:09.000Z#-#request#0/0/128', [0, 0, 128, 1], 'request'),
    ]);

    // Samples: SGLang's decode lines (TGI logs no periodic stats); the window is the gap to the
    // rank's previous decode line.
    const samples = await suite.sql.query(
      `SELECT deployment, to_char(time AT TIME ZONE 'UTC', 'HH24:MI:SS') AS t, engine, interval_sec::float AS interval,
         generation_tokens_per_sec::float AS gen, running, waiting, kv_cache_usage_pct::float AS kv
       FROM utilization_samples ORDER BY deployment, engine, time`,
    );
    expect(samples.rows).toEqual([
      { deployment: SGLANG, t: '21:05:27', engine: 0, interval: 0, gen: 90, running: 3, waiting: 0, kv: 7 },
      { deployment: SGLANG, t: '21:05:29', engine: 0, interval: 2, gen: 60, running: 3, waiting: 0, kv: 8 },
      { deployment: SGLANG, t: '21:05:33', engine: 0, interval: 4, gen: 30, running: 1, waiting: 2, kv: 8 },
      { deployment: SGLANG, t: '21:05:33', engine: 1, interval: 0, gen: 10, running: 2, waiting: 0, kv: 50 },
    ]);

    // Nothing of the prompts the TGI DEBUG lines carried was stored anywhere.
    const stored = JSON.stringify([usage.rows, samples.rows]);
    expect(stored).not.toContain('ZQXSECRET');

    // The night: both deployments in the deployment utilization, with the output tokens they served
    // (utilization's unit): TGI 20 + 128 = 148; SGLang 120 + 120 = 240.
    const planner = await startPlannerContext(suite.env);
    try {
      await planner.get(NightlyChain).runNight(DAY);
    } finally {
      await planner.close();
    }
    const days = await suite.sql.query(
      `SELECT deployment, team, served_tokens::int AS served, paid_hours::float AS paid
       FROM deployment_utilization_daily WHERE day = $1 ORDER BY deployment`,
      [DAY],
    );
    expect(days.rows).toEqual([
      { deployment: SGLANG, team: 'search', served: 240, paid: 24 },
      { deployment: TGI, team: 'support', served: 148, paid: 24 },
    ]);
  }, 300_000);
});
