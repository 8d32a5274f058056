// A usage row as the write path stores it, for tests of the repositories below the ingest consumer:
// one small API call of gpt-4o, priced, on 2026-11-20; a test names what it cares about.
import type { UsageRow } from '@tokenmeter/db';

export function usageRow(id: string, overrides: Partial<UsageRow> = {}): UsageRow {
  return {
    source: 'repo-test',
    id,
    time: new Date('2026-11-20T10:00:00.000Z'),
    team: 'search',
    project: null,
    tags: {},
    provider: 'openai',
    model: 'gpt-4o',
    deployment: null,
    inputTokens: 100,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    outputTokens: 10,
    reasoningTokens: 0,
    requests: 1,
    costUsd: '0.0003500000',
    priceVersion: 'test',
    ...overrides,
  };
}
