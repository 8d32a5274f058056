// The README's "With the CloudEvents SDK" blocks, run as written in one shell against running apps:
// the SDK's HTTP binary emitter, its Kafka binary record and kcat's binary record each land in
// Postgres once, even when the blocks run twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readmeBlocks } from '../support/readme-blocks';
import { type ReadmeStack, runShell, startReadmeStack } from '../support/readme-stack';
import { localStackSasl, TEST_BROKERS } from '../support/test-topics';
import { waitFor } from '../support/wait-for';

describe('README: with the CloudEvents SDK', () => {
  let stack: ReadmeStack;

  beforeAll(async () => {
    stack = await startReadmeStack();
  });

  afterAll(async () => stack?.close());

  it('stores the HTTP binary, Kafka binary and kcat events once each', async () => {
    const blocks = readmeBlocks('cloudevents');
    expect(blocks).toHaveLength(2);
    // The only liberty taken: the README's port 3000 becomes this test's port.
    const { suite, ingestKey, ingestKeyId, apiPort } = stack;
    const script = ['set -euo pipefail', ...blocks].join('\n').replaceAll('127.0.0.1:3000', `127.0.0.1:${apiPort}`);
    const env = {
      TOKENMETER_INGEST_KEY: ingestKey,
      TOKENMETER_INGEST_KEY_ID: ingestKeyId,
      TOPIC_PREFIX: suite.env.TOPIC_PREFIX,
      KAFKA_BROKERS: TEST_BROKERS,
      // As the registered producer principal of the local stack, which may write usage.events.
      KAFKA_USERNAME: localStackSasl('producer').username,
      KAFKA_PASSWORD: localStackSasl('producer').password,
    };
    for (let i = 0; i < 2; i++) {
      const { code, stdout, stderr } = await runShell(script, env);
      expect(code, `${stdout}\n${stderr}`).toBe(0);
      expect(stdout).toContain('{"accepted":1}');
    }
    const rows = () =>
      suite.sql
        .query('SELECT source, id, team, project, input_tokens, cached_input_tokens FROM usage_records ORDER BY id')
        .then((result) => result.rows);
    await waitFor(rows, (r) => r.length >= 3, 30_000, 'the three README events');
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // a second copy would show by now
    const common = { team: 'search', input_tokens: 1200n, cached_input_tokens: 800n };
    expect(await rows()).toEqual([
      { source: 'search-batch', id: 'kcat-1', project: null, ...common },
      { source: 'search-api', id: 'sdk-http-1', project: 'ranking', ...common },
      { source: 'search-api', id: 'sdk-kafka-1', project: 'ranking', ...common },
    ]);
  });
});
