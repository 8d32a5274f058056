// One entry point for every provider payload format: picks the normalizer by name and puts
// an optional path prefix in front of every error (`data.usage.prompt_tokens: …`).
import { fieldError, prefixFieldError } from '../validation-error';
import { normalizeAnthropicMessages } from './anthropic-messages';
import { normalizeAzureOpenAiChat } from './azure-openai';
import { normalizeBedrockConverse } from './bedrock-converse';
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
  otel: normalizeOtelGenAiSpan,
  litellm: normalizeLiteLlmStandardLogging,
};

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
  const result = NORMALIZERS[provider](payload);
  if (result.ok || !options.path) return result;
  return { ok: false, errors: result.errors.map((error) => prefixFieldError(options.path!, error)) };
}
