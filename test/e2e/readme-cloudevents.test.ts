// The README's "With the CloudEvents SDK" blocks, run as written in one shell against running apps:
// the SDK's HTTP binary emitter, its Kafka binary record and kcat's binary record each land in
// Postgres once, even when the blocks run twice.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyRepository, TeamRepository } from '../../libs/db/src';
import { startApiInProcess } from '../support/api-harness';
import { startIngestInProcess } from '../support/ingest-harness';
import { ROOT, readmeBlocks } from '../support/readme-blocks';
import { TEST_BROKERS } from '../support/test-topics';
import { createUsageSuite, type UsageSuite } from '../support/usage-suite';
import { waitFor } from '../support/wait-for';

function runShell(script: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const shell = spawn('bash', ['-c', script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  shell.stdout.on('data', (chunk) => (output += chunk));
  shell.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) => shell.once('exit', (code) => resolve({ code, output })));
}

describe('README: with the CloudEvents SDK', () => {
  let suite: UsageSuite;
  let api: Awaited<ReturnType<typeof startApiInProcess>>;
  let ingest: Awaited<ReturnType<typeof startIngestInProcess>>;
  let ingestKey: string;

  beforeAll(async () => {
    suite = await createUsageSuite();
    api = await startApiInProcess(suite.env);
    ingest = await startIngestInProcess(suite.env);
    await api.app.get(TeamRepository).upsert({ slug: 'search', name: 'Search' });
    ingestKey = (await api.app.get(ApiKeyRepository).create({ role: 'ingest', team: 'search', name: 'readme' })).key;
  });

  afterAll(async () => {
    await api?.app.close();
    await ingest?.close();
    await suite?.close();
  });

  it('stores the HTTP binary, Kafka binary and kcat events once each', async () => {
    const blocks = readmeBlocks('cloudevents');
    expect(blocks).toHaveLength(2);
    // The only liberty taken: the README's port 3000 becomes this test's port.
    const port = new URL(api.baseUrl).port;
    const script = ['set -euo pipefail', ...blocks].join('\n').replaceAll('127.0.0.1:3000', `127.0.0.1:${port}`);
    const env = { TOKENMETER_INGEST_KEY: ingestKey, TOPIC_PREFIX: suite.env.TOPIC_PREFIX, KAFKA_BROKERS: TEST_BROKERS };
    for (let i = 0; i < 2; i++) {
      const { code, output } = await runShell(script, env);
      expect(code, output).toBe(0);
      expect(output).toContain('{"accepted":1}');
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
