// `tokenmeter normalize --provider <name>`: a provider's own JSON response (or usage/telemetry
// object) on stdin, the normalized usage on stdout as one JSON object. The counting rules live in
// libs/contracts; this file only reads, reports and exits (2 on bad input).

import { MAX_EVENT_BYTES, normalizeProviderUsage, PROVIDER_NAMES } from '@tokenmeter/contracts';
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
  otel              GenAI span attributes: a gen_ai.* map, an OTLP attribute list, or a span
  litellm           LiteLLM StandardLoggingPayload

Output fields: provider, model, inputTokens (full-price input: cache reads and writes excluded),
cachedInputTokens, cacheWriteTokens, outputTokens (reasoning included), reasoningTokens,
totalTokens, requests, and costUsd when the payload reports a cost.

Example:
  curl -s https://api.openai.com/v1/chat/completions … | tokenmeter normalize --provider openai
`;

export const registerNormalizeCommand: RegisterCommand = (program: Command) => {
  program
    .command('normalize')
    .description("Normalize a provider's usage JSON from stdin into a TokenMeter usage object")
    .requiredOption('--provider <name>', `payload format: ${PROVIDER_NAMES.join('|')}`)
    .addHelpText('after', HELP)
    .action(async (options: { provider: string }) => {
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
      process.stdout.write(`${JSON.stringify(result.usage)}\n`);
    });
};
