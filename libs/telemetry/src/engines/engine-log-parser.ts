// One entry point for every serving engine's logs, so callers treat engines alike:
// - parseEngineLine(engine, line, options): one message as one record, no state (a Kafka message);
// - EngineLogStreamParser: a stream fed line by line (a file, stdin);
// - parseEngineLog(engine, text, options): a whole text.
// vLLM goes through its own parser (wrapped-line joining, prompt-quote tracking); other engines print
// one record per line and are classified line by line. Nothing throws: an unrecognised line is `other`.
import { stripLogPrefixes } from '../log-prefix-stripper';
import { normalizeTime } from '../log-time';
import { parseVllmRecord, VllmLogStreamParser } from '../vllm-log-parser';
import type { VllmLogParseOptions } from '../vllm-log-record';
import { splitPhysicalLines } from '../wrapped-line-joiner';
import type { EngineLineClassifier, EngineTimeContext } from './engine-line';
import { type EngineLogRecord, fromVllmRecord, type RequestUsageRecord } from './engine-log-record';
import { classifyLlamaCppLine } from './llamacpp/llamacpp-log-line';
import { classifyOllamaLine } from './ollama/ollama-log-line';
import type { ServingEngine } from './serving-engine';
import { classifySglangLine } from './sglang/sglang-log-line';
import { classifyTgiLine } from './tgi/tgi-log-line';
import { classifyTrtllmLine } from './trtllm/trtllm-log-line';

export type EngineLogParseOptions = VllmLogParseOptions;

const CLASSIFIERS: Record<Exclude<ServingEngine, 'vllm'>, EngineLineClassifier> = {
  tgi: classifyTgiLine,
  trtllm: classifyTrtllmLine,
  sglang: classifySglangLine,
  llamacpp: classifyLlamaCppLine,
  ollama: classifyOllamaLine,
};

function initialContext(options: EngineLogParseOptions): EngineTimeContext {
  return {
    year: Number.isInteger(options.year) ? (options.year as number) : null,
    reference: normalizeTime(options.defaultTime),
  };
}

function classifySafely(
  engine: Exclude<ServingEngine, 'vllm'>,
  raw: string,
  context: EngineTimeContext,
): EngineLogRecord | null {
  try {
    const line = stripLogPrefixes(raw);
    if (line.text.trim() === '') return null;
    return CLASSIFIERS[engine](line, context);
  } catch {
    // Defensive, as for vLLM: the line still counts, with nothing from it carried over.
    return { kind: 'other', time: context.reference, level: null, process: null, repeated: 1, message: null };
  }
}

/** One message as one record (several lines: the first non-blank one). Null for a blank message. */
export function parseEngineLine(
  engine: ServingEngine,
  line: string,
  options: EngineLogParseOptions = {},
): EngineLogRecord | null {
  if (engine === 'vllm') {
    const record = parseVllmRecord(line, options);
    return record === null ? null : fromVllmRecord(record);
  }
  const context = initialContext(options);
  for (const physical of splitPhysicalLines(String(line))) {
    const record = classifySafely(engine, physical, context);
    if (record) return record;
  }
  return null;
}

function isPromptPart(record: EngineLogRecord): record is RequestUsageRecord {
  return (
    record.kind === 'request-finished' &&
    'generationTokens' in record &&
    record.promptTokens !== null &&
    record.generationTokens === null
  );
}

function isGenerationPart(record: EngineLogRecord): record is RequestUsageRecord {
  return (
    record.kind === 'request-finished' &&
    'generationTokens' in record &&
    record.promptTokens === null &&
    record.generationTokens !== null
  );
}

function sum(a: number | null, b: number | null): number | null {
  return a === null && b === null ? null : (a ?? 0) + (b ?? 0);
}

/**
 * Line-by-line parser for streams. llama.cpp (and Ollama's runner) print a request's prompt and
 * generation timings on two lines; the stream parser joins them into one record.
 */
export class EngineLogStreamParser {
  private readonly vllm: VllmLogStreamParser | null;
  private readonly context: EngineTimeContext;
  private held: RequestUsageRecord | null = null;

  constructor(
    private readonly engine: ServingEngine,
    options: EngineLogParseOptions = {},
  ) {
    this.vllm = engine === 'vllm' ? new VllmLogStreamParser(options) : null;
    this.context = initialContext(options);
  }

  push(lines: string): EngineLogRecord[] {
    if (this.vllm) return this.vllm.push(lines).map(fromVllmRecord);
    const out: EngineLogRecord[] = [];
    for (const physical of splitPhysicalLines(String(lines))) {
      const record = classifySafely(this.engine as Exclude<ServingEngine, 'vllm'>, physical, this.context);
      if (record) this.accept(record, out);
    }
    return out;
  }

  flush(): EngineLogRecord[] {
    if (this.vllm) return this.vllm.flush().map(fromVllmRecord);
    const out = this.held ? [this.held] : [];
    this.held = null;
    return out;
  }

  private accept(record: EngineLogRecord, out: EngineLogRecord[]): void {
    if (record.time) {
      this.context.reference = record.time;
      this.context.year = new Date(record.time).getUTCFullYear();
    }
    const held = this.held;
    if (
      held &&
      isGenerationPart(record) &&
      (held.requestId === null || record.requestId === null || held.requestId === record.requestId)
    ) {
      this.held = null;
      out.push({
        ...record,
        requestId: record.requestId ?? held.requestId,
        requestIds: record.requestIds.length ? record.requestIds : held.requestIds,
        promptTokens: held.promptTokens,
        durationSec: sum(held.durationSec, record.durationSec),
      });
      return;
    }
    if (held) out.push(held);
    this.held = null;
    if (isPromptPart(record)) this.held = record;
    else out.push(record);
  }
}

export function parseEngineLog(
  engine: ServingEngine,
  text: string,
  options: EngineLogParseOptions = {},
): EngineLogRecord[] {
  const parser = new EngineLogStreamParser(engine, options);
  return [...parser.push(String(text)), ...parser.flush()];
}
