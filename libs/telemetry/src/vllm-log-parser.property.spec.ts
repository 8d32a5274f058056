// Random and hostile input: the parser never throws, emits well-formed records, and no prompt or
// generated text reaches its output, however the line is prefixed, wrapped or split.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseVllmLog, parseVllmRecord, VllmLogStreamParser } from './vllm-log-parser';
import type { VllmLogRecord } from './vllm-log-record';

const KINDS = new Set(['stats', 'prefix-cache', 'request', 'request-finished', 'access', 'startup', 'other']);

const FRAGMENTS = [
  'INFO 01-17 10:15:30 llm_engine.py:624] ',
  'WARNING 02-30 25:61:61 [x.py:1] ',
  'INFO 09-02 10:00:0',
  '0 [loggers.py:123] ',
  'INFO:     ',
  '127.0.0.1:1 - "POST /v1/x?y=1 HTTP/1.1" 200 OK',
  '(APIServer pid=1234) ',
  '(EngineCore_DP0 pid=5678) ',
  '(a=b=c=d=e=f=g ',
  'vllm-1  | ',
  '2026-11-27T10:15:30.123456789Z ',
  '9999-99-99T99:99:99Z ',
  'Nov 27 10:15:30 gpu-host-1 vllm[1234]: ',
  '[pod/vllm-0/vllm] ',
  'vllm-7d9f8b-xkq2p ',
  ' [repeated 3x across cluster]',
  'Engine 000: ',
  'Avg prompt throughput: ',
  'Avg generation throughput: ',
  'Throughput: ',
  ' tokens/s, ',
  'Running: 1 reqs, Waiting: ',
  'Prefix cache hit rate: GPU: ',
  'GPU KV cache usage: 1e308%',
  'Received request ',
  "cmpl-1: prompt: '",
  'Request r details: ',
  'Aborted request(s) ',
  'Finished request ',
  ', params: SamplingParams(',
  'max_tokens=',
  'prompt_token_ids: [1, 2',
  'Initializing an LLM engine (v0.4.3) with config: ',
  "model='",
  'non-default args: {',
  'vLLM API server version ',
  'Generated response x: output: ',
  '__proto__: 1, constructor: 2, ',
  "'",
  '"',
  '\\',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  ':',
  '=',
  '%',
  '.',
  ' ',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\u0000',
  '\u001b[31m',
  '\u2028',
  '\ud800',
  'NaN',
  'inf',
  '-1',
  '99999999999999999999999',
  '0.000000000000000000001',
];

const hostileText = fc
  .array(
    fc.oneof(
      fc.constantFrom(...FRAGMENTS),
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.nat({ max: 99_999 }).map(String),
    ),
    {
      maxLength: 80,
    },
  )
  .map((parts) => parts.join(''));

function wellFormed(record: VllmLogRecord): void {
  expect(KINDS.has(record.kind)).toBe(true);
  expect(record.time === null || Number.isFinite(Date.parse(record.time))).toBe(true);
  expect(Number.isInteger(record.repeated) && record.repeated >= 1).toBe(true);
  for (const value of Object.values(record)) {
    if (typeof value === 'number') expect(Number.isFinite(value)).toBe(true);
  }
  expect(() => JSON.stringify(record)).not.toThrow();
}

describe('parser on random and hostile input', () => {
  it('never throws and emits well-formed records', () => {
    fc.assert(
      fc.property(hostileText, fc.option(fc.integer({ min: -5, max: 10_000 })), (text, year) => {
        const records = parseVllmLog(text, { year });
        records.forEach(wellFormed);
        const single = parseVllmRecord(text, { year, defaultTime: text });
        if (single) wellFormed(single);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the same records fed line by line as all at once', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const parser = new VllmLogStreamParser({ year: 2026 });
        const streamed = [...text.split('\n').flatMap((line) => parser.push(line)), ...parser.flush()];
        expect(streamed).toEqual(parseVllmLog(text, { year: 2026 }));
      }),
      { numRuns: 500 },
    );
  });

  it('copes with pathological long lines quickly', () => {
    const inputs = [
      `(${'a=b '.repeat(50_000)}`,
      `INFO 01-01 00:00:00 ${'a'.repeat(200_000)}`,
      "'".repeat(200_000),
      'vllm-1  | '.repeat(20_000),
      `Received request x: prompt: '${"\\'".repeat(100_000)}`,
      `INFO 01-01 00:00:00 a.py:1] ${'Avg prompt throughput: 1, '.repeat(20_000)}`,
      `${'x\n'.repeat(50_000)}`,
      `${'INFO 01-01 0\n'.repeat(20_000)}`,
      `[pod/${'a'.repeat(100_000)}`,
    ];
    const started = Date.now();
    for (const text of inputs) {
      parseVllmLog(text, { year: 2026 }).forEach(wellFormed);
      parseVllmRecord(text, { year: 2026 });
    }
    expect(Date.now() - started).toBeLessThan(4000);
  });
});

/** Python's repr() of a str, which is how vLLM logs prompts and outputs. */
function pythonRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code === 0x2028 || code === 0x2029 || (code >= 0xd800 && code <= 0xdfff)) out += `\\u${code.toString(16)}`;
    else out += ch;
  }
  return out + quote;
}

const PROMPT_PIECES = [
  ...FRAGMENTS,
  "', params: SamplingParams(max_tokens=1), prompt_token_ids: [1], lora_request: None.",
  '\nINFO 01-17 10:15:30 llm_engine.py:624] Avg prompt throughput: 99999.0 tokens/s, ',
  '\nWARNING 01-17 10:15:30 x.py:1] ',
  '\nINFO:     1.2.3.4:5 - "GET /leak HTTP/1.1" 200 OK\n',
];
const promptFiller = fc
  .array(fc.oneof(fc.constantFrom(...PROMPT_PIECES), fc.string({ maxLength: 20 })), { maxLength: 12 })
  .map((parts) => parts.join(''));

const SHIPPER_PREFIXES = [
  '',
  'vllm-1  | ',
  '2026-11-27T10:15:30Z ',
  '[pod/vllm-0/vllm] ',
  'Nov 27 10:15:30 h vllm[1]: ',
  'vllm-7d9f8b-xkq2p ',
];
const PROCESS_TAGS = ['', '(APIServer pid=1) '];
const HEADS = [
  'INFO 03-04 10:00:00 async_llm_engine.py:529] ',
  'INFO 03-04 10:00:00 [logger.py:39] ',
  'DEBUG 03-04 10:00:00 [logger.py:33] ',
];

interface Case {
  line: string;
  kind: 'request' | 'other';
  promptTokens: number | null;
  maxTokens: number | null;
}

const requestCase = fc
  .record({
    secret: fc.stringMatching(/^[A-Za-z0-9]{10}$/).map((s) => `ZQX${s}`),
    before: promptFiller,
    after: promptFiller,
    stop: promptFiller,
    ids: fc.array(fc.nat({ max: 200_000 }), { maxLength: 30 }),
    maxTokens: fc.nat({ max: 100_000 }),
    template: fc.nat({ max: 5 }),
    shipper: fc.constantFrom(...SHIPPER_PREFIXES),
    tag: fc.constantFrom(...PROCESS_TAGS),
    head: fc.constantFrom(...HEADS),
  })
  .map(({ secret, before, after, stop, ids, maxTokens, template, shipper, tag, head }) => {
    const prompt = pythonRepr(`${before}${secret}${after}`);
    const stops = `[${pythonRepr(stop + secret)}]`;
    const idList = `[${ids.join(', ')}]`;
    const params = `SamplingParams(n=1, temperature=0.7, stop=${stops}, max_tokens=${maxTokens}, min_tokens=0)`;
    const bodies: Array<Omit<Case, 'line'> & { body: string }> = [
      {
        kind: 'request',
        promptTokens: ids.length,
        maxTokens,
        body:
          `Received request cmpl-1: prompt: ${prompt}, sampling_params: ${params}, ` +
          `prompt_token_ids: ${idList}, lora_request: None.`,
      },
      {
        kind: 'request',
        promptTokens: ids.length,
        maxTokens,
        body:
          `Received request cmpl-1: prompt: ${prompt}, params: ${params}, prompt_token_ids: ${idList}, ` +
          `prompt_embeds shape: None, lora_request: None, ` +
          `prompt_adapter_request: None.`,
      },
      {
        kind: 'request',
        promptTokens: null,
        maxTokens,
        body: `Received request cmpl-1: prompt: ${prompt}, sampling params: ${params}, prompt token ids: None.`,
      },
      {
        kind: 'request',
        promptTokens: ids.length,
        maxTokens: null,
        body: `Request cmpl-1 details: prompt: ${prompt}, prompt_token_ids: ${idList}, prompt_embeds shape: None.`,
      },
      {
        kind: 'request',
        promptTokens: null,
        maxTokens,
        body: `Received request cmpl-1: params: ${params}, lora_request: None, prompt: ${prompt}.`,
      },
      {
        kind: 'other',
        promptTokens: null,
        maxTokens: null,
        body: `Generated response cmpl-1: output: ${prompt}, output_token_ids: ${idList}, finish_reason: stop`,
      },
    ];
    const { body, ...expected } = bodies[template];
    return { secret, case: { ...expected, line: `${shipper}${tag}${head}${body}` } as Case };
  });

const FOLLOWING =
  'INFO 03-04 10:00:05 [loggers.py:116] Engine 000: Avg prompt throughput: 1.0 tokens/s, ' +
  'Avg generation throughput: 2.0 tokens/s';

describe('privacy', () => {
  it('no prompt, stop string or output text reaches any record, whatever the framing', () => {
    fc.assert(
      fc.property(
        requestCase,
        fc.option(fc.integer({ min: 8, max: 400 })),
        fc.boolean(),
        ({ secret, case: c }, width, trim) => {
          const pieces = width === null ? [c.line] : (c.line.match(new RegExp(`.{1,${width}}`, 'gs')) ?? []);
          const text = [
            'INFO 03-04 09:59:59 [x.py:1] before',
            ...pieces.map((p) => (trim ? p.trim() : p)),
            FOLLOWING,
          ].join('\n');
          const records = parseVllmLog(text, { year: 2026 });
          expect(JSON.stringify(records)).not.toContain(secret);
          // The stateless parser gets whole records (a piece that starts like a log head cannot be told from one).
          expect(JSON.stringify(parseVllmRecord(c.line, { year: 2026 }))).not.toContain(secret);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('reads the typed fields exactly when the line arrives whole', () => {
    fc.assert(
      fc.property(requestCase, ({ case: c }) => {
        const records = parseVllmLog(`${c.line}\n${FOLLOWING}`, { year: 2026 });
        expect(records).toHaveLength(2);
        expect(records[0].kind).toBe(c.kind);
        if (records[0].kind === 'request') {
          expect(records[0]).toMatchObject({
            requestId: 'cmpl-1',
            promptTokens: c.promptTokens,
            maxTokens: c.maxTokens,
          });
        }
        expect(records[1]).toMatchObject({ kind: 'stats', promptTokensPerSec: 1, generationTokensPerSec: 2 });
      }),
      { numRuns: 1000 },
    );
  });
});
