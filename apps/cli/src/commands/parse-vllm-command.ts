// `tokenmeter parse-vllm [--year YYYY]`: vLLM log text on stdin, one JSON record per log record on
// stdout (JSONL). The parsing is libs/telemetry; this file streams stdin through it, so a log of
// any size runs in constant memory, and picks the default year (the one clock read).
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { VllmLogStreamParser, type VllmLogRecord } from '@tokenmeter/telemetry';
import { CliUsageError } from '../cli-usage-error';
import type { RegisterCommand } from './register-command';

const HELP = `
Reads vLLM logs (any version from 0.1; docker compose, kubectl, journald, RFC 3339 and Ray
prefixes are stripped; wrapped lines are joined) and prints one JSON object per record:
  kind             stats | prefix-cache | request | request-finished | access | startup | other
  time             ISO 8601 UTC; vLLM prints no year: --year, else the current UTC year
                   (a shipper's RFC 3339 timestamp wins; a December → January step adds a year)
  stats            promptTokensPerSec, generationTokensPerSec, running, waiting (V0 Pending),
                   swapped, kvCacheUsagePct, cpuKvCacheUsagePct, prefixCacheHitRatePct, engine
  prefix-cache     gpuHitRatePct, cpuHitRatePct
  request          requestId, promptTokens (count of logged prompt token ids), maxTokens
  request-finished requestId, outcome (finished | aborted)
  access           method, path (no query string), status
  startup          model, tensorParallelSize, maxModelLen, dtype, vllmVersion
  other            level, message (redacted)
Fields a line does not state are null. Prompt text, token ids and generated text are never printed.

Example:
  docker compose logs vllm | tokenmeter parse-vllm --year 2026
`;

function parseYear(value: string): number {
  const year = Number(value);
  if (!/^\d{4}$/.test(value.trim()) || year < 1970) {
    throw new CliUsageError(`--year: expected a four-digit year such as 2026, got '${value}'`);
  }
  return year;
}

export const registerParseVllmCommand: RegisterCommand = (program: Command) => {
  program
    .command('parse-vllm')
    .description('Parse vLLM logs on stdin into JSON lines (stats, requests, start-up, access, other)')
    .option('--year <YYYY>', 'year for vLLM timestamps, which carry none (default: the current UTC year)')
    .addHelpText('after', HELP)
    .action(async (options: { year?: string }) => {
      const year = options.year === undefined ? new Date().getUTCFullYear() : parseYear(options.year);
      const parser = new VllmLogStreamParser({ year });
      let pending = '';
      const write = (records: VllmLogRecord[]) => {
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
    });
};
