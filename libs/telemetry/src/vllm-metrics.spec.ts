import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseVllmMetrics, vllmCounterDeltas } from './vllm-metrics';

const fixture = (name: string) => readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');

describe('parseVllmMetrics', () => {
  it('reads a V0-era scrape with the old KV cache metric', () => {
    const snapshot = parseVllmMetrics(fixture('vllm-metrics-v0.prom'));
    expect(snapshot).toMatchObject({
      modelNames: ['meta-llama/Meta-Llama-3-8B-Instruct'],
      running: 3,
      waiting: 1,
      kvCacheUsagePct: 25,
      kvCacheMetric: 'vllm:gpu_cache_usage_perc',
    });
    expect(snapshot.promptTokens?.total).toBe(120000);
    expect(snapshot.generationTokens?.total).toBe(45000);
    expect(snapshot.requestSuccess?.total).toBe(322);
  });

  it('reads a V1 scrape: sums engines, prefers kv_cache_usage_perc, ignores _created', () => {
    const snapshot = parseVllmMetrics(fixture('vllm-metrics-v1.prom'));
    expect(snapshot).toMatchObject({
      running: 6,
      waiting: 1,
      kvCacheUsagePct: 40,
      kvCacheMetric: 'vllm:kv_cache_usage_perc',
    });
    expect(snapshot.promptTokens?.total).toBe(1_000_000);
    expect(snapshot.generationTokens?.total).toBe(400_000);
    expect(snapshot.requestSuccess?.total).toBe(1353);
  });

  it('accepts counters without the _total suffix and filters by model', () => {
    const text =
      'vllm:prompt_tokens{model_name="a"} 10\nvllm:prompt_tokens{model_name="b"} 5\n' +
      'vllm:num_requests_running{model_name="b"} 2';
    expect(parseVllmMetrics(text).promptTokens?.total).toBe(15);
    expect(parseVllmMetrics(text, { modelName: 'b' })).toMatchObject({
      modelNames: ['b'],
      running: 2,
      promptTokens: { total: 5 },
    });
    expect(parseVllmMetrics('')).toMatchObject({
      promptTokens: null,
      running: null,
      kvCacheUsagePct: null,
      kvCacheMetric: null,
    });
  });
});

describe('vllmCounterDeltas', () => {
  const scrape = (prompt0: number, prompt1: number, generation: number) =>
    parseVllmMetrics(
      `vllm:prompt_tokens_total{engine="0",model_name="m"} ${prompt0}\n` +
        `vllm:prompt_tokens_total{engine="1",model_name="m"} ${prompt1}\n` +
        `vllm:generation_tokens_total{engine="0",model_name="m"} ${generation}`,
    );

  it('gives the increase between scrapes', () => {
    expect(vllmCounterDeltas(scrape(100, 50, 10), scrape(160, 70, 25))).toEqual({
      promptTokens: 80,
      generationTokens: 15,
      requestSuccess: null,
    });
  });

  it('counts a restarted server from zero', () => {
    expect(vllmCounterDeltas(scrape(100000, 50000, 9000), scrape(300, 200, 40))).toMatchObject({
      promptTokens: 500,
      generationTokens: 40,
    });
  });
});
