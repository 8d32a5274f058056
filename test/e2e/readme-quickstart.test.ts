// A newcomer following only the README sends one OpenAI-style event by HTTP and sees it in the
// API within seconds: this runs the README's own quick-start blocks, in order, in one shell, then
// the blocks that send the same way through other front doors (librdkafka's kcat, lz4-compressed).
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppEnv, createAppEnv } from '../support/app-env';
import { ROOT, readmeBlocks } from '../support/readme-blocks';
import type { TestDatabase } from '../support/test-database';

const SECTION_MARK = '### next README section';

describe('README quick start', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  let ports: AppEnv['ports'];

  beforeAll(async () => {
    ({ db, env, ports } = await createAppEnv());
    env.LOG_LEVEL = 'warn';
  });

  afterAll(async () => db?.drop());

  it('sends one event by HTTP and reads it back from the API', async () => {
    const blocks = readmeBlocks('quickstart');
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    // The only liberties taken: the README's port 3000 becomes this test's port, and its topic
    // names get this test's prefix.
    const script = ['set -euo pipefail', ...blocks, `echo '${SECTION_MARK}'`, ...readmeBlocks('librdkafka')]
      .join('\n')
      .replaceAll('127.0.0.1:3000', `127.0.0.1:${ports.api}`)
      .replaceAll(' -t usage.events ', ` -t ${env.TOPIC_PREFIX}usage.events `);
    const shell = spawn('bash', ['-c', script], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    shell.stdout.on('data', (chunk) => (stdout += chunk));
    shell.stderr.on('data', (chunk) => (stderr += chunk));
    try {
      const code = await new Promise<number | null>((resolve) => shell.once('exit', resolve));
      expect(code, `${stdout}\n${stderr}`).toBe(0);
      const [quickstart, librdkafka] = stdout.split(SECTION_MARK).map((part) => part.trim().split('\n').at(-1)!);
      const usage = JSON.parse(quickstart!) as { items: Array<Record<string, unknown>> };
      expect(usage.items).toEqual([
        expect.objectContaining({ model: 'gpt-4o', inputTokens: 1200, cachedInputTokens: 800, outputTokens: 300 }),
      ]);
      // gpt-4o: 1,200 × $2.50 + 800 × $1.25 + 300 × $10 per million
      expect(usage.items[0]!.costUsd).toBe('0.0070000000');
      const afterKcat = JSON.parse(librdkafka!) as { items: Array<Record<string, unknown>> };
      expect(afterKcat.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ model: 'claude-sonnet-4', inputTokens: 2000, outputTokens: 500 }),
          expect.objectContaining({ model: 'gpt-4o', inputTokens: 1200 }),
        ]),
      );
    } finally {
      // The quick start leaves the apps running in the background, as a newcomer would: stop them.
      try {
        process.kill(-shell.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
  });
});
