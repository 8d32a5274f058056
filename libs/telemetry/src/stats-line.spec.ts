import { describe, expect, it } from 'vitest';
import { parsePrefixCacheLine, parseStatsLine } from './stats-line';

describe('parseStatsLine', () => {
  it('reads pairs by name, whatever their order and whichever optional fields are present', () => {
    const fields = parseStatsLine(
      'Engine 003: Avg prompt throughput: 1.5 tokens/s, Corrupted: 0 reqs, ' +
        'Avg generation throughput: 2.5 tokens/s, MM cache hit rate: 7.0%, ' +
        'Running: 3 reqs, Deferred: 2 reqs, Waiting: 4 reqs, Preemptions: 9, GPU KV cache usage: 50.0%, ' +
        'External prefix cache hit rate: 1.0%, Prefix cache hit rate: 25.0%',
    );
    expect(fields).toEqual({
      statsFormat: 'v1',
      engine: 3,
      promptTokensPerSec: 1.5,
      generationTokensPerSec: 2.5,
      totalTokensPerSec: null,
      running: 3,
      waiting: 4,
      swapped: null,
      kvCacheUsagePct: 50,
      cpuKvCacheUsagePct: null,
      prefixCacheHitRatePct: 25,
      externalPrefixCacheHitRatePct: 1,
      mmCacheHitRatePct: 7,
      preemptions: 9,
      deferred: 2,
      corrupted: 0,
    });
  });

  it('maps V0 Pending to waiting and tells V0 from V1', () => {
    expect(
      parseStatsLine('Avg prompt throughput: 1.0 tokens/s, Running: 1 reqs, Swapped: 2 reqs, Pending: 3 reqs.'),
    ).toMatchObject({
      statsFormat: 'v0',
      waiting: 3,
      swapped: 2,
    });
    expect(parseStatsLine('Avg prompt throughput: 1.0 tokens/s, Running: 1 reqs, Waiting: 3 reqs ')).toMatchObject({
      statsFormat: 'v1',
      waiting: 3,
    });
  });

  it('survives spaces eaten at wrap points and nan', () => {
    expect(
      parseStatsLine('Avgprompt throughput:1.0tokens/s,Avg generationthroughput: nan tokens/s,GPU KVcache usage:3.0%'),
    ).toMatchObject({
      promptTokensPerSec: 1,
      generationTokensPerSec: null,
      kvCacheUsagePct: 3,
    });
  });

  it('is not fooled by text that merely contains stats keys', () => {
    expect(parseStatsLine("Received request x: prompt: 'a, Avg generation throughput: 9.0 tokens/s'")).toBeNull();
    expect(
      parseStatsLine('Engine 000: vllm cache_config_info with initialization after num_gpu_blocks is: 1000'),
    ).toBeNull();
    expect(parseStatsLine('Running: 1 reqs')).toBeNull();
    expect(parseStatsLine('constructor: 1, Avg prompt throughput: 2.0 tokens/s')).toBeNull();
  });
});

describe('parsePrefixCacheLine', () => {
  it('reads the V0 prefix cache line', () => {
    expect(parsePrefixCacheLine('Prefix cache hit rate: GPU: 12.50%, CPU: 0.00%')).toEqual({
      gpuHitRatePct: 12.5,
      cpuHitRatePct: 0,
    });
    expect(parsePrefixCacheLine('Prefix cache hit rate: 45.0%')).toBeNull();
  });
});
