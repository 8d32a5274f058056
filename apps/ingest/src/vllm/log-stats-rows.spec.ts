import { parseVllmRecord, type StatsRecord } from '@tokenmeter/telemetry';
import { describe, expect, it } from 'vitest';
import { logStatsRows, TimedStats } from './log-stats-rows';

const deployment = { name: 'pool-a', team: 'support', servedModel: 'llama-3.1-70b', logStatsIntervalSec: '10' };
const opts = { defaultTime: '2026-11-27T12:00:00Z' };

function stats(line: string): TimedStats {
  const record = parseVllmRecord(line, opts) as StatsRecord;
  expect(record.kind).toBe('stats');
  return record as TimedStats;
}

const v1 = (time: string, prompt: number, generation: number, engine = '000') =>
  stats(
    `INFO 11-27 ${time} [loggers.py:116] Engine ${engine}: Avg prompt throughput: ${prompt} tokens/s, ` +
      `Avg generation throughput: ${generation} tokens/s, Running: 2 reqs, Waiting: 1 reqs, ` +
      'GPU KV cache usage: 10.0%, Prefix cache hit rate: 20.0%',
  );

describe('logStatsRows', () => {
  it('windows: gap when at most 1.5 × interval, else the interval; first line the interval', () => {
    const rows = logStatsRows(
      deployment,
      [v1('10:00:00', 100, 10), v1('10:00:12', 100, 10), v1('10:05:00', 100, 10)],
      new Map(),
    );
    // 10 s (no previous) → 1,000 + 100; 12 s (late, ≤ 15) → 1,200 + 120; 288 s gap (idle) → 10 s → 1,000 + 100
    expect(rows.usage.map((u) => [u.inputTokens, u.outputTokens])).toEqual([
      [1000, 100],
      [1200, 120],
      [1000, 100],
    ]);
    expect(rows.samples.map((s) => s.intervalSec)).toEqual([10, 12, 10]);
  });

  it('continues from the previous stored line of the same engine', () => {
    const rows = logStatsRows(deployment, [v1('10:00:14', 100, 0)], new Map([[0, '2026-11-27T10:00:00.000Z']]));
    expect(rows.usage[0]).toMatchObject({
      inputTokens: 1400,
      outputTokens: 0,
      id: '2026-11-27T10:00:14.000Z#0',
      source: 'vllm-log:pool-a',
    });
  });

  it('keeps engines apart and writes self-hosted rows the planner can tell from counters', () => {
    const rows = logStatsRows(
      deployment,
      [v1('10:00:00', 50, 5, '001'), v1('10:00:10', 50, 5, '001'), v1('10:00:05', 10, 1)],
      new Map(),
    );
    expect(rows.usage.map((u) => u.id).sort()).toEqual([
      '2026-11-27T10:00:00.000Z#1',
      '2026-11-27T10:00:05.000Z#0',
      '2026-11-27T10:00:10.000Z#1',
    ]);
    expect(rows.usage[0]).toMatchObject({
      provider: 'self-hosted',
      model: 'llama-3.1-70b@pool-a',
      deployment: 'pool-a',
      team: 'support',
      costUsd: null,
      priceVersion: null,
      tags: { basis: 'log-estimate', windowSec: '10' },
    });
  });

  it('stores idle lines as samples without usage, and refuses implausible numbers', () => {
    const rows = logStatsRows(deployment, [v1('10:00:00', 0, 0), v1('10:00:10', 1e14, 0)], new Map());
    expect(rows.samples).toHaveLength(1);
    expect(rows.usage).toHaveLength(0);
    expect(rows.rejected).toHaveLength(1);
  });

  it('books v0.1 total throughput as output, V0 on its fixed 5 s interval', () => {
    const old = stats(
      'INFO 11-27 10:00:00 llm_engine.py:400] Throughput: 120.0 tokens/s, ' +
        'Running: 1 reqs, Swapped: 0 reqs, Pending: 0 reqs, GPU KV cache usage: 5.0%',
    );
    const rows = logStatsRows(deployment, [old], new Map());
    expect(rows.usage[0]).toMatchObject({ inputTokens: 0, outputTokens: 600, tags: { split: 'unknown' } });
  });
});
