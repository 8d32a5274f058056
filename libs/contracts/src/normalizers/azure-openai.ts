// Azure OpenAI chat completions: the OpenAI response shape and counting rules, billed by Azure.
// The record's provider is `azure`; `model` is the model name Azure reports in the response
// (e.g. `gpt-4o-2024-08-06`), not the customer's deployment name, so prices can be matched.
import type { NormalizeResult } from './normalized-usage';
import { normalizeChatCompletionUsage } from './openai-chat';

export function normalizeAzureOpenAiChat(payload: unknown): NormalizeResult {
  return normalizeChatCompletionUsage('azure', payload);
}
