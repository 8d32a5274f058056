// Prompts never leave the parser: vLLM lines full of distinctive prompt text, prompt token ids
// and generated text, for a known and an unknown deployment, through the ingest app (its own
// process, debug logging) and the API. Not one of those strings may appear in any table of the
// database, in the DLQ (key, value, headers), in the ingest app's log output or in API responses.
import type { Message } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../libs/db/src/repositories/api-key-repository';
import { AppProcess, freePorts, startApp, waitForHttp } from '../support/app-process';
import { insertDeployment } from '../support/deployments';
import { produce, readTopic } from '../support/kafka-helpers';
import { createUsageSuite, UsageSuite } from '../support/usage-suite';
import { waitFor } from '../support/wait-for';

const KNOWN = 'llama-70b-pool';
const UNKNOWN = 'ghost-pool';
// Everything secret shares the marker; the token ids are numbers no other part of the system prints.
const MARKER = 'SECRET-PROMPT';
const TOKEN_IDS = ['31415926', '27182818', '16180339', '14142135', '17320508'];
const KAFKA_TIME = String(Date.parse('2026-11-27T10:30:00Z'));

function promptLines(tag: string): string[] {
  const s = (n: number) => `${MARKER}-${tag}${n}`;
  return [
    // V1 (v0.8) Received request: prompt, sampling params, the prompt token ids.
    `INFO 11-27 10:00:01 [logger.py:39] Received request chatcmpl-${tag}1: ` +
      `prompt: '<|user|>${s(1)} my password is hunter2 ${s(2)}', ` +
      `params: SamplingParams(n=1, temperature=0.7, stop=['${s(3)}'], max_tokens=64), ` +
      `prompt_token_ids: [${TOKEN_IDS.join(', ')}], lora_request: None, prompt_adapter_request: None.`,
    // V0 (v0.4): sampling_params and quotes inside the prompt.
    `INFO 11-27 10:00:02 async_llm_engine.py:529] Received request cmpl-${tag}2: ` +
      `prompt: '${s(4)}, "quoted", it\\'s fine, params: SamplingParams(max_tokens=1)', ` +
      `sampling_params: SamplingParams(n=1, max_tokens=16, stop=['${s(5)}']), ` +
      `prompt_token_ids: [${TOKEN_IDS.slice(0, 2).join(', ')}], lora_request: None.`,
    // v0.10 DEBUG details line.
    `(APIServer pid=7) DEBUG 11-27 10:00:03 [logger.py:33] Request cmpl-${tag}3 details: ` +
      `prompt: '${s(6)}\\nsecond line', prompt_token_ids: [${TOKEN_IDS[2]}], prompt_embeds shape: None.`,
    // Generated text.
    `(APIServer pid=7) INFO 11-27 10:00:04 [logger.py:71] Generated response cmpl-${tag}3: ` +
      `output: '${s(7)} the answer', ` +
      `output_token_ids: [${TOKEN_IDS[3]}, ${TOKEN_IDS[4]}], finish_reason: stop`,
    // The tail of a prompt wrapped onto its own line (no log head).
    `${s(8)} continued text of a wrapped prompt with ${TOKEN_IDS[0]}`,
    // A validation error echoing the request.
    `ERROR 11-27 10:00:05 [serving_chat.py:200] Error in preprocessing prompt inputs: ` +
      `1 validation error for ChatCompletionRequest messages input_value=[{'role': 'user', 'content': '${s(9)}'}]`,
    // A warning that quotes a long piece of the prompt.
    `WARNING 11-27 10:00:06 [tokenizer.py:88] Token indices sequence length is longer than the specified maximum: ` +
      `'${s(10)} lorem ipsum dolor sit amet consectetur'`,
  ];
}

describe('privacy of vLLM logs', () => {
  let suite: UsageSuite;
  let ingest: AppProcess;
  let api: AppProcess;
  const ports = freePorts();
  const finopsKey = 'tm_finops_privacytestkey0000000000000000000000000';
  const teamKey = 'tm_team_privacytestkey00000000000000000000000000000';

  beforeAll(async () => {
    suite = await createUsageSuite();
    await suite.sql.query(`INSERT INTO teams (id, slug, name) VALUES (gen_random_uuid(), 'support', 'Support')`);
    await suite.sql.query(
      `INSERT INTO api_keys (id, team_id, role, name, prefix, hash) VALUES
         (gen_random_uuid(), NULL, 'finops', 'privacy finops', 'tm_finops_priv', $1),
         (gen_random_uuid(), (SELECT id FROM teams WHERE slug = 'support'),
          'team', 'privacy team', 'tm_team_priva', $2)`,
      [hashApiKey(finopsKey), hashApiKey(teamKey)],
    );
    await insertDeployment(suite.sql, {
      name: KNOWN,
      team: 'support',
      servedModel: 'llama-3.1-70b',
      kubernetesLabels: { app: 'vllm-llama' },
    });
    const env = { ...suite.env, API_PORT: String(ports.api), INGEST_HTTP_PORT: String(ports.ingest) };
    ingest = startApp('ingest', { ...env, LOG_LEVEL: 'debug' });
    api = startApp('api', { ...env, LOG_LEVEL: 'debug' });
    await waitForHttp(`http://127.0.0.1:${ports.ingest}/healthz`, ingest);
    await waitForHttp(`http://127.0.0.1:${ports.api}/healthz`, api);
  });

  afterAll(async () => {
    await ingest?.stop();
    await api?.stop();
    await suite?.close();
  });

  it('no prompt text, token id or generated text reaches the database, the DLQ, the logs or the API', async () => {
    const msg = (key: string | null, value: string): Message => ({ key, value, timestamp: KAFKA_TIME });
    const known = [
      ...promptLines('K').map((line) => msg(KNOWN, line)),
      msg(null, JSON.stringify({ message: promptLines('V')[0], timestamp: '2026-11-27T10:00:01Z', deployment: KNOWN })),
      msg(
        'vllm-llama-0',
        JSON.stringify({
          log: promptLines('F')[2],
          '@timestamp': 1795773603,
          kubernetes: { labels: { app: 'vllm-llama' } },
        }),
      ),
      // Last, so that its sample shows the deployment's lines have all been handled.
      msg(
        KNOWN,
        'INFO 11-27 10:00:10 [loggers.py:116] Engine 000: Avg prompt throughput: 10.0 tokens/s, ' +
          'Avg generation throughput: 5.0 tokens/s, ' +
          'Running: 1 reqs, Waiting: 0 reqs, GPU KV cache usage: 1.0%, Prefix cache hit rate: 0.0%',
      ),
    ];
    const unknown = [
      ...promptLines('U').map((line) => msg(UNKNOWN, line)),
      msg(
        null,
        JSON.stringify({ message: promptLines('W')[1], timestamp: '2026-11-27T10:00:02Z', deployment: UNKNOWN }),
      ),
      msg(
        'vllm-ghost-0',
        JSON.stringify({
          log: promptLines('G')[3],
          '@timestamp': 1795773604,
          kubernetes: { labels: { app: 'ghost' } },
        }),
      ),
    ];
    await produce(suite.topics.vllmLogs, [...known, ...unknown]);

    await waitFor(
      () =>
        suite.sql
          .query(`SELECT count(*)::int AS n FROM utilization_samples WHERE deployment = $1`, [KNOWN])
          .then((r) => r.rows[0].n as number),
      (n) => n === 1,
      60_000,
      'the marker stats line',
    );
    // Every message handled (by outcome), not only the known deployment's partition.
    const handled = async () => {
      const text = await (await fetch(`http://127.0.0.1:${ports.ingest}/metrics`)).text();
      return text
        .split('\n')
        .filter((l) => l.startsWith('tokenmeter_vllm_log_lines_total{'))
        .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
    };
    await waitFor(handled, (n) => n === known.length + unknown.length, 60_000, 'every message handled');
    const dead = await readTopic(suite.topics.vllmLogsDlq, unknown.length, 30_000);
    expect(dead).toHaveLength(unknown.length);

    const leaks = (where: string, text: string) => {
      const found = [MARKER, ...TOKEN_IDS, 'hunter2', 'lorem ipsum', 'the answer'].filter((secret) =>
        text.includes(secret),
      );
      return found.length ? `${where} contains ${found.join(', ')}` : null;
    };
    const problems: Array<string | null> = [];

    // Every table, every column, every row, as text.
    const tables = await suite.sql.query(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
    );
    let dumped = '';
    for (const { tablename } of tables.rows) {
      const { rows } = await suite.sql.query(
        `SELECT coalesce(string_agg(t::text, E'\\n'), '') AS dump FROM "${tablename}" t`,
      );
      dumped += rows[0].dump;
      problems.push(leaks(`table ${tablename}`, rows[0].dump));
    }
    expect(dumped).toContain(KNOWN); // the dump does see the data

    // The DLQ: keys, values (the parser's records, not the lines) and headers.
    for (const [i, letter] of dead.entries()) {
      problems.push(leaks(`dead letter ${i} key`, letter.key ?? ''));
      problems.push(leaks(`dead letter ${i} value`, letter.value?.toString('utf8') ?? ''));
      problems.push(leaks(`dead letter ${i} headers`, JSON.stringify(letter.headers)));
      expect(letter.headers['tokenmeter-dlq-redacted']).toBe('parsed-record');
    }
    // What the parser kept of a Received request: the id and how many prompt token ids it listed.
    const records = dead.map((letter) => JSON.parse(letter.value!.toString('utf8')).record);
    expect(records).toContainEqual(
      expect.objectContaining({
        kind: 'request',
        event: 'received',
        requestId: 'chatcmpl-U1',
        promptTokens: 5,
        maxTokens: 64,
      }),
    );

    // The API's answers.
    const base = `http://127.0.0.1:${ports.api}`;
    for (const [path, key] of [
      ['/v1/deployments', finopsKey],
      ['/v1/deployments', teamKey],
      [`/v1/deployments/${KNOWN}`, finopsKey],
      [`/v1/deployments/${UNKNOWN}`, finopsKey],
    ]) {
      const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${key}` } });
      problems.push(leaks(`GET ${path}`, await res.text()));
    }
    const list = (await (
      await fetch(`${base}/v1/deployments`, { headers: { authorization: `Bearer ${teamKey}` } })
    ).json()) as { deployments: Array<{ name: string }> };
    expect(list.deployments.map((d) => d.name)).toEqual([KNOWN]);
    problems.push(leaks('ingest /metrics', await (await fetch(`http://127.0.0.1:${ports.ingest}/metrics`)).text()));

    // The ingest app's log output, at debug level.
    const logs = ingest.output();
    expect(logs).toContain('vllm.logs micro-batch stored');
    problems.push(leaks('ingest logs', logs));
    problems.push(leaks('api logs', api.output()));

    expect(problems.filter(Boolean)).toEqual([]);
  });
});
