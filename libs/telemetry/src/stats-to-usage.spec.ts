import { describe, expect, it } from 'vitest';
import { statsToIntervalUsage, statsWindowSeconds, utilizationSamples } from './stats-to-usage';
import { parseVllmLog } from './vllm-log-parser';
import type { StatsRecord } from './vllm-log-record';

const v1 = (time: string, prompt: number, generation: number, engine = 0) =>
  `INFO ${time} [loggers.py:116] Engine ${String(engine).padStart(3, '0')}: ` +
  `Avg prompt throughput: ${prompt} tokens/s, Avg generation throughput: ${generation} tokens/s, ` +
  `Running: 1 reqs, Waiting: 0 reqs, GPU KV cache usage: 5.0%, Prefix cache hit rate: 10.0%`;
const v0 = (time: string, prompt: number, generation: number) =>
  `INFO ${time} llm_engine.py:624] Avg prompt throughput: ${prompt} tokens/s, ` +
  `Avg generation throughput: ${generation} tokens/s, Running: 1 reqs, Swapped: 0 reqs, Pending: 2 reqs, ` +
  `GPU KV cache usage: 7.0%, CPU KV cache usage: 0.0%.`;

describe('statsToIntervalUsage', () => {
  it('uses the nominal interval for the first line and the gap while lines come on time', () => {
    const records = parseVllmLog(
      [v1('05-20 09:00:10', 100, 10), v1('05-20 09:00:20', 50, 20), v1('05-20 09:00:32', 10, 1)].join('\n'),
      { year: 2026 },
    );
    expect(statsToIntervalUsage(records)).toEqual([
      {
        start: '2026-05-20T09:00:00.000Z',
        end: '2026-05-20T09:00:10.000Z',
        engine: 0,
        windowSeconds: 10,
        promptTokens: 1000,
        generationTokens: 100,
        totalTokens: 1100,
      },
      {
        start: '2026-05-20T09:00:10.000Z',
        end: '2026-05-20T09:00:20.000Z',
        engine: 0,
        windowSeconds: 10,
        promptTokens: 500,
        generationTokens: 200,
        totalTokens: 700,
      },
      {
        start: '2026-05-20T09:00:20.000Z',
        end: '2026-05-20T09:00:32.000Z',
        engine: 0,
        windowSeconds: 12,
        promptTokens: 120,
        generationTokens: 12,
        totalTokens: 132,
      },
    ]);
  });

  it('treats a long gap as idle: the line after it covers one interval, not the gap', () => {
    const records = parseVllmLog([v1('05-20 09:00:10', 100, 10), v1('05-20 09:05:10', 100, 10)].join('\n'), {
      year: 2026,
    });
    expect(statsToIntervalUsage(records).map((u) => [u.windowSeconds, u.totalTokens])).toEqual([
      [10, 1100],
      [10, 1100],
    ]);
  });

  it('measures gaps per engine, so data-parallel engines do not shorten each other', () => {
    const records = parseVllmLog(
      [
        v1('05-20 09:00:10', 10, 0, 0),
        v1('05-20 09:00:11', 20, 0, 1),
        v1('05-20 09:00:20', 10, 0, 0),
        v1('05-20 09:00:21', 20, 0, 1),
      ].join('\n'),
      { year: 2026 },
    );
    expect(statsToIntervalUsage(records).map((u) => [u.engine, u.windowSeconds, u.promptTokens])).toEqual([
      [0, 10, 100],
      [1, 10, 200],
      [0, 10, 100],
      [1, 10, 200],
    ]);
  });

  it('uses 5 s for the V0 engine, configurable intervals, and the v0.1 total throughput', () => {
    const records = parseVllmLog(
      [
        v0('01-17 10:15:30', 10, 4),
        v0('01-17 10:15:35', 10, 4),
        'INFO 01-17 10:15:41 llm_engine.py:1] Throughput: 100.0 tokens/s, Running: 1 reqs',
      ].join('\n'),
      { year: 2026 },
    );
    expect(
      statsToIntervalUsage(records).map((u) => [u.windowSeconds, u.promptTokens, u.generationTokens, u.totalTokens]),
    ).toEqual([
      [5, 50, 20, 70],
      [5, 50, 20, 70],
      [6, null, null, 600],
    ]);
    expect(statsToIntervalUsage(records.slice(0, 1), { v0IntervalSeconds: 2 })[0].windowSeconds).toBe(2);
  });

  it('counts nothing for a duplicate delivery of the same line', () => {
    const line = v1('05-20 09:00:10', 100, 10);
    expect(statsToIntervalUsage(parseVllmLog(`${line}\n${line}`, { year: 2026 })).map((u) => u.totalTokens)).toEqual([
      1100, 0,
    ]);
  });

  it('falls back to the nominal interval for lines without time or out of order', () => {
    const [record] = parseVllmLog(v1('05-20 09:00:10', 1, 1), { year: 2026 }) as StatsRecord[];
    expect(statsWindowSeconds({ ...record, time: null }, '2026-05-20T09:00:00Z')).toBe(10);
    expect(statsWindowSeconds(record, '2026-05-20T09:00:30Z')).toBe(10);
  });
});

describe('utilizationSamples', () => {
  it('projects stats lines and fills the V0 prefix hit rate from the line after', () => {
    const records = parseVllmLog(
      [
        v0('01-17 10:15:30', 10, 4),
        'INFO 01-17 10:15:30 metrics.py:367] Prefix cache hit rate: GPU: 12.50%, CPU: 0.00%',
        v1('05-20 09:00:10', 1, 2),
      ].join('\n'),
      { year: 2026 },
    );
    expect(utilizationSamples(records)).toEqual([
      {
        time: '2026-01-17T10:15:30.000Z',
        engine: null,
        promptTokensPerSec: 10,
        generationTokensPerSec: 4,
        tokensPerSec: 14,
        running: 1,
        waiting: 2,
        kvCacheUsagePct: 7,
        prefixCacheHitRatePct: 12.5,
      },
      {
        time: '2026-05-20T09:00:10.000Z',
        engine: 0,
        promptTokensPerSec: 1,
        generationTokensPerSec: 2,
        tokensPerSec: 3,
        running: 1,
        waiting: 0,
        kvCacheUsagePct: 5,
        prefixCacheHitRatePct: 10,
      },
    ]);
  });
});
