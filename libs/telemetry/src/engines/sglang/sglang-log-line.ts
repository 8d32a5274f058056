// One SGLang log line: the `[YYYY-MM-DD HH:MM:SS TP0]` head (`DP0 TP0`, `TP0 EP0`, … tags; no tag
// from the main process), then a batch stats line, a request line, a uvicorn access line or anything.
import { parseAccessLine } from '../../access-line';
import type { StrippedLine } from '../../log-prefix-stripper';
import { matchRfc3339 } from '../../log-time';
import { baseOf, type EngineTimeContext, levelFromName, otherRecord } from '../engine-line';
import type { EngineLogRecord } from '../engine-log-record';
import { parseSglangRequestLine } from './sglang-request-line';
import { parseSglangStatsLine } from './sglang-stats-line';

const HEAD = /^\[(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})((?:\s+[A-Z]{2,4}\d{1,5}){0,6})\]\s?/;
const UVICORN = /^(INFO|WARNING|ERROR|DEBUG):\s+/;

export function classifySglangLine(line: StrippedLine, context: EngineTimeContext): EngineLogRecord {
  const head = HEAD.exec(line.text);
  const tags = head?.[2].trim() ?? '';
  const dp = /\bDP(\d{1,5})\b/.exec(tags);
  // SGLang prints local time without a zone; like vLLM's, it is read as UTC.
  const base = baseOf(line, context, {
    time: head ? (matchRfc3339(head[1])?.iso ?? null) : null,
    process: tags || null,
  });
  if (!head) {
    // v0.1 printed its batch lines without the bracketed time.
    const stats = parseSglangStatsLine(line.text);
    return stats ? { kind: 'stats', ...base, level: 'INFO', ...stats } : otherRecord(base, null);
  }
  let body = line.text.slice(head[0].length);

  const uvicorn = UVICORN.exec(body);
  if (uvicorn) {
    base.level = levelFromName(uvicorn[1]);
    body = body.slice(uvicorn[0].length);
    const access = parseAccessLine(body);
    if (access) return { kind: 'access', ...base, ...access };
    return otherRecord(base, body);
  }
  base.level = 'INFO';

  const request = parseSglangRequestLine(body);
  if (request?.event === 'received') {
    return { kind: 'request', ...base, event: 'received', requestId: null, promptTokens: null, maxTokens: null };
  }
  if (request?.event === 'finished') {
    const { event: _event, requestId, ...tokens } = request;
    const requestIds = requestId ? [requestId] : [];
    return { kind: 'request-finished', ...base, outcome: 'finished', requestId, requestIds, ...tokens };
  }
  const stats = parseSglangStatsLine(body);
  if (stats) return { kind: 'stats', ...base, ...stats, engine: dp ? Number(dp[1]) : null };
  return otherRecord(base, body);
}
