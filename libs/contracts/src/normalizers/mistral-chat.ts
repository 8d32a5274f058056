// Mistral chat completions (`/v1/chat/completions`): OpenAI-compatible usage. `prompt_tokens`
// includes `prompt_tokens_details.cached_tokens` when Mistral reports cache hits.
import type { NormalizeResult } from './normalized-usage';
import { normalizeChatCompletionUsage } from './openai-chat';

export function normalizeMistralChat(payload: unknown): NormalizeResult {
  return normalizeChatCompletionUsage('mistral', payload);
}
