import { EngineLogStreamParser } from '@tokenmeter/telemetry';
import { describe, expect, it } from 'vitest';
import { totalsFromLogRecords } from './utilization-command';

const line = (time: string, prompt: number, gen: number, running: number, kv: number) =>
  `INFO 12-01 ${time} [loggers.py:123] Engine 000: Avg prompt throughput: ${prompt.toFixed(1)} tokens/s, ` +
  `Avg generation throughput: ${gen.toFixed(1)} tokens/s, Running: ${running} reqs, Waiting: 0 reqs, ` +
  `GPU KV cache usage: ${kv.toFixed(1)}%, Prefix cache hit rate: 0.0%`;

describe('totalsFromLogRecords', () => {
  it('sums throughput × interval per stats line, output and input apart', () => {
    const parser = new EngineLogStreamParser('vllm', { year: 2026 });
    const records = [
      line('00:00:10', 900, 300, 4, 20),
      line('00:00:20', 0, 0, 0, 0),
      line('00:00:30', 450, 150, 2, 10),
    ].flatMap((l) => parser.push(l));
    records.push(...parser.flush());
    const totals = totalsFromLogRecords(records, 10);
    // Three 10 s intervals: output 300 × 10 + 150 × 10 = 4,500; input 9,000 + 4,500 = 13,500.
    expect(totals).toEqual({
      outputTokens: 4_500,
      inputTokens: 13_500,
      secondsInService: 30,
      busySeconds: 20,
      kvCacheUsagePct: 10,
    });
  });

  it('counts a line after a gap over its logging window only: the gap was idle (as the consumer stores it)', () => {
    const parser = new EngineLogStreamParser('vllm', { year: 2026 });
    const records = [
      line('00:00:10', 500, 100, 4, 10),
      line('00:00:20', 500, 300, 8, 30),
      line('00:00:30', 0, 0, 0, 0),
      // 20 s later: vLLM logged the idle line in between at DEBUG; this average covers the last 10 s.
      line('00:00:50', 100, 200, 2, 20),
    ].flatMap((l) => parser.push(l));
    records.push(...parser.flush());
    const totals = totalsFromLogRecords(records, 10);
    // Output 100 × 10 + 300 × 10 + 0 + 200 × 10 = 6,000 (not 8,000); busy 30 s of 50 s in service.
    expect(totals).toEqual({
      outputTokens: 6_000,
      inputTokens: 11_000,
      secondsInService: 50,
      busySeconds: 30,
      kvCacheUsagePct: 15,
    });
  });

  it("books v0.1's undivided `Throughput:` as output, as the ingest stores it for the planner", () => {
    const parser = new EngineLogStreamParser('vllm', { year: 2026 });
    const v01 = (time: string) =>
      `INFO 06-20 ${time} llm_engine.py:300] Throughput: 1000.0 tokens/s, Running: 5 reqs, Swapped: 0 reqs, ` +
      'Pending: 0 reqs, GPU KV cache usage: 10.0%, CPU KV cache usage: 0.0%';
    const records = [v01('10:00:00'), v01('10:00:05')].flatMap((l) => parser.push(l));
    records.push(...parser.flush());
    // Two 5 s windows at 1,000 tokens/s: 10,000 output tokens (it said 0, and 0 % utilization).
    expect(totalsFromLogRecords(records, 5)).toMatchObject({ outputTokens: 10_000, inputTokens: 0 });
  });
});
