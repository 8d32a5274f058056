// The ingest write path against a real Postgres: the optimistic two-COPY path, the fallback that
// sorts out keys already in the ledger, a caller's own transaction, and COPY escaping. A second
// repository stands for another ingest process: it does not share the first one's recent keys,
// so only the ledger can stop its duplicates.
import {
  DatabasePool,
  ledgerKey,
  PartitionMaintainer,
  UsageDimensionRepository,
  UsageRecordRepository,
} from '@tokenmeter/db';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseConfig } from '../../libs/config/src/load-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { usageRow } from '../support/usage-rows';

const row = usageRow;

describe('UsageRecordRepository.insertBatch', () => {
  let database: TestDatabase;
  let db: DatabasePool;
  let repository: UsageRecordRepository;
  const anotherProcess = () =>
    new UsageRecordRepository(db, new PartitionMaintainer(db), new UsageDimensionRepository(db));

  beforeAll(async () => {
    database = await createTestDatabase(inject('templateDatabase'));
    db = new DatabasePool(parseConfig({ ...process.env, DATABASE_URL: database.url }));
    repository = anotherProcess();
  });

  afterAll(async () => {
    await db.onModuleDestroy();
    await database.drop();
  });

  async function ledgerHas(ids: string[]): Promise<boolean[]> {
    const { rows } = await db.query<{ key: string }>(
      `SELECT key::text FROM usage_event_keys WHERE key = ANY($1::uuid[])`,
      [ids.map((id) => ledgerKey('search', 'repo-test', id))],
    );
    const stored = new Set(rows.map((r) => r.key.replaceAll('-', '')));
    return ids.map((id) => stored.has(ledgerKey('search', 'repo-test', id)));
  }

  it('computes the ledger key as its migration does in SQL, for any text', async () => {
    for (const [team, source, id] of [
      ['search', 'repo-test', 'a'],
      ['équipe', 'https://api.example.com/v1', 'Grüße-東京-🙂'],
      ['t', 's', 'tab\there'],
    ]) {
      const { rows } = await db.query<{ key: string }>(
        `SELECT substr(encode(sha256(convert_to($1, 'UTF8') || '\\x00'::bytea || convert_to($2, 'UTF8') ||
                                    '\\x00'::bytea || convert_to($3, 'UTF8')), 'hex'), 1, 32)::uuid::text AS key`,
        [team, source, id],
      );
      expect(rows[0].key.replaceAll('-', '')).toBe(ledgerKey(team, source, id));
    }
  });

  async function storedIds(): Promise<string[]> {
    const { rows } = await db.query<{ id: string }>(
      `SELECT id FROM usage_records WHERE source = 'repo-test' ORDER BY id`,
    );
    return rows.map((r) => r.id);
  }

  it('stores a batch of new keys, and only the new ones of a batch that repeats stored keys', async () => {
    expect(await repository.insertBatch([row('a'), row('b'), row('c')])).toBe(3);
    // 'b' again (same time) and 'c' resent with another time: both already stored, forever.
    const again = [row('b'), row('d'), row('c', { time: new Date('2026-11-21T00:00:00.000Z') }), row('e')];
    expect(await anotherProcess().insertBatch(again)).toBe(2);
    expect(await repository.insertBatch(again)).toBe(0);
    expect(await storedIds()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(await ledgerHas(['a', 'b', 'c', 'd', 'e', 'never-sent'])).toEqual([true, true, true, true, true, false]);
  });

  it('keeps the first of a key repeated inside one batch', async () => {
    expect(await repository.insertBatch([row('f', { inputTokens: 1 }), row('f', { inputTokens: 2 })])).toBe(1);
    const { rows } = await db.query<{ input_tokens: bigint }>(
      `SELECT input_tokens FROM usage_records WHERE source = 'repo-test' AND id = 'f'`,
    );
    expect(rows).toEqual([{ input_tokens: 1n }]);
  });

  it("inside a caller's transaction a stored key neither fails nor aborts the caller's other writes", async () => {
    const stored = await db.transaction(async (client) => {
      const n = await anotherProcess().insertBatch([row('a'), row('g')], client);
      await client.query(`INSERT INTO usage_event_keys (key) VALUES ($1)`, [
        ledgerKey('search', 'repo-test', 'marker'),
      ]);
      return n;
    });
    expect(stored).toBe(1);
    expect(await storedIds()).toContain('g');
    expect(await ledgerHas(['marker'])).toEqual([true]);
  });

  it('keeps its connection after a batch fallback (a refused COPY is rolled back, not a lost connection)', async () => {
    let removed = 0;
    const onRemove = () => removed++;
    db.pool.on('remove', onRemove);
    try {
      expect(await anotherProcess().insertBatch([row('a'), row('h')])).toBe(1);
    } finally {
      db.pool.off('remove', onRemove);
    }
    expect(removed).toBe(0);
  });

  it('escapes tabs, newlines and backslashes through COPY', async () => {
    const awkward = 'tab\there\nnew line \\N back\\slash\r';
    await repository.insertBatch([row('tab\tid', { project: awkward, tags: { note: awkward }, model: 'm\\odel' })]);
    const { rows } = await db.query<{ id: string; project: string; tags: Record<string, string>; model: string }>(
      `SELECT id, project, tags, model FROM usage_records WHERE source = 'repo-test' AND id = E'tab\\tid'`,
    );
    expect(rows).toEqual([{ id: 'tab\tid', project: awkward, tags: { note: awkward }, model: 'm\\odel' }]);
  });
});
