// The start of a log record: vLLM's `LEVEL MM-DD HH:MM:SS file.py:N]` (bracketed `[file.py:N]` from
// about v0.8) or uvicorn's `LEVEL:     `. A physical line that starts with neither continues the
// record before it.
import type { YearlessTime } from './log-time';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

export interface VllmHead {
  level: LogLevel;
  time: YearlessTime | null;
  /** Characters of the head, so that `text.slice(length)` is the message. */
  length: number;
}

// Spaces are optional between the parts: a paste that trimmed lines at the wrap points loses them.
const VLLM_HEAD = new RegExp(
  String.raw`^(DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL)\s*(\d{2})-(\d{2})\s*(\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,6}))?` +
    String.raw`\s*\[?[\w./-]{1,200}?\.py:\d{1,7}\]\s?`,
);

const UVICORN_HEAD = /^(DEBUG|INFO|WARNING|ERROR|CRITICAL|TRACE):[ \t]+/;

function level(name: string): LogLevel {
  if (name === 'WARN') return 'WARNING';
  if (name === 'TRACE') return 'DEBUG';
  return name as LogLevel;
}

export function matchVllmHead(text: string): VllmHead | null {
  const m = VLLM_HEAD.exec(text);
  if (!m) return null;
  const time: YearlessTime = {
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6]),
    millisecond: Number((m[7] ?? '').padEnd(3, '0').slice(0, 3)),
  };
  return { level: level(m[1]), time, length: m[0].length };
}

export function matchUvicornHead(text: string): VllmHead | null {
  const m = UVICORN_HEAD.exec(text);
  return m ? { level: level(m[1]), time: null, length: m[0].length } : null;
}

export function matchRecordHead(text: string): VllmHead | null {
  return matchVllmHead(text) ?? matchUvicornHead(text);
}
