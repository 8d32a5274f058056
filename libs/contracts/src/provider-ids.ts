// Canonical provider ids for the normalized record's `provider` field, and the aliases other
// systems use for the same provider (OpenTelemetry `gen_ai.provider.name`/`gen_ai.system`, LiteLLM
// `custom_llm_provider`, SDK spellings). An id that is neither canonical nor a known alias is
// rejected: a misspelt provider would otherwise be stored unpriced and silently split reports.
//
// The canonical ids are those of the price data (@pydantic/genai-prices), except `bedrock` (its
// `aws`), so that every bundled price is reachable; libs/finops checks that in a test.

export const PROVIDER_IDS = [
  'openai',
  'azure',
  'anthropic',
  'google',
  'bedrock',
  'mistral',
  'cohere',
  'deepseek',
  'groq',
  'x-ai',
  'perplexity',
  'together',
  'fireworks',
  'openrouter',
  'cerebras',
  'moonshotai',
  'novita',
  'zhipuai',
  'zai',
  'minimax',
  'cloudflare',
  'baseten',
  'voyageai',
  'arcee',
  'avian',
  'cursor',
  'doubleword',
  'github-copilot',
  'modal',
  'ovhcloud',
  'quicksilverpro',
  'typesafe',
  'huggingface_cerebras',
  'huggingface_fireworks-ai',
  'huggingface_groq',
  'huggingface_hyperbolic',
  'huggingface_nebius',
  'huggingface_novita',
  'huggingface_nscale',
  'huggingface_ovhcloud',
  'huggingface_publicai',
  'huggingface_sambanova',
  'huggingface_together',
  /** Models served on the organization's own GPUs (vLLM and the like); priced by TCO, not a list price. */
  'self-hosted',
] as const;

export type ProviderId = (typeof PROVIDER_IDS)[number];

/** Other spellings of canonical ids, lower-case. */
const PROVIDER_ALIASES: ReadonlyMap<string, ProviderId> = new Map(
  Object.entries({
    // Azure OpenAI and Azure AI Foundry (OTel: az.ai.* before semconv 1.37, azure.ai.* after;
    // LiteLLM: azure, azure_ai).
    'azure-openai': 'azure',
    azure_openai: 'azure',
    'az.ai.openai': 'azure',
    'az.ai.inference': 'azure',
    'azure.ai.openai': 'azure',
    'azure.ai.inference': 'azure',
    azure_ai: 'azure',
    // Gemini API and Vertex AI are both Google's price list.
    gemini: 'google',
    vertex: 'google',
    vertexai: 'google',
    vertex_ai: 'google',
    'vertex_ai-language-models': 'google',
    'gcp.gemini': 'google',
    'gcp.vertex_ai': 'google',
    'gcp.gen_ai': 'google',
    google_genai: 'google',
    aws: 'bedrock',
    'aws.bedrock': 'bedrock',
    'aws-bedrock': 'bedrock',
    'amazon-bedrock': 'bedrock',
    bedrock_converse: 'bedrock',
    mistral_ai: 'mistral',
    mistralai: 'mistral',
    cohere_chat: 'cohere',
    xai: 'x-ai',
    x_ai: 'x-ai',
    together_ai: 'together',
    'together-ai': 'together',
    togetherai: 'together',
    fireworks_ai: 'fireworks',
    'fireworks-ai': 'fireworks',
    moonshot: 'moonshotai',
    moonshot_ai: 'moonshotai',
    zhipu: 'zhipuai',
    text_completion_openai: 'openai',
    'text-completion-openai': 'openai',
    self_hosted: 'self-hosted',
    selfhosted: 'self-hosted',
    // Inference servers: whoever runs them hosts the model themselves.
    vllm: 'self-hosted',
    hosted_vllm: 'self-hosted',
    ollama: 'self-hosted',
    ollama_chat: 'self-hosted',
  } satisfies Record<string, ProviderId>),
);

const CANONICAL = new Set<string>(PROVIDER_IDS);

/** The canonical id for a provider name or alias (any case), or null when it is not known. */
export function canonicalProviderId(name: string): ProviderId | null {
  const key = name.trim().toLowerCase();
  if (CANONICAL.has(key)) return key as ProviderId;
  return PROVIDER_ALIASES.get(key) ?? null;
}

export function isProviderId(name: string): name is ProviderId {
  return CANONICAL.has(name);
}

/** For error messages: the ids people most likely meant. */
export const COMMON_PROVIDER_IDS_TEXT =
  'openai, azure, anthropic, google, bedrock, mistral, cohere, deepseek, groq, x-ai, together, fireworks, ' +
  'openrouter, self-hosted, …';
