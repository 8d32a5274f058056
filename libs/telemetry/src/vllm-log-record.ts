// What the vLLM log parser emits: one record per log record, typed fields only. No record type has
// a field that can hold a prompt, prompt token ids or generated text; `other` keeps a redacted
// message, and only for lines that start with a log head.

import type { AccessFields } from './access-line';
import type { LogLevel } from './log-record-head';
import type { RequestFields, RequestFinishedFields } from './request-line';
import type { StartupFields } from './startup-line';
import type { PrefixCacheFields, StatsFields } from './stats-line';

export type { LogLevel };

interface RecordBase {
  /** ISO 8601 UTC; null when neither the line nor anything before it said when. */
  time: string | null;
  level: LogLevel | null;
  /** The vLLM process tag (`APIServer`, `EngineCore_DP0`), when the line had one. */
  process: string | null;
  /** Ray's `[repeated Nx across cluster]`, else 1. */
  repeated: number;
}

export type StatsRecord = RecordBase & { kind: 'stats' } & StatsFields;
export type PrefixCacheRecord = RecordBase & { kind: 'prefix-cache' } & PrefixCacheFields;
export type RequestRecord = RecordBase & RequestFields;
export type RequestFinishedRecord = RecordBase & RequestFinishedFields;
export type AccessRecord = RecordBase & { kind: 'access' } & AccessFields;
export type StartupRecord = RecordBase & { kind: 'startup' } & StartupFields;
export type OtherRecord = RecordBase & {
  kind: 'other';
  /** Redacted and capped; null for lines without a log head (they may be the tail of a prompt). */
  message: string | null;
};

export type VllmLogRecord =
  | StatsRecord
  | PrefixCacheRecord
  | RequestRecord
  | RequestFinishedRecord
  | AccessRecord
  | StartupRecord
  | OtherRecord;

export type VllmLogRecordKind = VllmLogRecord['kind'];

export interface VllmLogParseOptions {
  /** Year for vLLM's year-less timestamps (the CLI's `--year`). An RFC 3339 shipper timestamp wins. */
  year?: number | null;
  /**
   * Time for records that state none before any timed record (e.g. the Kafka message time); also
   * the reference that picks the year around New Year when `year` is absent.
   */
  defaultTime?: string | Date | null;
}
