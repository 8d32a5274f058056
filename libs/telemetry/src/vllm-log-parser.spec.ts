import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseVllmLog, parseVllmRecord, VllmLogStreamParser } from './vllm-log-parser';
import type { VllmLogRecord } from './vllm-log-record';

const fixture = (name: string) => readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');
const FIXTURES = [
  'v0-stats.log',
  'v1-stats.log',
  'startup.log',
  'requests.log',
  'access-and-errors.log',
  'shippers.log',
  'mixed.log',
];

function only<K extends VllmLogRecord['kind']>(records: VllmLogRecord[], kind: K) {
  return records.filter((record): record is Extract<VllmLogRecord, { kind: K }> => record.kind === kind);
}

describe('parseVllmLog: stats lines of every era', () => {
  it('reads V0 lines from v0.1 Throughput to v0.5+ trailing period, and the separate prefix-cache line', () => {
    const records = parseVllmLog(fixture('v0-stats.log'), { year: 2026 });
    expect(records.map((r) => r.kind)).toEqual(['stats', 'stats', 'stats', 'stats', 'prefix-cache']);
    const [v01, v02, v04, v05, prefix] = records;
    expect(v01).toMatchObject({
      kind: 'stats',
      statsFormat: 'v0',
      time: '2026-07-12T09:00:05.000Z',
      totalTokensPerSec: 123.4,
      promptTokensPerSec: null,
      generationTokensPerSec: null,
      running: 2,
      waiting: 1,
      swapped: 0,
      kvCacheUsagePct: 5.1,
      cpuKvCacheUsagePct: 0,
      engine: null,
    });
    expect(v02).toMatchObject({
      promptTokensPerSec: 210.5,
      generationTokensPerSec: 33,
      running: 3,
      waiting: 0,
      swapped: null,
      cpuKvCacheUsagePct: null,
    });
    expect(v04).toMatchObject({
      promptTokensPerSec: 0,
      generationTokensPerSec: 12.3,
      running: 1,
      swapped: 0,
      waiting: 0,
      kvCacheUsagePct: 0.4,
    });
    expect(v05).toMatchObject({
      promptTokensPerSec: 1024.7,
      generationTokensPerSec: 256.2,
      running: 8,
      swapped: 1,
      waiting: 2,
      kvCacheUsagePct: 91.3,
      cpuKvCacheUsagePct: 4,
    });
    expect(prefix).toMatchObject({
      kind: 'prefix-cache',
      gpuHitRatePct: 12.5,
      cpuHitRatePct: 0,
      time: '2026-08-01T12:00:00.000Z',
    });
  });

  it('reads V1 lines with and without Engine NNN:, optional fields anywhere, process tags', () => {
    const stats = only(parseVllmLog(fixture('v1-stats.log'), { year: 2026 }), 'stats');
    expect(stats).toHaveLength(7);
    expect(stats.every((s) => s.statsFormat === 'v1')).toBe(true);
    expect(stats[0]).toMatchObject({
      engine: null,
      promptTokensPerSec: 100,
      running: 2,
      waiting: 0,
      kvCacheUsagePct: null,
    });
    expect(stats[1]).toMatchObject({ engine: null, waiting: 1, kvCacheUsagePct: 1.5, prefixCacheHitRatePct: 10 });
    expect(stats[2]).toMatchObject({
      engine: 0,
      promptTokensPerSec: 512.3,
      generationTokensPerSec: 98.1,
      running: 4,
      waiting: 0,
      kvCacheUsagePct: 3.2,
      prefixCacheHitRatePct: 45,
      swapped: null,
    });
    expect(stats[3]).toMatchObject({
      preemptions: 1,
      kvCacheUsagePct: 60,
      prefixCacheHitRatePct: 50,
      externalPrefixCacheHitRatePct: 12,
      mmCacheHitRatePct: 0,
    });
    expect(stats[4]).toMatchObject({
      process: 'APIServer',
      engine: 0,
      deferred: 3,
      corrupted: 0,
      kvCacheUsagePct: 2,
      time: '2026-09-02T10:00:00.000Z',
    });
    expect(stats[5]).toMatchObject({ process: 'APIServer', engine: 1, generationTokensPerSec: 35.5 });
    expect(stats[6]).toMatchObject({ process: 'EngineCore_DP0', engine: 0, running: 0 });
  });
});

describe('parseVllmLog: start-up lines', () => {
  it('takes model, tensor parallel size, max model length, dtype and version from each form', () => {
    const startup = only(parseVllmLog(fixture('startup.log'), { year: 2026 }), 'startup');
    const pick = ({ model, tensorParallelSize, maxModelLen, dtype, vllmVersion }: (typeof startup)[number]) => ({
      model,
      tensorParallelSize,
      maxModelLen,
      dtype,
      vllmVersion,
    });
    expect(startup.map(pick)).toEqual([
      { model: 'facebook/opt-125m', tensorParallelSize: 1, maxModelLen: null, dtype: 'float16', vllmVersion: null },
      { model: null, tensorParallelSize: null, maxModelLen: null, dtype: null, vllmVersion: '0.4.3' },
      {
        model: 'meta-llama/Meta-Llama-3-8B-Instruct',
        tensorParallelSize: 2,
        maxModelLen: 8192,
        dtype: 'auto',
        vllmVersion: null,
      },
      {
        model: 'meta-llama/Meta-Llama-3-8B-Instruct',
        tensorParallelSize: 2,
        maxModelLen: 8192,
        dtype: 'bfloat16',
        vllmVersion: '0.4.3',
      },
      { model: null, tensorParallelSize: null, maxModelLen: null, dtype: null, vllmVersion: '0.6.3' },
      { model: null, tensorParallelSize: null, maxModelLen: null, dtype: null, vllmVersion: '0.8.5' },
      { model: 'Qwen/Qwen3-30B-A3B', tensorParallelSize: 4, maxModelLen: 16384, dtype: null, vllmVersion: null },
      { model: null, tensorParallelSize: null, maxModelLen: 32768, dtype: null, vllmVersion: null },
      {
        model: 'Qwen/Qwen3-30B-A3B',
        tensorParallelSize: 4,
        maxModelLen: 32768,
        dtype: 'bfloat16',
        vllmVersion: '0.8.5',
      },
      { model: null, tensorParallelSize: null, maxModelLen: null, dtype: null, vllmVersion: '0.10.1.1' },
      { model: 'openai/gpt-oss-20b', tensorParallelSize: null, maxModelLen: 32768, dtype: null, vllmVersion: null },
    ]);
  });
});

describe('parseVllmLog: request lines', () => {
  const records = parseVllmLog(fixture('requests.log'), { year: 2026 });

  it('reads id, prompt token count and max_tokens without being fooled by the prompt', () => {
    const requests = only(records, 'request');
    expect(
      requests.map(({ event, requestId, promptTokens, maxTokens }) => ({ event, requestId, promptTokens, maxTokens })),
    ).toEqual([
      { event: 'received', requestId: 'cmpl-1a', promptTokens: null, maxTokens: 16 },
      { event: 'received', requestId: 'cmpl-abc123', promptTokens: 5, maxTokens: 256 },
      { event: 'added', requestId: 'cmpl-abc123', promptTokens: null, maxTokens: null },
      { event: 'received', requestId: 'chatcmpl-xyz', promptTokens: 3, maxTokens: 1024 },
      { event: 'received', requestId: 'chatcmpl-xyz2', promptTokens: null, maxTokens: null },
      { event: 'added', requestId: 'chatcmpl-xyz2', promptTokens: null, maxTokens: null },
      { event: 'received', requestId: 'cmpl-new-0', promptTokens: null, maxTokens: 64 },
      { event: 'details', requestId: 'cmpl-new-0', promptTokens: 4, maxTokens: null },
      { event: 'details', requestId: 'cmpl-new-1', promptTokens: 37, maxTokens: null },
    ]);
  });

  it('reads finished and aborted requests, several ids at once in V1', () => {
    const finished = only(records, 'request-finished');
    expect(finished.map(({ outcome, requestId, requestIds }) => ({ outcome, requestId, requestIds }))).toEqual([
      { outcome: 'finished', requestId: 'cmpl-abc123', requestIds: ['cmpl-abc123'] },
      { outcome: 'aborted', requestId: 'chatcmpl-xyz', requestIds: ['chatcmpl-xyz'] },
      { outcome: 'aborted', requestId: 'cmpl-new-2', requestIds: ['cmpl-new-2', 'cmpl-new-3'] },
    ]);
  });

  it('never turns a fake stats line inside a prompt into stats', () => {
    expect(only(records, 'stats')).toEqual([]);
  });

  it('keeps generated-response lines as other, with the output redacted', () => {
    expect(only(records, 'other').map((r) => r.message)).toEqual(['Generated response cmpl-new-0: [redacted]']);
  });
});

describe('parseVllmLog: uvicorn access lines, warnings and errors', () => {
  const records = parseVllmLog(fixture('access-and-errors.log'), { year: 2026 });

  it('reads access lines, dropping the query string', () => {
    expect(only(records, 'access').map(({ method, path, status }) => ({ method, path, status }))).toEqual([
      { method: 'POST', path: '/v1/chat/completions', status: 200 },
      { method: 'GET', path: '/metrics', status: 200 },
      { method: 'POST', path: '/v1/completions', status: 400 },
    ]);
  });

  it('keeps uvicorn lines without time at the time of the record before (none yet: null)', () => {
    expect(records[0]).toMatchObject({
      kind: 'other',
      time: null,
      level: 'INFO',
      message: 'Started server process [1]',
    });
  });

  it('keeps warnings and errors with their level, redacted, tracebacks folded into their record', () => {
    const other = only(records, 'other').filter((r) => r.level === 'WARNING' || r.level === 'ERROR');
    expect(other.map(({ level, message }) => ({ level, message }))).toEqual([
      { level: 'WARNING', message: 'Casting torch.bfloat16 to torch.float16.' },
      { level: 'WARNING', message: 'Input prompt (5000 tokens) is too long and exceeds limit of 4096' },
      { level: 'ERROR', message: 'Error in applying chat template from request: [redacted]' },
      { level: 'ERROR', message: 'Engine background task failed' },
      { level: 'WARNING', message: 'Unsupported field in request: {[redacted]' },
    ]);
  });
});

describe('parseVllmLog: shipper and process prefixes', () => {
  const stats = only(parseVllmLog(fixture('shippers.log'), { year: 2026 }), 'stats');

  it('strips docker compose, RFC 3339, pod names, kubectl, journald, process tags, Ray, ANSI', () => {
    expect(stats).toHaveLength(12);
    for (const record of stats) {
      expect(record).toMatchObject({
        engine: 0,
        promptTokensPerSec: 100,
        generationTokensPerSec: 50,
        prefixCacheHitRatePct: 20,
      });
    }
    expect(stats.map((s) => s.time)).toEqual([
      '2026-11-27T10:15:00.000Z',
      '2026-11-27T10:15:10.123Z',
      '2026-11-27T10:15:05.500Z',
      '2026-11-27T10:15:20.000Z',
      '2026-11-27T10:15:30.000Z',
      '2026-11-27T10:15:40.000Z',
      '2026-11-27T10:15:50.000Z',
      '2026-11-27T10:16:00.000Z',
      '2026-11-27T10:16:10.000Z',
      '2026-11-27T10:16:20.000Z',
      '2026-11-27T10:16:30.000Z',
      '2026-11-27T10:16:40.000Z',
    ]);
    expect(stats.map((s) => s.process)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      'APIServer',
      'EngineCore_DP0',
      'RayWorkerWrapper',
      null,
      'APIServer',
    ]);
    expect(stats[9].repeated).toBe(3);
  });

  it('reads access lines under journald, with journald time', () => {
    const access = only(parseVllmLog(fixture('shippers.log'), { year: 2026 }), 'access');
    expect(access).toEqual([
      expect.objectContaining({ path: '/health', status: 200, time: '2026-11-27T10:15:51.000Z' }),
    ]);
  });

  it("takes the shipper timestamp's year over --year, and later year-less lines follow it", () => {
    const records = parseVllmLog(
      [
        '2025-12-31T23:59:58Z INFO 12-31 23:59:58 [loggers.py:116] Engine 000: Avg prompt throughput: 1.0 tokens/s',
        'INFO 12-31 23:59:59 [loggers.py:116] Engine 000: Avg prompt throughput: 2.0 tokens/s',
      ].join('\n'),
      { year: 2030 },
    );
    expect(records.map((r) => r.time)).toEqual(['2025-12-31T23:59:58.000Z', '2025-12-31T23:59:59.000Z']);
  });
});

describe('parseVllmLog: wrapped and pasted lines', () => {
  const line =
    '(APIServer pid=1) INFO 05-20 09:00:20 [loggers.py:123] Engine 000: Avg prompt throughput: 80.0 tokens/s, ' +
    'Avg generation throughput: 120.5 tokens/s, Running: 5 reqs, Waiting: 2 reqs, ' +
    'GPU KV cache usage: 60.0%, Prefix cache hit rate: 50.0%';
  const expected = {
    kind: 'stats',
    engine: 0,
    promptTokensPerSec: 80,
    generationTokensPerSec: 120.5,
    running: 5,
    waiting: 2,
    kvCacheUsagePct: 60,
    prefixCacheHitRatePct: 50,
  };
  const wrap = (text: string, width: number) => text.match(new RegExp(`.{1,${width}}`, 'g')) ?? [];

  it.each([20, 33, 80, 120])('joins a line a terminal wrapped at %i columns', (width) => {
    const records = parseVllmLog([...wrap(line, width), 'INFO 05-20 09:00:30 [loggers.py:1] next'].join('\n'), {
      year: 2026,
    });
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ ...expected, time: '2026-05-20T09:00:20.000Z' });
  });

  it('joins a paste that trimmed the spaces at the wrap points, with \\r\\n endings', () => {
    const pasted = wrap(line, 37)
      .map((piece) => piece.trim())
      .join('\r\n');
    expect(parseVllmLog(pasted, { year: 2026 })).toEqual([expect.objectContaining(expected)]);
  });

  it('tolerates lone \\r line ends', () => {
    const records = parseVllmLog(`${line}\r${line}\r`, { year: 2026 });
    expect(records).toHaveLength(2);
  });

  it('joins a request line whose prompt was wrapped, and drops the prompt', () => {
    const request =
      'INFO 03-04 10:00:00 async_llm_engine.py:529] Received request cmpl-w1: ' +
      "prompt: 'a long prompt with SECRET-WRAP inside, params: x', " +
      'params: SamplingParams(n=1, max_tokens=99), prompt_token_ids: [1, 2, 3, 4, 5, 6], lora_request: None.';
    const records = parseVllmLog(wrap(request, 40).join('\n'), { year: 2026 });
    expect(records).toEqual([
      expect.objectContaining({ kind: 'request', requestId: 'cmpl-w1', promptTokens: 6, maxTokens: 99 }),
    ]);
    expect(JSON.stringify(records)).not.toContain('SECRET');
  });
});

describe('parseVllmLog: time', () => {
  it('uses --year for year-less times and steps into the next year at New Year', () => {
    const records = parseVllmLog(
      [
        'INFO 12-31 23:59:55 llm_engine.py:1] a',
        'INFO 01-01 00:00:05 llm_engine.py:1] b',
        'INFO 01-01 00:00:10 llm_engine.py:1] c',
      ].join('\n'),
      { year: 2026 },
    );
    expect(records.map((r) => r.time)).toEqual([
      '2026-12-31T23:59:55.000Z',
      '2027-01-01T00:00:05.000Z',
      '2027-01-01T00:00:10.000Z',
    ]);
  });

  it('gives records without a time the default time before any timed record', () => {
    const records = parseVllmLog('INFO:     127.0.0.1:1 - "GET /health HTTP/1.1" 200 OK', {
      year: 2026,
      defaultTime: '2026-03-01T00:00:00Z',
    });
    expect(records[0].time).toBe('2026-03-01T00:00:00.000Z');
  });

  it('leaves an impossible date null rather than rolling it over', () => {
    expect(parseVllmLog('INFO 02-30 10:00:00 llm_engine.py:1] x', { year: 2026 })[0].time).toBeNull();
  });
});

describe('VllmLogStreamParser', () => {
  it('gives the same records as parseVllmLog when fed one line at a time', () => {
    for (const name of FIXTURES) {
      const text = fixture(name);
      const parser = new VllmLogStreamParser({ year: 2026 });
      const streamed = [...text.split('\n').flatMap((line) => parser.push(line)), ...parser.flush()];
      expect(streamed, name).toEqual(parseVllmLog(text, { year: 2026 }));
    }
  });

  it('holds a record until the next head shows that no continuation follows', () => {
    const parser = new VllmLogStreamParser({ year: 2026 });
    expect(parser.push('INFO 05-20 09:00:20 [loggers.py:123] Avg prompt throughput: 1.0 tokens/s, Avg gener')).toEqual(
      [],
    );
    expect(parser.push('ation throughput: 2.0 tokens/s, Running: 1 reqs, Waiting: 0 reqs')).toEqual([]);
    expect(parser.push('INFO 05-20 09:00:30 [loggers.py:1] next')).toEqual([
      expect.objectContaining({ kind: 'stats', promptTokensPerSec: 1, generationTokensPerSec: 2 }),
    ]);
    expect(parser.flush()).toEqual([expect.objectContaining({ kind: 'other', message: 'next' })]);
  });
});

describe('parseVllmRecord', () => {
  it('parses one message without state, with the default time as year reference', () => {
    expect(
      parseVllmRecord(
        'INFO 12-31 23:59:59 [loggers.py:116] Engine 002: Avg prompt throughput: 1.0 tokens/s, ' +
          'Avg generation throughput: 2.0 tokens/s',
        {
          defaultTime: '2027-01-01T00:00:03Z',
        },
      ),
    ).toMatchObject({ kind: 'stats', engine: 2, time: '2026-12-31T23:59:59.000Z' });
  });

  it('takes a multi-line message as one record and returns null for a blank one', () => {
    expect(
      parseVllmRecord('INFO 05-20 09:00:20 [loggers.py:123] Avg prompt through\nput: 3.0 tokens/s', { year: 2026 }),
    ).toMatchObject({
      kind: 'stats',
      promptTokensPerSec: 3,
    });
    expect(parseVllmRecord(' \r\n ', { year: 2026 })).toBeNull();
  });

  it('keeps no message for a line without a log head: it may be the tail of a prompt', () => {
    expect(parseVllmRecord("SECRET continuation of someone's prompt', params: SamplingParams(")).toMatchObject({
      kind: 'other',
      level: null,
      message: null,
    });
  });
});

describe('privacy', () => {
  it('no fixture prompt, output or id list reaches the records', () => {
    for (const name of FIXTURES) {
      const text = fixture(name);
      const json = JSON.stringify(parseVllmLog(text, { year: 2026 }));
      expect(json, name).not.toMatch(/SECRET|15043|151644|Tell me|answer|SSN/);
      for (const line of text.split('\n')) {
        expect(JSON.stringify(parseVllmRecord(line, { year: 2026 })), name).not.toMatch(/SECRET/);
      }
    }
  });
});

describe('parseVllmLog: a wrap inside the head', () => {
  const previous = 'INFO 05-20 09:00:10 [loggers.py:1] previous record';
  const line =
    'vllm-1  | 2026-05-20T09:00:20Z (APIServer pid=1) INFO 05-20 09:00:20 [loggers.py:123] Engine 000: ' +
    'Avg prompt throughput: 80.0 tokens/s, Avg generation throughput: 120.5 tokens/s';
  const wrap = (text: string, width: number) => text.match(new RegExp(`.{1,${width}}`, 'g')) ?? [];

  it.each([15, 25, 40, 60, 70])('splits the head back off the record before at %i columns', (width) => {
    const records = parseVllmLog([previous, ...wrap(line, width)].join('\n'), { year: 2026 });
    expect(records).toEqual([
      expect.objectContaining({ kind: 'other', message: 'previous record' }),
      expect.objectContaining({
        kind: 'stats',
        time: '2026-05-20T09:00:20.000Z',
        process: 'APIServer',
        promptTokensPerSec: 80,
        generationTokensPerSec: 120.5,
      }),
    ]);
  });
});

describe('parseVllmLog: a request line split inside its prompt', () => {
  it('keeps head-shaped prompt pieces inside the request record (docker splits lines at 16 KiB)', () => {
    const pieces = [
      "INFO 03-04 10:00:00 async_llm_engine.py:529] Received request cmpl-16k: prompt: 'my logs are: ",
      'INFO 03-04 09:00:00 llm_engine.py:624] Avg prompt throughput: 99999.0 tokens/s, ' +
        'Avg generation throughput: 1.0 tokens/s',
      "WARNING 03-04 09:00:01 x.py:1] SECRET-SPLIT please help', params: SamplingParams(max_tokens=10), " +
        'prompt_token_ids: [1, 2], lora_request: None.',
      'INFO 03-04 10:00:01 async_llm_engine.py:134] Finished request cmpl-16k.',
    ];
    const records = parseVllmLog(pieces.join('\n'), { year: 2026 });
    expect(records.map((r) => r.kind)).toEqual(['request', 'request-finished']);
    expect(records[0]).toMatchObject({ requestId: 'cmpl-16k', promptTokens: 2, maxTokens: 10 });
    expect(JSON.stringify(records)).not.toContain('SECRET');
  });
});
