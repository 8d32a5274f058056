import { CopyLines, keyHex, ledgerKey, lineCount, lineText, UsageCopyRows, usageRowCount } from '@tokenmeter/db';
import { bundledPriceEntries } from '@tokenmeter/finops';
import { usageEvent } from '@tokenmeter/workload';
import { describe, expect, it } from 'vitest';
import { decodeUsageTask, UsageDecodeTask } from './usage-decode-task';

const now = new Date('2026-11-28T12:00:00.000Z');

function lines(copyLines: CopyLines): string[] {
  return Array.from({ length: lineCount(copyLines) }, (_, i) => lineText(copyLines, i));
}

function keysOf(rows: UsageCopyRows): string[] {
  return Array.from({ length: usageRowCount(rows) }, (_, i) => keyHex(rows.keys, i));
}

function task(values: Array<string | null>, prices: UsageDecodeTask['prices']): UsageDecodeTask {
  const present = values.filter((value): value is string => value !== null);
  const lengths = Int32Array.from(values.map((value) => (value === null ? -1 : Buffer.byteLength(value))));
  let offset = 0;
  return {
    bytes: Buffer.concat(present.map((value) => Buffer.from(value))),
    starts: Int32Array.from(lengths, (length) => (offset += Math.max(length, 0)) - Math.max(length, 0)),
    lengths,
    now: now.getTime(),
    prices,
  };
}

const event = (id: string, data?: Record<string, unknown>) =>
  JSON.stringify(usageEvent({ id, source: 'spec-1', time: '2026-11-27T10:00:00.000Z', ...(data ? { data } : {}) }));

describe('decodeUsageTask', () => {
  it('asks for the prices once per version, then keeps them', () => {
    expect(decodeUsageTask(task([event('a')], { version: 41, entries: null }))).toEqual({ needPrices: true });
    expect(decodeUsageTask(task([event('a')], { version: 41, entries: bundledPriceEntries() })).needPrices).toBe(false);
    expect(decodeUsageTask(task([event('a')], { version: 41, entries: null })).needPrices).toBe(false);
    expect(decodeUsageTask(task([event('a')], { version: 42, entries: null }))).toEqual({ needPrices: true });
  });

  it('encodes valid records sorted by key, first of a repeated key, and says which message each came from', () => {
    const result = decodeUsageTask(
      task([event('b'), event('a'), event('b')], { version: 1, entries: bundledPriceEntries() }),
    );
    if (result.needPrices) throw new Error('prices were sent');
    expect(result.valid).toBe(3);
    expect(keysOf(result.rows)).toEqual(
      [ledgerKey('search', 'spec-1', 'a'), ledgerKey('search', 'spec-1', 'b')].sort(),
    );
    expect(ledgerKey('search', 'spec-1', 'a') < ledgerKey('search', 'spec-1', 'b')).toBe(true);
    expect(result.messageIndexes).toEqual([1, 0]);
    expect(lines(result.rows.keyLines)).toEqual([
      `${ledgerKey('search', 'spec-1', 'a')}\t2026-11-27T10:00:00.000Z\n`,
      `${ledgerKey('search', 'spec-1', 'b')}\t2026-11-27T10:00:00.000Z\n`,
    ]);
    expect(result.rows.months).toEqual([2026 * 12 + 10]);
    // gpt-4o at the bundled price: 1,000 input and 200 output tokens cost more than nothing.
    const columns = lineText(result.rows.rowLines, 0).trimEnd().split('\t');
    expect(columns.slice(0, 8)).toEqual([
      'spec-1',
      'a',
      '2026-11-27T10:00:00.000Z',
      'search',
      '\\N',
      '{}',
      'openai',
      'gpt-4o',
    ]);
    expect(Number(columns[15])).toBeGreaterThan(0);
  });

  it('keeps a client-supplied cost', () => {
    const data = {
      provider: 'openai',
      model: 'gpt-4o',
      inputTokens: 10,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 1,
      reasoningTokens: 0,
      requests: 1,
      costUsd: '1.25',
    };
    const result = decodeUsageTask(task([event('c', data)], { version: 1, entries: bundledPriceEntries() }));
    if (result.needPrices) throw new Error('prices were sent');
    expect(lineText(result.rows.rowLines, 0).trimEnd().split('\t').slice(15)).toEqual(['1.25', 'client']);
  });

  it('rejects what can never be stored with the reason, and keeps the rest', () => {
    const result = decodeUsageTask(
      task(
        [
          null,
          '{not json',
          event('ok'),
          event('neg', {
            provider: 'openai',
            model: 'gpt-4o',
            inputTokens: -1,
            cachedInputTokens: 0,
            cacheWriteTokens: 0,
            outputTokens: 1,
            reasoningTokens: 0,
            requests: 1,
          }),
        ],
        {
          version: 1,
          entries: bundledPriceEntries(),
        },
      ),
    );
    if (result.needPrices) throw new Error('prices were sent');
    expect(result.rejected.map((r) => r.index)).toEqual([0, 1, 3]);
    expect(result.rejected[0].reason).toMatch(/empty message/);
    expect(result.rejected[2].reason).toMatch(/data\.inputTokens/);
    expect(keysOf(result.rows)).toEqual([ledgerKey('search', 'spec-1', 'ok')]);
    expect(result.messageIndexes).toEqual([2]);
  });

  it('reads the messages it was given CloudEvents headers for in their content mode', () => {
    const data = { provider: 'openai', model: 'gpt-4o', inputTokens: 10, outputTokens: 1 };
    const attributes = { specversion: '1.0', id: 'bin', source: 'spec-1', type: 'dev.tokenmeter.usage.v1' };
    const binary = Object.fromEntries(
      Object.entries({ ...attributes, time: '2026-11-27T10:00:00.000Z', subject: 'search' }).map(([k, v]) => [
        `ce_${k}`,
        Buffer.from(v),
      ]),
    );
    const values = [JSON.stringify(data), JSON.stringify(data), event('plain')];
    const result = decodeUsageTask({
      ...task(values, { version: 1, entries: bundledPriceEntries() }),
      cloudEventHeaders: [
        { index: 0, headers: { ...binary, 'content-type': Buffer.from('application/json') } },
        { index: 1, headers: { ...binary, ce_time: Buffer.from('yesterday') } },
      ],
    });
    if (result.needPrices) throw new Error('prices were sent');
    expect(keysOf(result.rows).sort()).toEqual(
      [ledgerKey('search', 'spec-1', 'bin'), ledgerKey('search', 'spec-1', 'plain')].sort(),
    );
    const reason = expect.stringMatching(/^headers\.ce_time: expected an RFC 3339/);
    expect(result.rejected).toEqual([{ index: 1, reason }]);
  });
});
