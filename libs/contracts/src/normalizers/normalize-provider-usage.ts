// One entry point for every provider payload format: picks the normalizer by name and puts
// an optional path prefix in front of every error (`data.usage.prompt_tokens: …`).
import { fieldError, prefixFieldError } from '../validation-error';
import { normalizeAnthropicMessages } from './anthropic-messages';
import { normalizeAzureOpenAiChat } from './azure-openai';
import { normalizeBedrockConverse } from './bedrock-converse';
import { normalizeDeepSeekChat } from './deepseek-chat';
import { normalizeGeminiGenerateContent } from './gemini-generate-content';
import { normalizeLiteLlmStandardLogging } from './litellm-standard-logging';
import { normalizeMistralChat } from './mistral-chat';
import { isProviderName, type NormalizeResult, PROVIDER_NAMES, type ProviderName } from './normalized-usage';
import { normalizeOpenAiChat } from './openai-chat';
import { normalizeOpenAiResponses } from './openai-responses';
import { normalizeOtelGenAiSpan } from './otel-genai-span';

const NORMALIZERS: Readonly<Record<ProviderName, (payload: unknown) => NormalizeResult>> = {
  openai: normalizeOpenAiChat,
  'openai-responses': normalizeOpenAiResponses,
  'azure-openai': normalizeAzureOpenAiChat,
  anthropic: normalizeAnthropicMessages,
  gemini: normalizeGeminiGenerateContent,
  bedrock: normalizeBedrockConverse,
  mistral: normalizeMistralChat,
  deepseek: normalizeDeepSeekChat,
  otel: normalizeOtelGenAiSpan,
  litellm: normalizeLiteLlmStandardLogging,
};

/**
 * One line of a Batch API results file wraps the response the call would have had: OpenAI
 * `{custom_id, response: {status_code, body}}`, Anthropic `{custom_id, result: {type: "succeeded",
 * message}}`. The body is normalized as usual and billed at the batch tier.
 */
function batchResultBody(provider: ProviderName, payload: unknown): { body: unknown; path: string } | null {
  if (typeof payload !== 'object' || payload === null || !('custom_id' in payload)) return null;
  const line = payload as { response?: { body?: unknown }; result?: { message?: unknown } };
  if (provider === 'openai' || provider === 'openai-responses' || provider === 'azure-openai')
    return line.response?.body === undefined ? null : { body: line.response.body, path: 'response.body' };
  if (provider === 'anthropic')
    return line.result?.message === undefined ? null : { body: line.result.message, path: 'result.message' };
  return null;
}

function inBatch(result: NormalizeResult, path: string): NormalizeResult {
  if (!result.ok) return { ok: false, errors: result.errors.map((error) => prefixFieldError(path, error)) };
  return { ok: true, usage: { ...result.usage, serviceTier: 'batch' } };
}

export interface NormalizeOptions {
  /** Prefix for error paths, e.g. `data` inside a CloudEvent. */
  path?: string;
}

/** Turns a provider's own response (or usage/telemetry object) into normalized usage. */
export function normalizeProviderUsage(
  provider: ProviderName | string,
  payload: unknown,
  options: NormalizeOptions = {},
): NormalizeResult {
  if (!isProviderName(provider)) {
    return {
      ok: false,
      errors: [
        fieldError(
          'provider',
          `unknown provider ${JSON.stringify(provider)}; expected one of ${PROVIDER_NAMES.join(', ')}`,
        ),
      ],
    };
  }
  const batch = batchResultBody(provider, payload);
  const result = batch ? inBatch(NORMALIZERS[provider](batch.body), batch.path) : NORMALIZERS[provider](payload);
  if (result.ok || !options.path) return result;
  return { ok: false, errors: result.errors.map((error) => prefixFieldError(options.path!, error)) };
}
