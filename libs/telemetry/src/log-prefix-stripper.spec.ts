import { describe, expect, it } from 'vitest';
import { stripLogPrefixes } from './log-prefix-stripper';

const LINE = 'INFO 11-27 10:15:30 [loggers.py:116] Engine 000: Avg prompt throughput: 1.0 tokens/s';

describe('stripLogPrefixes', () => {
  it.each([
    ['docker compose', `vllm-1  | ${LINE}`],
    ['docker compose, no padding', `vllm-server-1| ${LINE}`],
    ['RFC 3339', `2026-11-27T10:15:30.123456789Z ${LINE}`],
    ['Kubernetes pod name', `vllm-7d9f8b-xkq2p ${LINE}`],
    ['stern pod and container', `vllm-7d9f8b-xkq2p vllm ${LINE}`],
    ['kubectl --prefix', `[pod/vllm-0/vllm] ${LINE}`],
    ['journald', `Nov 27 10:15:30 gpu-host-1 vllm[1234]: ${LINE}`],
    // A wrapped line trimmed at the wrap point loses the space between host and program.
    ['journald, trimmed at a wrap', `Nov 27 10:15:30 hvllm[1]: ${LINE}`],
    ['APIServer tag', `(APIServer pid=1234) ${LINE}`],
    ['EngineCore tag', `(EngineCore_DP0 pid=5678) ${LINE}`],
    ['Ray worker tag', `(RayWorkerWrapper pid=12, ip=10.0.0.2) ${LINE}`],
    ['Ray tag without name', `(pid=12) ${LINE}`],
    ['ANSI colours', `\x1b[32mINFO\x1b[0m${LINE.slice(4)}`],
    ['nested', `vllm-1  | 2026-11-27T10:15:30Z [pod/vllm-0/vllm] (APIServer pid=1) ${LINE}`],
  ])('strips %s', (_name, raw) => {
    expect(stripLogPrefixes(raw).text).toBe(LINE);
  });

  it('keeps what the prefixes say', () => {
    expect(stripLogPrefixes(`2026-11-27T12:15:30.5+02:00 ${LINE}`).shipperTime).toBe('2026-11-27T10:15:30.500Z');
    expect(stripLogPrefixes(`Nov 27 10:15:31 host vllm[1]: ${LINE}`).journaldTime).toEqual({
      month: 11,
      day: 27,
      hour: 10,
      minute: 15,
      second: 31,
      millisecond: 0,
    });
    expect(stripLogPrefixes(`(EngineCore_DP1 pid=5) ${LINE}`).process).toBe('EngineCore_DP1');
    const ray = stripLogPrefixes(`(pid=3) ${LINE} [repeated 12x across cluster]`);
    expect(ray).toMatchObject({ text: LINE, repeated: 12, process: null });
  });

  it('leaves a bare word alone when no log line follows it', () => {
    expect(stripLogPrefixes('ation throughput: 9.0 tokens/s').text).toBe('ation throughput: 9.0 tokens/s');
    expect(stripLogPrefixes('hello world').text).toBe('hello world');
  });
});
