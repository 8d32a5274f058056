// `tokenmeter normalize --provider <name>`: a provider's own JSON response (or usage/telemetry
// object) on stdin, the normalized usage on stdout as one JSON object. The counting rules live in
// libs/contracts; this file only reads, reports and exits (2 on bad input).

import { MAX_EVENT_BYTES, type NormalizedUsage, normalizeProviderUsage, PROVIDER_NAMES } from '@tokenmeter/contracts';
import { bundledPriceEntries, PriceBook, usagePrice } from '@tokenmeter/finops';
import type { Command } from 'commander';
import { CliUsageError } from '../cli-usage-error';
import { readStdin } from '../read-stdin';
import type { RegisterCommand } from './register-command';

const HELP = `
Payload formats (--provider):
  openai            Chat Completions response (prompt_tokens include cached_tokens)
  openai-responses  Responses API response, or its response.completed stream event
  azure-openai      Azure OpenAI chat completion (same counting as openai; provider "azure")
  anthropic         Messages API response (input_tokens exclude cache reads and writes)
  gemini            generateContent response with usageMetadata and modelVersion
  bedrock           Converse response plus the "modelId" that was called (the response has none)
  mistral           chat completion response
  deepseek          chat completion response (cache hits in prompt_cache_hit_tokens)
  otel              GenAI span attributes: a gen_ai.* map, an OTLP attribute list, or a span
  litellm           LiteLLM StandardLoggingPayload

Output fields: provider, model, inputTokens (full-price input: cache reads and writes excluded),
cachedInputTokens, cacheWriteTokens, outputTokens (reasoning included), reasoningTokens,
totalTokens, requests, and costUsd when the payload reports a cost; serviceTier (flex, batch,
priority) and cacheWrite1hTokens when the payload reports them. A Batch API results line (OpenAI
{custom_id, response: {body}}, Anthropic {custom_id, result: {message}}) is read as its body, at
the batch tier.

--price adds costUsd (a decimal string; the payload's own cost wins) and price: the bundled price
entry and the rule that billed the call: { source, version, inputPerMTok, cachedInputPerMTok,
cacheWritePerMTok, cacheWrite1hPerMTok, outputPerMTok, effectiveFrom, rules }, rules naming e.g.
"service-tier:batch×0.5", "prompt-tier:>200000", "time-of-day:outside-windows", "cache-write-1h",
"region:regional" (a Bedrock in-region inference profile).
--time sets when the call happened (time-of-day and dated prices; default now).

Example:
  curl -s https://api.openai.com/v1/chat/completions … | tokenmeter normalize --provider openai
`;

export const registerNormalizeCommand: RegisterCommand = (program: Command) => {
  program
    .command('normalize')
    .description("Normalize a provider's usage JSON from stdin into a TokenMeter usage object")
    .requiredOption('--provider <name>', `payload format: ${PROVIDER_NAMES.join('|')}`)
    .option('--price', 'add costUsd and the price entry and rule applied (bundled prices)')
    .option('--time <iso>', 'when the call happened, for --price (default: now)')
    .addHelpText('after', HELP)
    .action(async (options: { provider: string; price?: boolean; time?: string }) => {
      const time = options.time === undefined ? new Date() : new Date(options.time);
      if (Number.isNaN(time.getTime())) {
        throw new CliUsageError(`--time: expected an ISO 8601 date-time, got ${JSON.stringify(options.time)}`);
      }
      const text = await readStdin();
      if (Buffer.byteLength(text) > MAX_EVENT_BYTES) {
        throw new CliUsageError(
          `stdin: expected at most ${MAX_EVENT_BYTES} bytes of JSON, got ${Buffer.byteLength(text)}`,
        );
      }
      let payload: unknown;
      try {
        payload = JSON.parse(text);
      } catch (error) {
        throw new CliUsageError(`stdin: not valid JSON: ${(error as Error).message}`);
      }
      const result = normalizeProviderUsage(options.provider, payload);
      if (!result.ok) throw new CliUsageError(result.errors.map((error) => error.message).join('\n'));
      const output = options.price ? withPrice(result.usage, time) : result.usage;
      process.stdout.write(`${JSON.stringify(output)}\n`);
    });
};

function withPrice(usage: NormalizedUsage, time: Date): object {
  const book = new PriceBook(bundledPriceEntries());
  const entry = usage.costUsd === undefined ? book.find(usage.provider, usage.model, time) : null;
  const { costUsd, price } = usagePrice({ ...usage, costUsd: usage.costUsd ?? null }, entry, time);
  return { ...usage, costUsd, price };
}
