import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type EngineLogRecord, parseEngineLine, type ServingEngine } from '@tokenmeter/telemetry';
import { describe, expect, it } from 'vitest';
import { engineLogRows, TimedEngineStats, TimedRequestUsage } from './engine-log-rows';
import { logSeriesKey } from './log-series';

const FIXTURES = path.resolve(__dirname, '../../../../libs/telemetry/src/fixtures');
const opts = { defaultTime: '2026-11-27T12:00:00Z' };

function records(engine: ServingEngine, file: string): EngineLogRecord[] {
  return readFileSync(path.join(FIXTURES, engine, file), 'utf8')
    .split('\n')
    .map((line) => parseEngineLine(engine, line, opts))
    .filter((r): r is EngineLogRecord => r !== null);
}

const stats = (rs: EngineLogRecord[]) => rs.filter((r) => r.kind === 'stats') as TimedEngineStats[];
const requests = (rs: EngineLogRecord[]) =>
  rs.filter((r) => r.kind === 'request-finished' && 'generationTokens' in r) as TimedRequestUsage[];

const tgi = { name: 'tgi-pool', team: 'support', servedModel: 'mistral-7b', engine: 'tgi' as const };
const sglang = { name: 'sg-pool', team: 'search', servedModel: 'qwen-2.5-7b', engine: 'sglang' as const };

describe('engineLogRows', () => {
  it('TGI: one exact row per finished request, keyed by its time and counts; no samples', () => {
    const rs = records('tgi', 'v3.3-text.log');
    const rows = engineLogRows(tgi, stats(rs), requests(rs), new Map());
    expect(rows.samples).toEqual([]);
    // 1.2 s / 60 ms = 20 tokens; 3.488 s / 27.25 ms = 128 tokens
    expect(rows.usage.map((u) => [u.time.toISOString(), u.inputTokens, u.outputTokens, u.requests])).toEqual([
      ['2025-06-02T10:00:06.250Z', 0, 20, 1],
      ['2025-06-02T10:00:09.000Z', 0, 128, 1],
    ]);
    expect(rows.usage[0]).toMatchObject({
      source: 'tgi-log:tgi-pool',
      id: '2025-06-02T10:00:06.250Z#-#request#0/0/20',
      provider: 'self-hosted',
      model: 'mistral-7b@tgi-pool',
      deployment: 'tgi-pool',
      team: 'support',
      tags: { basis: 'log-estimate', count: 'request', engine: 'tgi' },
      costUsd: null,
    });
  });

  it('llama.cpp: prompt and generation timings, one message each, make two rows of one request', () => {
    const llama = { ...tgi, name: 'llama-box', engine: 'llamacpp' as const };
    const rs = records('llamacpp', 'b4000-slot.log');
    const rows = engineLogRows(llama, stats(rs), requests(rs), new Map());
    expect(rows.usage.map((u) => [u.id, u.inputTokens, u.outputTokens, u.requests])).toEqual([
      ['2026-11-27T12:00:00.000Z#-#request#100/0/0', 100, 0, 0],
      ['2026-11-27T12:00:00.000Z#-#request#0/0/64', 0, 64, 1],
    ]);
  });

  it('SGLang: prefill counts exactly, decode rate × gap to the rank’s previous decode line', () => {
    const rows = engineLogRows(sglang, stats(records('sglang', 'v0.5-stats.log')), [], new Map());
    expect(rows.usage.map((u) => [u.id, u.inputTokens, u.cachedInputTokens, u.outputTokens])).toEqual([
      ['2025-08-01T21:05:25.000Z#0#prefill#1000/24', 1000, 24, 0],
      ['2025-08-01T21:05:26.000Z#0#prefill#200/0', 200, 0, 0],
      // 21:05:27 is the first decode line of rank 0: no gap, no tokens
      ['2025-08-01T21:05:29.000Z#0#decode#120', 0, 0, 120], // 60 tok/s × 2 s
      ['2025-08-01T21:05:33.000Z#0#decode#120', 0, 0, 120], // 30 tok/s × 4 s
    ]);
    expect(rows.samples.map((s) => [s.time.toISOString(), s.engine, s.intervalSec, s.generationTokensPerSec])).toEqual([
      ['2025-08-01T21:05:27.000Z', 0, 0, 90],
      ['2025-08-01T21:05:29.000Z', 0, 2, 60],
      ['2025-08-01T21:05:33.000Z', 0, 4, 30],
      ['2025-08-01T21:05:33.000Z', 1, 0, 10],
    ]);
  });

  it('SGLang: counts at most a minute of a decode line whose gap spans a restart (its timer restarted)', () => {
    // 400 tok/s at 12:00:00 and 12:00:10; the server restarts at 20:00; 40 tok/s at 20:00:30 is over the
    // half minute since its start, not the 8 hours since 12:00:10 (1,152,800 tokens booked before).
    const rows = engineLogRows(sglang, stats(records('sglang', 'v0.5-restart.log')), [], new Map());
    expect(rows.usage.map((u) => [u.time.toISOString(), u.outputTokens, u.tags.windowSec])).toEqual([
      ['2026-11-30T12:00:10.000Z', 4_000, '10'],
      ['2026-11-30T20:00:30.000Z', 2_400, '60'],
    ]);
    // Nor are the 8 hours one busy sample.
    expect(rows.samples.map((s) => s.intervalSec)).toEqual([0, 10, 60]);
  });

  it('continues from the previous stored decode line of the same rank', () => {
    const rows = engineLogRows(
      sglang,
      stats(records('sglang', 'v0.5-stats.log')),
      [],
      new Map([[logSeriesKey('', 1), '2025-08-01T21:05:28.000Z']]),
    );
    const rank1 = rows.usage.find((u) => u.id.includes('#1#decode'));
    expect(rank1).toMatchObject({ outputTokens: 50, tags: { windowSec: '5' } }); // 10 tok/s × 5 s
  });

  it('SGLang Finish lines add nothing: its batch lines already count every request', () => {
    const rs = records('sglang', 'v0.5-requests.log');
    expect(requests(rs).length).toBeGreaterThan(0);
    const rows = engineLogRows(sglang, stats(rs), requests(rs), new Map());
    expect(rows.usage.map((u) => [u.inputTokens, u.cachedInputTokens, u.outputTokens])).toEqual([[8, 4, 0]]);
  });

  it('gives a line resent within the records its rows once', () => {
    const sg = stats(records('sglang', 'v0.5-stats.log'));
    const once = engineLogRows(sglang, sg, [], new Map());
    expect(engineLogRows(sglang, [...sg, ...sg], [], new Map())).toEqual(once);
    const rs = records('tgi', 'v3.3-text.log');
    const single = engineLogRows(tgi, [], requests(rs), new Map());
    expect(engineLogRows(tgi, [], [...requests(rs), ...requests(rs)], new Map())).toEqual(single);
  });

  it('rejects numbers no engine prints', () => {
    const [line] = stats(records('sglang', 'v0.5-stats.log'));
    const rows = engineLogRows(sglang, [{ ...line, kvCacheUsagePct: 5000 }], [], new Map());
    expect(rows.rejected).toHaveLength(1);
    expect(rows.usage).toEqual([]);
  });
});
