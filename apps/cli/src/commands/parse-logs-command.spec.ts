// End to end: the real CLI process, each engine's fixture on stdin, JSONL on stdout.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../../..');
const fixture = (name: string) => readFileSync(path.join(root, 'libs/telemetry/src/fixtures', name), 'utf8');

function run(args: string[], input: string) {
  return spawnSync(process.execPath, ['-r', './scripts/register.js', 'apps/cli/src/main.ts', ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

function records(stdout: string) {
  return stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));
}

describe('tokenmeter parse-logs', () => {
  it('prints SGLang stats records and llama.cpp request records, without prompt text', { timeout: 60_000 }, () => {
    const sglang = run(['parse-logs', '--engine', 'sglang'], fixture('sglang/v0.5-requests.log'));
    expect(sglang.stderr).toBe('');
    expect(sglang.status).toBe(0);
    expect(records(sglang.stdout).map((r) => r.kind)).toEqual(['request', 'request-finished', 'stats']);
    expect(records(sglang.stdout)[1]).toMatchObject({ promptTokens: 12, cachedPromptTokens: 4, generationTokens: 30 });
    expect(sglang.stdout).not.toContain('ZQXSECRET');

    const llama = run(['parse-logs', '--engine', 'llamacpp', '--year', '2026'], fixture('llamacpp/b4000-slot.log'));
    expect(llama.status).toBe(0);
    const finished = records(llama.stdout).filter((r) => r.kind === 'request-finished');
    expect(finished).toEqual([expect.objectContaining({ promptTokens: 100, generationTokens: 64 })]);
  });

  it('--engine vllm prints what parse-vllm prints, plus the engine-neutral fields', { timeout: 60_000 }, () => {
    const mixed = fixture('mixed.log');
    const viaLogs = records(run(['parse-logs', '--engine', 'vllm', '--year', '2026'], mixed).stdout);
    const viaVllm = records(run(['parse-vllm', '--year', '2026'], mixed).stdout);
    expect(viaLogs.map((r) => r.kind)).toEqual(viaVllm.map((r) => r.kind));
    for (const [i, record] of viaVllm.entries()) expect(viaLogs[i]).toMatchObject(record);
  });

  it('rejects an unknown engine with exit code 2 and names the choices', { timeout: 60_000 }, () => {
    const result = run(['parse-logs', '--engine', 'kobold'], '');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      "--engine: expected one of vllm, tgi, trtllm, sglang, llamacpp, ollama, got 'kobold'",
    );
  });
});
