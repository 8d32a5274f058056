// Each engine's fixtures (built from its source's format strings) give the tokens and samples
// computed here by hand, and none of them lets the planted secret through.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEngineLine, parseEngineLog } from './engine-log-parser';
import { engineTokenUsage, engineUtilizationSamples } from './engine-usage';
import type { ServingEngine } from './serving-engine';

const fixture = (name: string) => readFileSync(path.join(__dirname, '..', 'fixtures', name), 'utf8');
const parse = (engine: ServingEngine, name: string) => parseEngineLog(engine, fixture(name), { year: 2025 });
const totals = (engine: ServingEngine, name: string) =>
  engineTokenUsage(parse(engine, name)).reduce(
    (t, u) => ({
      prompt: t.prompt + u.promptTokens,
      cached: t.cached + u.cachedPromptTokens,
      generated: t.generated + u.generationTokens,
      requests: t.requests + u.requests,
    }),
    { prompt: 0, cached: 0, generated: 0, requests: 0 },
  );

describe('TGI', () => {
  it('derives generated tokens from inference_time / time_per_token, and keeps no span text', () => {
    const records = parse('tgi', 'tgi/v3.3-text.log');
    expect(records.map((r) => r.kind)).toEqual([
      'other',
      'other',
      'other',
      'request-finished',
      'request-finished',
      'other',
    ]);
    // 1.2 s / 60 ms = 20; chat: 3.488 s / 27.25 ms = 128.
    expect(records[3]).toMatchObject({
      generationTokens: 20,
      durationSec: 1.250123456,
      time: '2025-06-02T10:00:06.250Z',
    });
    expect(records[4]).toMatchObject({ generationTokens: 128, durationSec: 3.5 });
    expect(totals('tgi', 'tgi/v3.3-text.log')).toEqual({ prompt: 0, cached: 0, generated: 148, requests: 2 });
    expect(records[0]).toMatchObject({ message: 'Connected' });
    expect(JSON.stringify(records)).not.toContain('ZQXSECRET');
  });

  it('reads the --json-output form the same way', () => {
    const records = parse('tgi', 'tgi/v3.3-json.log');
    expect(records[1]).toMatchObject({
      kind: 'request-finished',
      generationTokens: 20,
      time: '2025-06-02T10:00:06.250Z',
    });
    expect(JSON.stringify(records)).not.toContain('ZQXSECRET');
  });
});

describe('SGLang', () => {
  it('counts prompt tokens from prefill lines and generation from throughput × gap between decode lines', () => {
    // Prefill: 1000 + 200 new, 24 cached. Decode on TP0: 21:05:27 (first, no gap), +2 s × 60 = 120,
    // +4 s × 30 = 120; DP1's only line has no previous line.
    expect(totals('sglang', 'sglang/v0.5-stats.log')).toEqual({
      prompt: 1200,
      cached: 24,
      generated: 240,
      requests: 0,
    });
    const samples = engineUtilizationSamples(parse('sglang', 'sglang/v0.5-stats.log'));
    expect(samples).toHaveLength(6);
    expect(samples[0]).toMatchObject({
      running: 0,
      waiting: 1,
      kvCacheUsagePct: 5,
      prefixCacheHitRatePct: (24 / 1024) * 100,
    });
    expect(samples[2]).toMatchObject({ generationTokensPerSec: 90, running: 3, waiting: 0 });
    expect(samples[5]).toMatchObject({ engine: 1, generationTokensPerSec: 10, kvCacheUsagePct: 50 });
  });

  it('counts a decode line after a restart over at most a minute: the timer of its rate restarted too', () => {
    // 400 tok/s × 10 s, then, 8 hours and a restart later, 40 tok/s × 60 s (not × 28,820 s: 1,152,800).
    expect(totals('sglang', 'sglang/v0.5-restart.log').generated).toBe(4_000 + 2_400);
  });

  it('reads v0.1–v0.3 lines (`Decode batch.`, `cache hit rate`)', () => {
    const stats = parse('sglang', 'sglang/v0.1-v0.3-stats.log').filter((r) => r.kind === 'stats');
    expect(stats).toHaveLength(3);
    expect(stats[0]).toMatchObject({ phase: 'decode', generationTokensPerSec: 150, running: 4, kvCacheUsagePct: 10 });
    expect(stats[1]).toMatchObject({
      phase: 'prefill',
      promptTokens: 7,
      cachedPromptTokens: 3,
      prefixCacheHitRatePct: 30,
    });
  });

  it('takes exact counts from --log-requests Finish lines (and then no batch estimate), never the prompt', () => {
    const records = parse('sglang', 'sglang/v0.5-requests.log');
    expect(records[0]).toMatchObject({ kind: 'request', event: 'received' });
    expect(records[1]).toMatchObject({
      kind: 'request-finished',
      requestId: 'a1b2c3',
      promptTokens: 12,
      cachedPromptTokens: 4,
      generationTokens: 30,
      durationSec: 1.52,
    });
    expect(totals('sglang', 'sglang/v0.5-requests.log')).toEqual({ prompt: 12, cached: 4, generated: 30, requests: 1 });
    expect(JSON.stringify(records)).not.toContain('ZQXSECRET');
  });
});

describe('llama.cpp server', () => {
  it.each([
    ['llamacpp/b2000-2023.log', { prompt: 12, cached: 0, generated: 20, requests: 1 }],
    ['llamacpp/b3000-json.log', { prompt: 25, cached: 0, generated: 40, requests: 1 }],
    ['llamacpp/b4000-slot.log', { prompt: 100, cached: 0, generated: 64, requests: 1 }],
    ['llamacpp/b6000-slot.log', { prompt: 5, cached: 0, generated: 8, requests: 1 }],
  ])('%s: prompt eval and eval lines make one request', (name, expected) => {
    expect(totals('llamacpp', name)).toEqual(expected);
    expect(JSON.stringify(parse('llamacpp', name))).not.toContain('ZQXSECRET');
  });

  it('keeps the task id, the JSON timestamp and the access line', () => {
    expect(parse('llamacpp', 'llamacpp/b3000-json.log')[0]).toMatchObject({
      requestId: 'task-7',
      time: '2024-06-01T10:00:00.000Z',
      durationSec: 0.55,
    });
    const access = parse('llamacpp', 'llamacpp/b4000-slot.log').find((r) => r.kind === 'access');
    expect(access).toMatchObject({ method: 'POST', path: '/v1/chat/completions', status: 200 });
  });

  it('one line at a time (a Kafka message) gives each half of a request', () => {
    const line =
      'slot print_timing: id  1 | task 30 |        eval time =     100.00 ms /     8 tokens (   12.50 ms per token)';
    expect(parseEngineLine('llamacpp', line)).toMatchObject({
      kind: 'request-finished',
      requestId: 'task-30',
      promptTokens: null,
      generationTokens: 8,
    });
  });
});

describe('Ollama', () => {
  it('reads the v0.3 runner JSON timings and gin access lines', () => {
    expect(totals('ollama', 'ollama/v0.3.log')).toEqual({ prompt: 15, cached: 0, generated: 10, requests: 1 });
    expect(parse('ollama', 'ollama/v0.3.log')[1]).toMatchObject({
      kind: 'access',
      method: 'POST',
      path: '/api/chat',
      status: 200,
      time: '2024-06-01T10:00:00.000Z',
    });
  });

  it('drops the DEBUG chat request prompt and the query string', () => {
    const records = parse('ollama', 'ollama/v0.5.log');
    expect(records.map((r) => r.kind)).toEqual(['other', 'other', 'access']);
    expect(records[1]).toMatchObject({ level: 'DEBUG', message: 'chat request' });
    expect(records[2]).toMatchObject({ path: '/api/chat', time: '2024-12-10T08:00:03.000Z' });
    expect(JSON.stringify(records)).not.toContain('ZQXSECRET');
  });

  it('reads llama-server output passed through by current releases', () => {
    expect(totals('ollama', 'ollama/v0.33-llama-server.log')).toEqual({
      prompt: 11,
      cached: 0,
      generated: 21,
      requests: 1,
    });
  });
});

describe('TensorRT-LLM / Triton', () => {
  it('reads glog and TensorRT-LLM heads and access lines; no token counts are logged', () => {
    const records = parse('trtllm', 'trtllm/triton-25.log');
    expect(records.map((r) => [r.kind, r.level])).toEqual([
      ['other', 'INFO'],
      ['other', 'INFO'],
      ['other', 'WARNING'],
      ['access', 'INFO'],
    ]);
    expect(records[0].time).toBe('2025-05-23T10:00:00.123Z');
    expect(engineTokenUsage(records)).toEqual([]);
    expect(JSON.stringify(records)).not.toContain('ZQXSECRET');
  });
});

describe('vLLM through the engine dispatch', () => {
  it('gives the vLLM records with the engine-neutral fields', () => {
    const line =
      'INFO 05-20 09:00:10 [loggers.py:116] Engine 000: Avg prompt throughput: 10.0 tokens/s, ' +
      'Avg generation throughput: 5.0 tokens/s, Running: 1 reqs, Waiting: 0 reqs';
    expect(parseEngineLine('vllm', line, { year: 2026 })).toMatchObject({
      kind: 'stats',
      statsFormat: 'v1',
      promptTokensPerSec: 10,
      phase: null,
      promptTokens: null,
    });
  });
});
