import { describe, expect, it } from 'vitest';
import { looseForms, modelIdCandidates, routeForms } from './model-id-matcher';

describe('model id forms', () => {
  it('removes addressing: provider routes, resource names and Bedrock ARNs', () => {
    expect(routeForms('OpenAI/GPT-4o')).toEqual(['openai/gpt-4o', 'gpt-4o']);
    expect(routeForms('models/gemini-1.5-pro')).toEqual(['models/gemini-1.5-pro', 'gemini-1.5-pro']);
    expect(routeForms('projects/p1/locations/us-central1/publishers/google/models/gemini-2.0-flash-001')).toEqual([
      'projects/p1/locations/us-central1/publishers/google/models/gemini-2.0-flash-001',
      'gemini-2.0-flash-001',
    ]);
    expect(
      routeForms(
        'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0',
      ),
    ).toEqual([
      'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0',
      'us.anthropic.claude-3-5-sonnet-20241022-v2:0',
    ]);
  });

  it('keeps an organization prefix that is part of the model id', () => {
    expect(routeForms('meta-llama/Llama-3.3-70B-Instruct')).toEqual(['meta-llama/llama-3.3-70b-instruct']);
  });

  it('loosens dates, versions, revisions and -latest, most specific first', () => {
    expect(looseForms('gpt-4o-2024-08-06')).toEqual(['gpt-4o']);
    expect(looseForms('claude-3-haiku-20240307')).toEqual(['claude-3-haiku']);
    expect(looseForms('gpt-4-0613')).toEqual(['gpt-4']);
    expect(looseForms('gemini-1.5-pro-002')).toEqual(['gemini-1.5-pro']);
    expect(looseForms('mistral-large-latest')).toEqual(['mistral-large']);
    expect(looseForms('claude-3-5-sonnet-v2@20241022')).toEqual(['claude-3-5-sonnet-v2']);
    expect(looseForms('us.anthropic.claude-3-5-sonnet-20241022-v2:0')).toEqual([
      'anthropic.claude-3-5-sonnet-20241022-v2:0',
      'claude-3-5-sonnet-20241022-v2:0',
      'claude-3-5-sonnet-20241022',
      'claude-3-5-sonnet',
    ]);
    expect(looseForms('deepseek-v3')).toEqual([]);
  });

  it('lists route forms before loose forms', () => {
    expect(modelIdCandidates('openai/gpt-4o-2024-08-06')).toEqual([
      'openai/gpt-4o-2024-08-06',
      'gpt-4o-2024-08-06',
      'openai/gpt-4o',
      'gpt-4o',
    ]);
  });
});
