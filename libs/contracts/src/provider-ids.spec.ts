import { describe, expect, it } from 'vitest';
import { canonicalProviderId, PROVIDER_IDS } from './provider-ids';

describe('canonicalProviderId', () => {
  it('keeps canonical ids and maps the aliases of OTel, LiteLLM and SDKs', () => {
    for (const id of PROVIDER_IDS) expect(canonicalProviderId(id)).toBe(id);
    expect(canonicalProviderId(' OpenAI ')).toBe('openai');
    expect(canonicalProviderId('aws.bedrock')).toBe('bedrock');
    expect(canonicalProviderId('azure.ai.openai')).toBe('azure');
    expect(canonicalProviderId('vertex_ai')).toBe('google');
    expect(canonicalProviderId('together_ai')).toBe('together');
    expect(canonicalProviderId('hosted_vllm')).toBe('self-hosted');
  });

  it('does not guess', () => {
    expect(canonicalProviderId('open-ai')).toBeNull();
    expect(canonicalProviderId('')).toBeNull();
    expect(canonicalProviderId('__proto__')).toBeNull();
    expect(canonicalProviderId('toString')).toBeNull();
  });
});
