import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEngineMetrics } from './engine-metrics';
import { engineCounterDeltas } from './engine-metrics-snapshot';

const fixture = (name: string) => readFileSync(path.join(__dirname, '..', 'fixtures', name), 'utf8');
const pick = (s: ReturnType<typeof parseEngineMetrics>) => ({
  prompt: s?.promptTokens?.total ?? null,
  cached: s?.cachedPromptTokens?.total ?? null,
  generated: s?.generationTokens?.total ?? null,
  requests: s?.requestSuccess?.total ?? null,
  running: s?.running ?? null,
  waiting: s?.waiting ?? null,
  kv: s?.kvCacheUsagePct ?? null,
});

describe('parseEngineMetrics', () => {
  it('TGI: token totals from histogram sums', () => {
    expect(pick(parseEngineMetrics('tgi', fixture('tgi/v3.3-metrics.prom')))).toEqual({
      prompt: 1210,
      cached: null,
      generated: 168,
      requests: 3,
      running: 7,
      waiting: 4,
      kv: null,
    });
  });

  it('SGLang: counters summed over ranks, token usage averaged as a percentage', () => {
    const s = pick(parseEngineMetrics('sglang', fixture('sglang/v0.5-metrics.prom')));
    expect(s).toMatchObject({ prompt: 1500, cached: 64, generated: 500, requests: 9, running: 5, waiting: 1 });
    expect(s.kv).toBeCloseTo(30, 9);
  });

  it('llama.cpp', () => {
    expect(pick(parseEngineMetrics('llamacpp', fixture('llamacpp/b4000-metrics.prom')))).toEqual({
      prompt: 1234,
      cached: null,
      generated: 567,
      requests: null,
      running: 2,
      waiting: 1,
      kv: 25,
    });
  });

  it('Triton with TensorRT-LLM and trtllm-serve', () => {
    expect(pick(parseEngineMetrics('trtllm', fixture('trtllm/triton-metrics.prom')))).toEqual({
      prompt: 2500,
      cached: null,
      generated: 800,
      requests: 20,
      running: 3,
      waiting: 2,
      kv: 12.5,
    });
    expect(pick(parseEngineMetrics('trtllm', fixture('trtllm/trtllm-serve-metrics.prom')))).toEqual({
      prompt: 4000,
      cached: null,
      generated: 900,
      requests: null,
      running: 5,
      waiting: 0,
      kv: 62,
    });
  });

  it('Ollama has no /metrics', () => {
    expect(parseEngineMetrics('ollama', 'anything')).toBeNull();
  });

  it('deltas between scrapes handle a restart per series', () => {
    const before = parseEngineMetrics(
      'llamacpp',
      'llamacpp:prompt_tokens_total 100\nllamacpp:tokens_predicted_total 50\n',
    );
    const after = parseEngineMetrics(
      'llamacpp',
      'llamacpp:prompt_tokens_total 130\nllamacpp:tokens_predicted_total 20\n',
    );
    expect(engineCounterDeltas(before!, after!)).toMatchObject({ promptTokens: 30, generationTokens: 20 });
  });
});
