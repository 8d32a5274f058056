import { USAGE_RECORD_COLUMNS } from '@tokenmeter/contracts';
import { describe, expect, it } from 'vitest';
import { encodeUsageRows, USAGE_COPY_COLUMNS, UsageRow } from './usage-copy-rows';

describe('usage COPY rows', () => {
  it('write every field of the record in the order of USAGE_COPY_COLUMNS', () => {
    const row: UsageRow = {
      source: 'src',
      id: 'id-1',
      time: new Date('2026-05-01T12:00:00.000Z'),
      team: 'team',
      project: 'proj',
      tags: { a: 'b' },
      provider: 'openai',
      model: 'gpt-4o',
      deployment: 'dep',
      inputTokens: 1,
      cachedInputTokens: 2,
      cacheWriteTokens: 3,
      outputTokens: 4,
      reasoningTokens: 5,
      requests: 6,
      costUsd: '0.7',
      priceVersion: 'pv',
      serviceTier: 'batch',
      priceRules: 'service-tier:batch×0.5',
      apiKeyId: '00000000-0000-4000-8000-00000000000a',
    };
    const { encoded } = encodeUsageRows([row]);
    const line = Buffer.from(encoded.rowLines.bytes.subarray(0, encoded.rowLines.ends[0])).toString('utf8').trimEnd();
    const expected = USAGE_RECORD_COLUMNS.map((field) =>
      field === 'time' ? row.time.toISOString() : field === 'tags' ? '{"a":"b"}' : String(row[field]),
    );
    expect(line.split('\t')).toEqual(expected);
    expect(USAGE_COPY_COLUMNS.split(', ')).toHaveLength(USAGE_RECORD_COLUMNS.length);
    expect(USAGE_COPY_COLUMNS).toContain('cached_input_tokens, cache_write_tokens');
  });
});
