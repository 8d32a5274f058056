// `tokenmeter parse-logs --engine <engine> [--year YYYY]`: any serving engine's log text on stdin, one
// JSON record per log record on stdout (JSONL), the same kinds for every engine. The parsing is
// libs/telemetry; this file streams stdin through it (constant memory) and picks the default year
// (the one clock read). `parse-vllm` is this command with `--engine vllm`.
import { createInterface } from 'node:readline';
import {
  type EngineLogRecord,
  EngineLogStreamParser,
  isServingEngine,
  SERVING_ENGINES,
  type ServingEngine,
} from '@tokenmeter/telemetry';
import type { Command } from 'commander';
import { CliUsageError } from '../cli-usage-error';
import type { RegisterCommand } from './register-command';

const HELP = `
Reads a serving engine's logs and prints one JSON object per record:
  kind             stats | prefix-cache | request | request-finished | access | startup | other
  time             ISO 8601 UTC (the engine's own time, a shipper's RFC 3339 timestamp, or --year for
                   engines that print none: vLLM and Triton)
  stats            vLLM and SGLang batch lines: promptTokensPerSec, generationTokensPerSec, running,
                   waiting, kvCacheUsagePct, prefixCacheHitRatePct; SGLang prefill lines also
                   promptTokens and cachedPromptTokens (exact counts), phase (prefill | decode)
  request-finished requestId, promptTokens, cachedPromptTokens, generationTokens, durationSec where the
                   engine logs them (TGI: generated tokens; llama.cpp and Ollama: prompt and generated;
                   SGLang --log-requests: all three)
  access           method, path (no query string), status
  other            level, message (redacted)
Engines: ${SERVING_ENGINES.join(', ')}. Prompt text, token ids and generated text are never printed.

Example:
  kubectl logs deploy/sglang | tokenmeter parse-logs --engine sglang
`;

export function parseYearOption(value: string): number {
  const year = Number(value);
  if (!/^\d{4}$/.test(value.trim()) || year < 1970) {
    throw new CliUsageError(`--year: expected a four-digit year such as 2026, got '${value}'`);
  }
  return year;
}

function parseEngineOption(value: string | undefined): ServingEngine {
  if (value === undefined) throw new CliUsageError(`--engine: expected one of ${SERVING_ENGINES.join(', ')}`);
  if (!isServingEngine(value)) {
    throw new CliUsageError(`--engine: expected one of ${SERVING_ENGINES.join(', ')}, got '${value}'`);
  }
  return value;
}

/** Streams stdin through the engine's parser to stdout as JSONL. */
export async function printParsedLogs(engine: ServingEngine, yearOption: string | undefined): Promise<void> {
  const year = yearOption === undefined ? new Date().getUTCFullYear() : parseYearOption(yearOption);
  const parser = new EngineLogStreamParser(engine, { year });
  let pending = '';
  const write = (records: EngineLogRecord[]) => {
    for (const record of records) pending += `${JSON.stringify(record)}\n`;
    if (pending.length >= 64 * 1024) {
      process.stdout.write(pending);
      pending = '';
    }
  };
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) write(parser.push(line));
  write(parser.flush());
  process.stdout.write(pending);
}

export const registerParseLogsCommand: RegisterCommand = (program: Command) => {
  program
    .command('parse-logs')
    .description("Parse a serving engine's logs on stdin into JSON lines (stats, requests, access, other)")
    .option('--engine <engine>', `the engine that wrote the logs: ${SERVING_ENGINES.join(' | ')}`)
    .option('--year <YYYY>', 'year for timestamps that carry none (default: the current UTC year)')
    .addHelpText('after', HELP)
    .action(async (options: { engine?: string; year?: string }) => {
      await printParsedLogs(parseEngineOption(options.engine), options.year);
    });
};
