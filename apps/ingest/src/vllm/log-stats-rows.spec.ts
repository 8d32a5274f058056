import { parseVllmRecord, type StatsRecord } from '@tokenmeter/telemetry';
import { describe, expect, it } from 'vitest';
import { logSeriesKey } from './log-series';
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

  it('measures each replica against its own previous line: replicas all log as Engine 000', () => {
    // Two pods, each at 500 output tokens/s, logging every 10 s, 5 s apart: 30 lines of each over 300 s.
    const pods = ['pool-a-7d9f-x2k4q', 'pool-a-7d9f-m8w1z'];
    const lines = Array.from({ length: 30 }, (_, i) =>
      pods.map((replica, p) => {
        const t = 10 * i + 5 * p;
        const time = `10:${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
        return { ...v1(time, 0, 500), replica };
      }),
    ).flat();
    const rows = logStatsRows(deployment, lines, new Map());
    // Each line its 10 s window: 2 × 30 × 10 s × 500 = 300,000 (152,500 when the pods shared one series).
    expect(rows.usage.reduce((sum, u) => sum + u.outputTokens, 0)).toBe(300_000);
    expect(new Set(rows.usage.map((u) => u.id)).size).toBe(60);
    expect(rows.samples.every((s) => s.intervalSec === 10 && pods.includes(s.replica!))).toBe(true);
    // In the same second, the other pod's line is its own line, not a resend.
    const same = logStatsRows(
      deployment,
      pods.map((replica) => ({ ...v1('10:00:00', 0, 500), replica })),
      new Map(),
    );
    expect(same.usage.map((u) => u.id)).toEqual(pods.map((pod) => `2026-11-27T10:00:00.000Z#0#${pod}`));
  });

  it('continues from the previous stored line of the same engine', () => {
    const rows = logStatsRows(
      deployment,
      [v1('10:00:14', 100, 0)],
      new Map([[logSeriesKey('', 0), '2026-11-27T10:00:00.000Z']]),
    );
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
