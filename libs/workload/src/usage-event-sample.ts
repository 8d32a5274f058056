// One valid usage CloudEvent with overridable parts, for tests in apps/, libs/ and test/ (the
// ingest decode spec uses it too, so it lives here rather than in test/support).
import { randomUUID } from 'node:crypto';

export interface UsageEventOverrides {
  id?: string;
  source?: string;
  team?: string;
  time?: string;
  type?: string;
  data?: Record<string, unknown>;
}

export function usageEvent(overrides: UsageEventOverrides = {}) {
  return {
    specversion: '1.0',
    id: overrides.id ?? randomUUID(),
    source: overrides.source ?? 'test:/client',
    type: overrides.type ?? 'dev.tokenmeter.usage.v1',
    time: overrides.time ?? new Date().toISOString(),
    subject: overrides.team ?? 'search',
    data: overrides.data ?? {
      provider: 'openai',
      model: 'gpt-4o',
      inputTokens: 1000,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 200,
      reasoningTokens: 0,
      requests: 1,
    },
  };
}
