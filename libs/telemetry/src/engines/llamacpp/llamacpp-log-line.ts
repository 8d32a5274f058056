// One llama.cpp server (llama-server) line: optional `--log-prefix`/`--log-timestamps` prefix
// (`0.05.123.456 I `, time since start, not wall time), then `slot <func>: id N | task N | …`,
// `srv  <func>: …`, a bare timing line, or a server_log JSON line (mid 2024). llama.cpp prints no
// wall-clock time: records take the shipper's time or the caller's default.
// Prompts appear in verbose (`--verbose`) request dumps and in the JSON `prompt`/`content` fields of
// some debug lines: only numbers named in llamacpp-timing-line.ts are read; messages are redacted.
import type { StrippedLine } from '../../log-prefix-stripper';
import { baseOf, countOrNull, type EngineTimeContext, jsonObject, levelFromName, otherRecord } from '../engine-line';
import type { EngineLogRecord } from '../engine-log-record';
import { parseTimingJson, parseTimingText, type TimingPart } from './llamacpp-timing-line';

const PREFIX = /^(?:\d{1,6}\.\d{2}\.\d{3}\.\d{3}\s)?(?:([IWED])\s)?/;
const SLOT_HEAD = /^slot\s+([\w]{1,40}):\s+id\s+(\d{1,5})\s+\|\s+task\s+(-?\d{1,12})\s+\|\s?/;
const SRV_HEAD = /^(?:srv|que)\s+([\w]{1,40}):\s?/;
// log_server_request: `request: POST /v1/chat/completions 127.0.0.1 200`.
const ACCESS = /^request:\s+([A-Z]{3,10})\s+(\/[A-Za-z0-9\-._~%!$&'()*+,;=:@/]{0,511})\s+\S{1,64}\s+(\d{3})\s*$/;

function timingRecord(base: ReturnType<typeof baseOf>, task: string | null, part: TimingPart): EngineLogRecord {
  const requestId = task === null || task === '-1' ? null : `task-${task}`;
  return {
    kind: 'request-finished',
    ...base,
    outcome: 'finished',
    requestId,
    requestIds: requestId ? [requestId] : [],
    cachedPromptTokens: null,
    ...part,
  };
}

function fromJson(line: StrippedLine, json: Record<string, unknown>, context: EngineTimeContext): EngineLogRecord {
  const seconds = countOrNull(json.timestamp);
  const time = seconds === null || seconds > 1e11 ? null : new Date(seconds * 1000).toISOString();
  const base = baseOf(line, context, { time, level: levelFromName(String(json.level ?? '')) });
  const timing = parseTimingJson(json);
  const task = json.id_task ?? json.task_id;
  if (timing) return timingRecord(base, typeof task === 'number' ? String(task) : null, timing);
  return otherRecord(base, typeof json.msg === 'string' ? json.msg : null);
}

export function classifyLlamaCppLine(line: StrippedLine, context: EngineTimeContext): EngineLogRecord {
  const json = jsonObject(line.text);
  if (json) return fromJson(line, json, context);

  const prefix = PREFIX.exec(line.text) as RegExpExecArray;
  const base = baseOf(line, context, { level: levelFromName(prefix[1]) });
  let body = line.text.slice(prefix[0].length);
  let task: string | null = null;
  const slot = SLOT_HEAD.exec(body);
  if (slot) {
    task = slot[3];
    body = body.slice(slot[0].length);
    if (slot[1] === 'launch_slot_' && /^processing task/.test(body)) {
      const requestId = task === '-1' ? null : `task-${task}`;
      return { kind: 'request', ...base, event: 'added', requestId, promptTokens: null, maxTokens: null };
    }
  } else {
    const srv = SRV_HEAD.exec(body);
    if (srv) body = body.slice(srv[0].length);
  }
  const timing = parseTimingText(body);
  if (timing) return timingRecord(base, task, timing);
  const access = ACCESS.exec(body.trim());
  if (access) return { kind: 'access', ...base, method: access[1], path: access[2], status: Number(access[3]) };
  // Verbose builds dump prompt tokens one per line (`prompt token 0: 1 '<s>'`) and request bodies:
  // a message with any quote in it is not kept.
  return otherRecord(base, /['"`]/.test(body) ? null : body);
}
