// Hugging Face TGI router lines (router/src/server.rs, v0.9 → v3.3): tracing-subscriber's text
// format `<RFC 3339>  INFO generate{parameters=… total_time="…" validation_time="…" queue_time="…"
// inference_time="…" time_per_token="…" seed="…"}: text_generation_router::server:
// router/src/server.rs:432: Success`, or the same event as JSON (`--json-output`).
//
// TGI logs no token count, but `time_per_token` is `inference_time / generated_tokens` (Duration
// division, so to the nanosecond): generated tokens = round(inference_time / time_per_token). The
// span's `parameters` hold user stop strings and the DEBUG `Input:` / `Output:` events hold the prompt
// and the generated text: nothing of them is kept.
import type { StrippedLine } from '../../log-prefix-stripper';
import { endOfQuoted } from '../../python-repr';
import { baseOf, type EngineTimeContext, jsonObject, levelFromName, otherRecord } from '../engine-line';
import type { EngineLogRecord } from '../engine-log-record';
import { rustDurationSeconds } from './rust-duration';

interface SpanTimes {
  total: number | null;
  inference: number | null;
  perToken: number | null;
}

const HEAD = /^(TRACE|DEBUG|INFO|WARN|ERROR)\s+/;
// `spans: target: file.rs:N: message`. Searched outside quoted strings, first match: user text in
// the spans is Debug-quoted, and the message after it may contain anything.
const TARGET_AND_FILE = /(?:^|:\s)[a-z_][a-z0-9_]{0,63}(?:::[a-z0-9_]{1,64}){0,8}:\s(?:[\w./-]{1,200}\.rs:\d{1,7}:\s)?/;

/** `text` with the inside of every double-quoted string blanked (same length). */
function maskQuoted(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '"') {
      out += text[i];
      continue;
    }
    const end = endOfQuoted(text, i);
    out += `"${' '.repeat(Math.max(0, end - i - 2))}${end - i >= 2 ? '"' : ''}`;
    i = end - 1;
  }
  return out;
}

/** A span field `name="value"`. Debug escapes every `"` inside recorded strings, so user text cannot fake one. */
function lastSpanField(text: string, name: string): string | null {
  const pattern = new RegExp(`(?:^|[\\s{])${name}="([^"\\\\]{0,64})"`, 'g');
  let value: string | null = null;
  for (const m of text.matchAll(pattern)) value = m[1];
  return value;
}

function generatedTokens(times: SpanTimes): number | null {
  if (times.inference === null || times.perToken === null || times.perToken <= 0) return null;
  const n = Math.round(times.inference / times.perToken);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

function successRecord(base: ReturnType<typeof baseOf>, times: SpanTimes): EngineLogRecord {
  return {
    kind: 'request-finished',
    ...base,
    outcome: 'finished',
    requestId: null,
    requestIds: [],
    promptTokens: null,
    cachedPromptTokens: null,
    generationTokens: generatedTokens(times),
    durationSec: times.total,
  };
}

function fromJson(line: StrippedLine, json: Record<string, unknown>, context: EngineTimeContext): EngineLogRecord {
  const time = typeof json.timestamp === 'string' ? json.timestamp : null;
  const parsedTime =
    time !== null && Number.isFinite(Date.parse(time)) ? new Date(Date.parse(time)).toISOString() : null;
  const base = baseOf(line, context, { time: parsedTime, level: levelFromName(String(json.level ?? '')) });
  const fields = (json.fields ?? json) as Record<string, unknown>;
  const message = typeof fields.message === 'string' ? fields.message : null;
  const span = (json.span ?? {}) as Record<string, unknown>;
  const text = (key: string) => (typeof span[key] === 'string' ? (span[key] as string) : null);
  if (message === 'Success' && text('time_per_token') !== null) {
    return successRecord(base, {
      total: rustDurationSeconds(text('total_time')),
      inference: rustDurationSeconds(text('inference_time')),
      perToken: rustDurationSeconds(text('time_per_token')),
    });
  }
  return otherRecord(base, message);
}

export function classifyTgiLine(line: StrippedLine, context: EngineTimeContext): EngineLogRecord {
  const json = jsonObject(line.text);
  if (json) return fromJson(line, json, context);

  const head = HEAD.exec(line.text);
  const base = baseOf(line, context, { level: levelFromName(head?.[1]) });
  if (!head) return otherRecord(base, null);
  const rest = line.text.slice(head[0].length);
  const found = TARGET_AND_FILE.exec(maskQuoted(rest));
  // No target: not a router event line (or cut short); its text may be anything, so nothing is kept.
  if (!found) return otherRecord(base, null);
  const messageStart = found.index + found[0].length;
  const spans = rest.slice(0, messageStart);
  const message = rest.slice(messageStart).trim();
  if (message === 'Success') {
    return successRecord(base, {
      total: rustDurationSeconds(lastSpanField(spans, 'total_time')),
      inference: rustDurationSeconds(lastSpanField(spans, 'inference_time')),
      perToken: rustDurationSeconds(lastSpanField(spans, 'time_per_token')),
    });
  }
  // Only the message: the spans carry the request's parameters (stop strings are user text).
  return otherRecord(base, message);
}
