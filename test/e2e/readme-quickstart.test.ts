// A newcomer following only the README sends one OpenAI-style event by HTTP and sees it in the
// API within seconds: this runs the README's own quick-start blocks, in order, in one shell.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppEnv, createAppEnv } from '../support/app-env';
import { readmeBashBlocks, REPO_ROOT as ROOT } from '../support/readme-blocks';
import type { TestDatabase } from '../support/test-database';

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
    const blocks = readmeBashBlocks('quickstart');
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    // The only liberty taken: the README's port 3000 becomes this test's port.
    const script = ['set -euo pipefail', ...blocks].join('\n').replaceAll('127.0.0.1:3000', `127.0.0.1:${ports.api}`);
    const shell = spawn('bash', ['-c', script], { cwd: ROOT, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    shell.stdout.on('data', (chunk) => (stdout += chunk));
    shell.stderr.on('data', (chunk) => (stderr += chunk));
    try {
      const code = await new Promise<number | null>((resolve) => shell.once('exit', resolve));
      expect(code, `${stdout}\n${stderr}`).toBe(0);
      const lastLine = stdout.trim().split('\n').at(-1)!;
      const usage = JSON.parse(lastLine) as { items: Array<Record<string, unknown>> };
      expect(usage.items).toEqual([
        expect.objectContaining({ model: 'gpt-4o', inputTokens: 1200, cachedInputTokens: 800, outputTokens: 300 }),
      ]);
      expect(usage.items[0].costUsd).toBe('0.0070000000'); // gpt-4o: 1,200 × $2.50 + 800 × $1.25 + 300 × $10 per million
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
