// Random and hostile input for every engine: the parsers never throw, emit well-formed records,
// and no prompt or generated text placed where each engine logs it reaches their output.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EngineLogStreamParser, parseEngineLine, parseEngineLog } from './engine-log-parser';
import type { EngineLogRecord } from './engine-log-record';
import { SERVING_ENGINES, type ServingEngine } from './serving-engine';

const FRAGMENTS = [
  '2025-06-02T10:00:06.250100Z  INFO ',
  'generate{parameters=GenerateParameters { stop: ["',
  '"] } ',
  'total_time="1.2s" ',
  'inference_time="',
  'time_per_token="0ns" ',
  '}: text_generation_router::server: router/src/server.rs:432: ',
  'Success',
  '[2025-08-01 21:05:25 TP0] ',
  '[2025-08-01 21:05:25 DP0 TP0] ',
  'Prefill batch, ',
  'Decode batch. ',
  '#new-token: ',
  '#cached-token: ',
  'gen throughput (token/s): ',
  'token usage: ',
  "Finish: obj=GenerateReqInput(text='",
  "'), out={'meta_info': {'prompt_tokens': ",
  "'completion_tokens': ",
  'slot print_timing: id  0 | task 5 | ',
  'prompt eval time = ',
  '       eval time = ',
  ' ms / ',
  ' tokens (',
  '{"function":"print_timings","n_prompt_tokens_processed":',
  '"n_decoded":',
  '"timestamp":',
  '}',
  '{',
  '[GIN] 2024/06/01 - 10:00:00 | 200 | 1s | 1.2.3.4 | POST     "/api/chat"',
  'time=2024-12-10T08:00:01.000Z level=DEBUG source=routes.go:1 msg="chat request" prompt="',
  'I0523 10:00:00.123456 1 model.py:1] ',
  '[TensorRT-LLM][INFO] ',
  'INFO:     1.2.3.4:5 - "POST /v1/x?y=1 HTTP/1.1" 200 OK',
  "'",
  '"',
  '\\',
  ',',
  ':',
  '=',
  '|',
  ' ',
  '\n',
  '\r\n',
  '\u0000',
  '\u001b[31m',
  '\ud800',
  'NaN',
  '1e400',
  '-1',
  '99999999999999999999999',
  '0.000001',
  '__proto__',
];
const hostile = fc
  .array(
    fc.oneof(
      fc.constantFrom(...FRAGMENTS),
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.nat({ max: 99_999 }).map(String),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));
const engine = fc.constantFrom(...SERVING_ENGINES);

function wellFormed(record: EngineLogRecord): void {
  expect(record.time === null || Number.isFinite(Date.parse(record.time))).toBe(true);
  for (const value of Object.values(record)) if (typeof value === 'number') expect(Number.isFinite(value)).toBe(true);
  expect(() => JSON.stringify(record)).not.toThrow();
}

describe('engine parsers on random and hostile input', () => {
  it('never throw and emit well-formed records', () => {
    fc.assert(
      fc.property(engine, hostile, (e, text) => {
        parseEngineLog(e, text, { year: 2025 }).forEach(wellFormed);
        const one = parseEngineLine(e, text, { year: 2025, defaultTime: text });
        if (one) wellFormed(one);
      }),
      { numRuns: 1500 },
    );
  });

  it('give the same records fed line by line as all at once', () => {
    fc.assert(
      fc.property(engine, hostile, (e, text) => {
        const parser = new EngineLogStreamParser(e, { year: 2025 });
        const streamed = [...text.split('\n').flatMap((line) => parser.push(line)), ...parser.flush()];
        expect(streamed).toEqual(parseEngineLog(e, text, { year: 2025 }));
      }),
      { numRuns: 500 },
    );
  });
});

/** Where each engine writes user text into its log (prompt, output, stop strings, query strings). */
const PROMPT_LINES: Record<Exclude<ServingEngine, 'vllm'>, Array<(secret: string, filler: string) => string>> = {
  tgi: [
    (s, f) =>
      `2025-06-02T10:00:05Z DEBUG generate{parameters=GenerateParameters { stop: [${JSON.stringify(f + s)}] }}: ` +
      `text_generation_router::server: router/src/server.rs:300: ` +
      `Input: ${f}${s}${f}`,
    (s, f) =>
      `2025-06-02T10:00:05Z DEBUG generate_stream{parameters=x}: ` +
      `text_generation_router::server: router/src/server.rs:636: Output: ${f}${s}`,
    (s, f) =>
      `2025-06-02T10:00:05Z  INFO chat_completions{parameters=` +
      `${JSON.stringify(`GenerateParameters { stop: [${JSON.stringify(f + s)}] }`)} total_time="1s" ` +
      `inference_time="1s" time_per_token="10ms"}: ` +
      `text_generation_router::server: router/src/server.rs:637: Success`,
    (s, f) =>
      JSON.stringify({
        timestamp: '2025-06-02T10:00:05Z',
        level: 'DEBUG',
        message: `Input: ${f}${s}`,
        span: { parameters: `stop: [${f}${s}]`, name: 'generate' },
      }),
  ],
  sglang: [
    (s, f) => `[2025-08-01 21:06:00] Receive: obj=GenerateReqInput(text=${JSON.stringify(f + s)}, rid='r1')`,
    (s, f) =>
      `[2025-08-01 21:06:00] Finish: obj=GenerateReqInput(text=${JSON.stringify(f + s)}), ` +
      `out={'text': ${JSON.stringify(s + f)}, ` +
      `'meta_info': {'id': 'r1', 'prompt_tokens': 1, 'completion_tokens': 2}}`,
  ],
  llamacpp: [
    (s, f) => `slot update_slots: id  0 | task 1 | prompt token   0: 1 '${f}${s}'`,
    (s, f) =>
      JSON.stringify({ function: 'update_slots', level: 'VERB', msg: 'prompt tokenized', prompt: f + s, id_task: 1 }),
    (s, f) => `srv  log_server_r: request:  ${JSON.stringify({ messages: [{ role: 'user', content: f + s }] })}`,
  ],
  ollama: [
    (s, f) =>
      `time=2024-12-10T08:00:01.000Z level=DEBUG source=routes.go:1464 msg="chat request" ` +
      `images=0 prompt=${JSON.stringify(f + s)}`,
    (s, f) =>
      `[GIN] 2024/12/10 - 08:00:03 | 200 |  2s |  10.0.0.12 | POST     "/api/chat?q=${encodeURIComponent(f)}${s}"`,
  ],
  trtllm: [
    (s, f) =>
      `W0523 10:00:05.000001 1 model.py:120] [TensorRT-LLM][WARNING] bad input: input_value=${JSON.stringify(f + s)}`,
    (s, f) => `INFO:     127.0.0.1:50312 - "POST /v1/completions?prompt=${encodeURIComponent(f)}${s} HTTP/1.1" 200 OK`,
  ],
};

describe('privacy', () => {
  const cases = Object.entries(PROMPT_LINES).flatMap(([e, makers]) =>
    makers.map((make, i) => [e as ServingEngine, i, make] as const),
  );
  it.each(cases)('%s line %i: no prompt, output or stop text reaches any record', (e, _i, make) => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9]{10}$/).map((s) => `ZQX${s}`),
        fc.string({ maxLength: 30 }),
        (secret, filler) => {
          const line = make(secret, filler);
          expect(JSON.stringify(parseEngineLog(e, line, { year: 2025 }))).not.toContain(secret);
          expect(JSON.stringify(parseEngineLine(e, line, { year: 2025 }))).not.toContain(secret);
        },
      ),
      { numRuns: 300 },
    );
  });
});
