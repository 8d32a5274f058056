// `tokenmeter parse-vllm [--year YYYY]`: the alias of `parse-logs --engine vllm` (parse-logs-command.ts),
// kept with its own help, which lists the vLLM-specific fields.
import type { Command } from 'commander';
import { printParsedLogs } from './parse-logs-command';
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

export const registerParseVllmCommand: RegisterCommand = (program: Command) => {
  program
    .command('parse-vllm')
    .description('Parse vLLM logs on stdin into JSON lines (stats, requests, start-up, access, other)')
    .option('--year <YYYY>', 'year for vLLM timestamps, which carry none (default: the current UTC year)')
    .addHelpText('after', HELP)
    .action(async (options: { year?: string }) => {
      await printParsedLogs('vllm', options.year);
    });
};
