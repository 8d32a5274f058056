// Shared pieces of the per-engine line parsers: the time context, record bases, and the `other`
// record (redacted message, as for vLLM).

import type { StrippedLine } from '../log-prefix-stripper';
import type { LogLevel } from '../log-record-head';
import { resolveYearlessTime, type YearlessTime } from '../log-time';
import { redactMessage } from '../message-redactor';
import type { EngineLogRecord } from './engine-log-record';

export interface EngineTimeContext {
  /** The year for year-less timestamps (Triton's glog head), else the reference's. */
  year: number | null;
  /** The previous record's time, else the caller's default (the Kafka message time). */
  reference: string | null;
}

export interface RecordBase {
  time: string | null;
  level: LogLevel | null;
  process: string | null;
  repeated: number;
}

/** One engine's classifier: a prefix-stripped, non-blank line to one record. Must not throw. */
export type EngineLineClassifier = (line: StrippedLine, context: EngineTimeContext) => EngineLogRecord;

export function baseOf(
  line: StrippedLine,
  context: EngineTimeContext,
  own: { time?: string | null; yearless?: YearlessTime | null; level?: LogLevel | null; process?: string | null } = {},
): RecordBase {
  let time = line.shipperTime ?? own.time ?? null;
  const yearless = own.yearless ?? line.journaldTime;
  if (time === null && yearless) time = resolveYearlessTime(yearless, context);
  return {
    time: time ?? context.reference,
    level: own.level ?? null,
    process: own.process ?? line.process,
    repeated: line.repeated,
  };
}

export function otherRecord(base: RecordBase, message: string | null): EngineLogRecord {
  return { kind: 'other', ...base, message: message === null ? null : redactMessage(message) };
}

export function levelFromName(name: string | undefined): LogLevel | null {
  switch ((name ?? '').toUpperCase()) {
    case 'TRACE':
    case 'DEBUG':
    case 'D':
      return 'DEBUG';
    case 'INFO':
    case 'I':
      return 'INFO';
    case 'WARN':
    case 'WARNING':
    case 'W':
      return 'WARNING';
    case 'ERROR':
    case 'ERR':
    case 'E':
      return 'ERROR';
    case 'CRITICAL':
    case 'FATAL':
    case 'F':
      return 'CRITICAL';
    default:
      return null;
  }
}

/** A finite non-negative number, else null (log fields are text; JSON fields may be anything). */
export function countOrNull(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 && n <= 1e15 ? n : null;
}

const SAFE_ID = /^[A-Za-z0-9_][A-Za-z0-9_.:@+=-]{0,199}$/;

/** Request ids can be client-chosen: only id-shaped text is kept. */
export function safeId(raw: unknown): string | null {
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  const id = String(raw).trim();
  return SAFE_ID.test(id) ? id : null;
}

/** A JSON object line, else null (never throws). */
export function jsonObject(text: string): Record<string, unknown> | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) return null;
  try {
    const value: unknown = JSON.parse(trimmed);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
