import { SigningKey, signatureHeaders } from '@tokenmeter/contracts';
import { CopyLines, keyHex, ledgerKey, lineCount, lineText, UsageCopyRows, usageRowCount } from '@tokenmeter/db';
import { bundledPriceEntries } from '@tokenmeter/finops';
import { usageEvent } from '@tokenmeter/workload';
import type { KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { decodeUsageTask, UsageDecodeTask } from './usage-decode-task';
import { packRecords, signerKeyIds } from './usage-decoder';

const now = new Date('2026-11-28T12:00:00.000Z');

function lines(copyLines: CopyLines): string[] {
  return Array.from({ length: lineCount(copyLines) }, (_, i) => lineText(copyLines, i));
}

function keysOf(rows: UsageCopyRows): string[] {
  return Array.from({ length: usageRowCount(rows) }, (_, i) => keyHex(rows.keys, i));
}

/** An organization-wide key (a finops key): it may sign for any team. */
const orgKey: SigningKey = { keyId: '00000000-0000-4000-8000-00000000000f', signingSecret: 'f'.repeat(64), team: null };
const searchKey: SigningKey = {
  keyId: '00000000-0000-4000-8000-00000000000a',
  signingSecret: 'a'.repeat(64),
  team: 'search',
};

interface Signing {
  /** Who signs message i (null: unsigned); by default orgKey signs every message. */
  signer?: (index: number) => SigningKey | null;
  /** What message i's signature was made over; by default its value. */
  signed?: (index: number, value: string) => string;
  keys?: UsageDecodeTask['signingKeys'];
  requireSignatures?: boolean;
  owners?: UsageDecodeTask['deploymentOwners'];
}

/** The task the consumer's thread sends for these values, packed from kafkajs-like messages. */
function task(
  values: Array<string | null>,
  prices: UsageDecodeTask['prices'],
  {
    signer = () => orgKey,
    signed = (_index, value) => value,
    keys = { version: 1, entries: [orgKey, searchKey] },
    requireSignatures = true,
    owners = { version: 1, entries: [['pool-search', 'search']] },
  }: Signing = {},
): UsageDecodeTask {
  const messages = values.map((value, index) => {
    const key = signer(index);
    const headers = key ? signatureHeaders(key, signed(index, value ?? '')) : {};
    return {
      value: value === null ? null : Buffer.from(value),
      headers: Object.fromEntries(Object.entries(headers).map(([name, text]) => [name, Buffer.from(text)])),
    } as unknown as KafkaMessage;
  });
  return {
    ...packRecords(messages),
    ...signerKeyIds(messages),
    now: now.getTime(),
    prices,
    requireSignatures,
    signingKeys: keys,
    deploymentOwners: owners,
  };
}

const event = (id: string, data?: Record<string, unknown>, team?: string) =>
  JSON.stringify(
    usageEvent({
      id,
      source: 'spec-1',
      time: '2026-11-27T10:00:00.000Z',
      ...(data ? { data } : {}),
      ...(team ? { team } : {}),
    }),
  );

describe('decodeUsageTask', () => {
  it('asks for the prices once per version, then keeps them', () => {
    expect(decodeUsageTask(task([event('a')], { version: 41, entries: null }))).toEqual({ needTables: true });
    expect(decodeUsageTask(task([event('a')], { version: 41, entries: bundledPriceEntries() })).needTables).toBe(false);
    expect(decodeUsageTask(task([event('a')], { version: 41, entries: null })).needTables).toBe(false);
    expect(decodeUsageTask(task([event('a')], { version: 42, entries: null }))).toEqual({ needTables: true });
  });

  it('asks for the signing keys once per version, then keeps them', () => {
    const prices = { version: 7, entries: bundledPriceEntries() };
    const keys = (version: number, entries: SigningKey[] | null) => ({ keys: { version, entries } });
    expect(decodeUsageTask(task([event('a')], prices, keys(5, null)))).toEqual({ needTables: true });
    expect(decodeUsageTask(task([event('a')], prices, keys(5, [orgKey]))).needTables).toBe(false);
    expect(decodeUsageTask(task([event('a')], prices, keys(5, null))).needTables).toBe(false);
    expect(decodeUsageTask(task([event('a')], prices, keys(6, null)))).toEqual({ needTables: true });
  });

  it('stores a record only when an active key of its team (or an organization-wide key) signed its value', () => {
    const prices = { version: 1, entries: bundledPriceEntries() };
    const search = (id: string) => event(id, undefined, 'search');
    const values = [search('ok'), search('unsigned'), event('other-team', undefined, 'ads'), search('tampered')];
    values.push(search('revoked'), event('org', undefined, 'ads'));
    const revokedKey: SigningKey = { ...searchKey, keyId: '00000000-0000-4000-8000-0000000000dd' };
    const signers = [searchKey, null, searchKey, searchKey, revokedKey, orgKey];
    // Message 3's value changed after it was signed: the signature no longer matches.
    const signing: Signing = { signer: (i) => signers[i]!, signed: (i, value) => (i === 3 ? 'something else' : value) };
    const result = decodeUsageTask(task(values, prices, signing));
    if (result.needTables) throw new Error('tables were sent');
    expect(result.messageIndexes.sort()).toEqual([0, 5]);
    expect(result.rejected).toEqual([
      {
        index: 1,
        reason: expect.stringMatching(/^headers\.tokenmeter-key-id, headers\.tokenmeter-signature: unsigned/),
      },
      {
        index: 2,
        reason: `subject: key ${searchKey.keyId} belongs to team "search"; the record claims team "ads"`,
      },
      {
        index: 3,
        reason: `headers.tokenmeter-signature: does not match the record's value for key ${searchKey.keyId}`,
      },
      { index: 4, reason: `headers.tokenmeter-key-id: no active ingest or finops key with id "${revokedKey.keyId}"` },
    ]);
  });

  it("refuses a record naming another team's deployment, whoever signed it; unknown deployments pass", () => {
    const prices = { version: 1, entries: bundledPriceEntries() };
    const usage = (deployment: string) => ({
      provider: 'openai',
      model: 'gpt-4o',
      deployment,
      inputTokens: 1,
      outputTokens: 1,
    });
    const values = [
      event('foreign', usage('pool-search'), 'ads'),
      event('own', usage('pool-search'), 'search'),
      event('unknown', usage('pool-new'), 'ads'),
    ];
    const result = decodeUsageTask(task(values, prices));
    if (result.needTables) throw new Error('tables were sent');
    expect(result.messageIndexes.sort()).toEqual([1, 2]);
    expect(result.rejected).toEqual([
      {
        index: 0,
        reason: 'data.deployment: expected a deployment of team "ads"; "pool-search" belongs to another team',
      },
    ]);
    // A newer version of the owners is asked for once, then kept.
    const moved = { owners: { version: 2, entries: null } };
    expect(decodeUsageTask(task(values, prices, moved))).toEqual({ needTables: true });
  });

  it('lets unsigned records through when signatures are not required, and still checks signed ones', () => {
    const prices = { version: 1, entries: bundledPriceEntries() };
    const values = [event('unsigned', undefined, 'ads'), event('other-team', undefined, 'ads')];
    const signers = [null, searchKey];
    const result = decodeUsageTask(task(values, prices, { signer: (i) => signers[i]!, requireSignatures: false }));
    if (result.needTables) throw new Error('tables were sent');
    expect(result.messageIndexes).toEqual([0]);
    expect(result.rejected).toEqual([
      { index: 1, reason: `subject: key ${searchKey.keyId} belongs to team "search"; the record claims team "ads"` },
    ]);
  });

  it('encodes valid records sorted by key, first of a repeated key, and says which message each came from', () => {
    const result = decodeUsageTask(
      task([event('b'), event('a'), event('b')], { version: 1, entries: bundledPriceEntries() }),
    );
    if (result.needTables) throw new Error('prices were sent');
    expect(result.valid).toBe(3);
    expect(keysOf(result.rows)).toEqual(
      [ledgerKey('search', 'spec-1', 'a'), ledgerKey('search', 'spec-1', 'b')].sort(),
    );
    expect(ledgerKey('search', 'spec-1', 'a') < ledgerKey('search', 'spec-1', 'b')).toBe(true);
    expect(result.messageIndexes).toEqual([1, 0]);
    expect(lines(result.rows.keyLines)).toEqual([
      `${ledgerKey('search', 'spec-1', 'a')}\n`,
      `${ledgerKey('search', 'spec-1', 'b')}\n`,
    ]);
    expect(result.rows.months).toEqual([2026 * 12 + 10]);
    // Both rows share one dimension, sent once.
    expect([...result.rows.dimensionOf]).toEqual([0, 0]);
    expect(lines(result.rows.dimensionLines)).toHaveLength(1);
    expect(lineText(result.rows.dimensionLines, 0).trimEnd().split('\t').slice(0, 6)).toEqual([
      'spec-1',
      'search',
      '\\N',
      '{}',
      'openai',
      'gpt-4o',
    ]);
    // gpt-4o at the bundled price: 1,000 input and 200 output tokens cost more than nothing.
    const columns = lineText(result.rows.factLines, 0).trimEnd().split('\t');
    expect(columns.slice(0, 2)).toEqual(['a', '2026-11-27T10:00:00.000Z']);
    expect(Number(columns[8])).toBeGreaterThan(0);
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
    if (result.needTables) throw new Error('prices were sent');
    // cost, then price version, service tier (standard), price rules (none), the key that signed it
    expect(lineText(result.rows.factLines, 0).trimEnd().split('\t').at(-1)).toBe('1.25');
    expect(lineText(result.rows.dimensionLines, 0).trimEnd().split('\t').slice(7)).toEqual([
      'client',
      '\\N',
      '\\N',
      orgKey.keyId,
    ]);
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
    if (result.needTables) throw new Error('prices were sent');
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
    if (result.needTables) throw new Error('prices were sent');
    expect(keysOf(result.rows).sort()).toEqual(
      [ledgerKey('search', 'spec-1', 'bin'), ledgerKey('search', 'spec-1', 'plain')].sort(),
    );
    const reason = expect.stringMatching(/^headers\.ce_time: expected an RFC 3339/);
    expect(result.rejected).toEqual([{ index: 1, reason }]);
  });
});
