// vLLM log text → typed records. Three entry points over one classifier:
// - parseVllmLog(text): a whole log (file, paste, stdin), wrapped lines joined;
// - VllmLogStreamParser: the same, fed line by line (a Kafka consumer getting one line per message);
// - parseVllmRecord(line): one message as one record, no state (a shipper that already grouped lines).
// None of them throws: anything unrecognised becomes an `other` record.
import { parseAccessLine } from './access-line';
import { type StrippedLine, stripLogPrefixes } from './log-prefix-stripper';
import { matchUvicornHead, matchVllmHead, type VllmHead } from './log-record-head';
import { normalizeTime, resolveYearlessTime } from './log-time';
import { redactMessage } from './message-redactor';
import { parseRequestLine } from './request-line';
import { parseStartupLine } from './startup-line';
import { parsePrefixCacheLine, parseStatsLine } from './stats-line';
import type { VllmLogParseOptions, VllmLogRecord } from './vllm-log-record';
import { type JoinedRecord, splitPhysicalLines, WrappedLineJoiner } from './wrapped-line-joiner';

interface TimeContext {
  /** `--year` until a record has a time; then that record's year. */
  year: number | null;
  /** The previous record's time, else the caller's default. */
  reference: string | null;
}

function recordTime(first: StrippedLine, head: VllmHead | null, context: TimeContext): string | null {
  if (first.shipperTime) return first.shipperTime;
  const yearless = head?.time ?? first.journaldTime;
  if (yearless) {
    const resolved = resolveYearlessTime(yearless, context);
    if (resolved) return resolved;
  }
  return context.reference;
}

function classify(record: JoinedRecord, context: TimeContext): VllmLogRecord {
  const first = record.lines[0];
  // Wraps split words, so the pieces are glued back without a separator.
  const joined = record.lines.length === 1 ? first.text : record.lines.map((line) => line.text).join('');
  const vllmHead = matchVllmHead(joined);
  const head = vllmHead ?? matchUvicornHead(joined);
  const body = head ? joined.slice(head.length) : joined;
  const base = {
    time: recordTime(first, head, context),
    level: head?.level ?? null,
    process: first.process,
    repeated: first.repeated,
  };

  if (head && !vllmHead) {
    const access = parseAccessLine(body);
    if (access) return { kind: 'access', ...base, ...access };
  }
  // Request lines first: their prompt may contain text shaped like any other line.
  const request = parseRequestLine(body);
  // `kind` first, like every other record, for people reading the JSON.
  if (request) return Object.assign({ kind: request.kind }, base, request);
  const stats = parseStatsLine(body);
  if (stats) return { kind: 'stats', ...base, ...stats };
  const prefixCache = parsePrefixCacheLine(body);
  if (prefixCache) return { kind: 'prefix-cache', ...base, ...prefixCache };
  const startup = parseStartupLine(body);
  if (startup) return { kind: 'startup', ...base, ...startup };

  // Only the first physical line is kept: a head-less continuation could be part of a prompt.
  const firstBody = head && first.text.length >= head.length ? first.text.slice(head.length) : null;
  return { kind: 'other', ...base, message: firstBody === null ? null : redactMessage(firstBody) };
}

function safely(record: JoinedRecord, context: TimeContext): VllmLogRecord {
  try {
    return classify(record, context);
  } catch {
    // Defensive: the classifiers are written not to throw; if one ever does, the line still
    // counts as a record, with nothing from it carried over.
    return { kind: 'other', time: context.reference, level: null, process: null, repeated: 1, message: null };
  }
}

function initialContext(options: VllmLogParseOptions): TimeContext {
  const year = Number.isInteger(options.year) ? (options.year as number) : null;
  return { year, reference: normalizeTime(options.defaultTime) };
}

/** Line-by-line parser for streams: push lines as they come, flush at the end of the input. */
export class VllmLogStreamParser {
  private readonly joiner = new WrappedLineJoiner();
  private readonly context: TimeContext;

  constructor(options: VllmLogParseOptions = {}) {
    this.context = initialContext(options);
  }

  /**
   * Adds one or more complete lines. Returns the records they completed: a record is only complete
   * once the next record's first line (or flush) shows that no wrapped continuation follows.
   */
  push(lines: string): VllmLogRecord[] {
    const records: VllmLogRecord[] = [];
    for (const line of splitPhysicalLines(String(lines))) {
      for (const joined of this.joiner.push(line)) records.push(this.emit(joined));
    }
    return records;
  }

  flush(): VllmLogRecord[] {
    return this.joiner.flush().map((joined) => this.emit(joined));
  }

  private emit(joined: JoinedRecord): VllmLogRecord {
    const record = safely(joined, this.context);
    if (record.time) {
      // Later year-less lines follow this record's year (which a shipper timestamp may have set).
      this.context.reference = record.time;
      this.context.year = new Date(record.time).getUTCFullYear();
    }
    return record;
  }
}

/** All records of a log text, in order. */
export function parseVllmLog(text: string, options: VllmLogParseOptions = {}): VllmLogRecord[] {
  const parser = new VllmLogStreamParser(options);
  return [...parser.push(String(text)), ...parser.flush()];
}

/**
 * One message as one record, with no state between calls. Several lines in the message are taken
 * as one wrapped record. Null for a blank message.
 */
export function parseVllmRecord(line: string, options: VllmLogParseOptions = {}): VllmLogRecord | null {
  const lines = splitPhysicalLines(String(line))
    .map(stripLogPrefixes)
    .filter((stripped) => stripped.text.trim() !== '');
  if (lines.length === 0) return null;
  return safely({ lines }, initialContext(options));
}
