import { USAGE_RECORD_COLUMNS } from '@tokenmeter/contracts';
import { describe, expect, it } from 'vitest';
import { lineText } from './copy-lines';
import {
  encodeUsageRows,
  factLinesWithDimensions,
  USAGE_DIMENSION_COPY_COLUMNS,
  USAGE_FACT_COPY_COLUMNS,
  UsageRow,
} from './usage-copy-rows';

describe('usage COPY rows', () => {
  it('write every field of the record once, as a dimension line and a fact line, in their columns order', () => {
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
    const stored = new Map<string, string>();
    const put = (columns: string, line: string) => {
      const values = line.trimEnd().split('\t');
      for (const [i, column] of columns.split(', ').entries()) stored.set(column, values[i]!);
    };
    put(USAGE_DIMENSION_COPY_COLUMNS, lineText(encoded.dimensionLines, 0));
    put(USAGE_FACT_COPY_COLUMNS, lineText(factLinesWithDimensions(encoded, [42]), 0));
    const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    expect(Object.fromEntries(USAGE_RECORD_COLUMNS.map((field) => [field, stored.get(snake(field))]))).toEqual(
      Object.fromEntries(
        USAGE_RECORD_COLUMNS.map((field) => [
          field,
          field === 'time' ? row.time.toISOString() : field === 'tags' ? '{"a":"b"}' : String(row[field]),
        ]),
      ),
    );
    expect(stored.get('dimension_id')).toBe('42');
    expect(stored.size).toBe(USAGE_RECORD_COLUMNS.length + 1);
  });

  it('send a dimension repeated in the batch once, and keep each row pointing at it', () => {
    const base: UsageRow = {
      source: 'src',
      id: 'a',
      time: new Date('2026-05-01T12:00:00.000Z'),
      team: 'team',
      project: null,
      tags: {},
      provider: 'openai',
      model: 'gpt-4o',
      deployment: null,
      inputTokens: 1,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 1,
      reasoningTokens: 0,
      requests: 1,
      costUsd: null,
      priceVersion: null,
    };
    const { encoded, order } = encodeUsageRows([base, { ...base, id: 'b', model: 'o3' }, { ...base, id: 'c' }]);
    expect(encoded.dimensionLines.ends).toHaveLength(2);
    const modelOf = (i: number) => lineText(encoded.dimensionLines, encoded.dimensionOf[i]!).split('\t')[5];
    expect(order.map((_, i) => modelOf(i))).toEqual(order.map((index) => (index === 1 ? 'o3' : 'gpt-4o')));
  });
});
