// End to end: the real CLI process, a mixed log on stdin, JSONL on stdout.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../../..');
const mixedLog = readFileSync(path.join(root, 'libs/telemetry/src/fixtures/mixed.log'), 'utf8');

function run(args: string[], input: string) {
  return spawnSync(process.execPath, ['-r', './scripts/register.js', 'apps/cli/src/main.ts', 'parse-vllm', ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('tokenmeter parse-vllm', () => {
  it('prints one JSON record per log record, and no prompt text', { timeout: 60_000 }, () => {
    const result = run(['--year', '2026'], mixedLog);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    const records = lines.map((line) => JSON.parse(line));
    expect(records.map((r) => r.kind)).toEqual([
      'startup',
      'startup',
      'other',
      'request',
      'request',
      'access',
      'stats',
      'other',
      'request-finished',
      'request',
      'stats',
      'prefix-cache',
      'stats',
      'other',
    ]);
    expect(records[1]).toMatchObject({
      model: 'Qwen/Qwen3-30B-A3B',
      tensorParallelSize: 4,
      maxModelLen: 32768,
      dtype: 'bfloat16',
      vllmVersion: '0.8.5',
    });
    expect(records[3]).toMatchObject({
      kind: 'request',
      time: '2026-05-20T09:00:09.000Z',
      requestId: 'chatcmpl-7f3a',
      promptTokens: 5,
      maxTokens: 512,
    });
    expect(records[5]).toMatchObject({ kind: 'access', method: 'POST', path: '/v1/chat/completions', status: 200 });
    expect(records[6]).toMatchObject({
      kind: 'stats',
      time: '2026-05-20T09:00:10.000Z',
      engine: 0,
      promptTokensPerSec: 512.3,
      generationTokensPerSec: 98.1,
      running: 4,
      waiting: 0,
      swapped: null,
      kvCacheUsagePct: 3.2,
      cpuKvCacheUsagePct: null,
      prefixCacheHitRatePct: 45,
    });
    expect(records[10]).toMatchObject({
      kind: 'stats',
      time: '2026-01-17T10:15:30.000Z',
      engine: null,
      waiting: 0,
      swapped: 0,
      cpuKvCacheUsagePct: 0,
    });
    expect(records[11]).toMatchObject({ kind: 'prefix-cache', gpuHitRatePct: 12.5, cpuHitRatePct: 0 });
    // The 80-column wrapped line comes back whole.
    expect(records[12]).toMatchObject({
      kind: 'stats',
      process: 'APIServer',
      promptTokensPerSec: 80,
      generationTokensPerSec: 120.5,
      kvCacheUsagePct: 60,
      prefixCacheHitRatePct: 50,
    });
    expect(result.stdout).not.toMatch(/SECRET|SSN|quoted|here is the answer|151644|5050/);
  });

  it('rejects a malformed year with exit code 2', { timeout: 60_000 }, () => {
    const result = run(['--year', '26'], '');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--year: expected a four-digit year such as 2026');
  });
});
