// The dimension dictionary against a real Postgres: two ingest processes adding the same dimensions at once
// end with one row each and the same ids; the SQL key ignores how a sender ordered its tags; the
// usage_records view's INSERT trigger and the ingest path share rows; ids learnt in a caller's transaction
// that rolled back are not kept.
import {
  DatabasePool,
  encodeUsageRows,
  PartitionMaintainer,
  UsageDimensionRepository,
  UsageRecordRepository,
  UsageRow,
} from '@tokenmeter/db';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseConfig } from '../../libs/config/src/load-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { usageRow } from '../support/usage-rows';

const row = (id: string, overrides: Partial<UsageRow> = {}) =>
  usageRow(id, { source: 'dimension-test', project: 'ranker', tags: { env: 'prod', region: 'eu' }, ...overrides });

describe('usage dimensions', () => {
  let database: TestDatabase;
  let db: DatabasePool;

  beforeAll(async () => {
    database = await createTestDatabase(inject('templateDatabase'));
    db = new DatabasePool(parseConfig({ ...process.env, DATABASE_URL: database.url }));
  });

  afterAll(async () => {
    await db.onModuleDestroy();
    await database.drop();
  });

  const dimensionCount = async () => Number((await db.query('SELECT count(*) AS n FROM usage_dimensions')).rows[0].n);

  it('gives two processes adding the same dimensions at once the same ids, one row each', async () => {
    const lines = encodeUsageRows(Array.from({ length: 40 }, (_, i) => row(`r${i}`, { model: `model-${i % 20}` })))
      .encoded.dimensionLines;
    const [first, second] = await Promise.all([
      new UsageDimensionRepository(db).idsOf(lines),
      new UsageDimensionRepository(db).idsOf(lines),
    ]);
    expect([...first]).toEqual([...second]);
    expect(new Set(first).size).toBe(20);
    expect(await dimensionCount()).toBe(20);
  });

  it('keys tags by content, not by the order a sender wrote them in', async () => {
    const repository = new UsageDimensionRepository(db);
    const [a] = await repository.idsOf(
      encodeUsageRows([row('x', { tags: { env: 'prod', region: 'eu' } })]).encoded.dimensionLines,
    );
    const [b] = await repository.idsOf(
      encodeUsageRows([row('y', { tags: { region: 'eu', env: 'prod' } })]).encoded.dimensionLines,
    );
    expect(b).toBe(a);
  });

  it('shares dimensions between the ingest path and INSERT INTO usage_records', async () => {
    const dimensions = new UsageDimensionRepository(db);
    const records = new UsageRecordRepository(db, new PartitionMaintainer(db), dimensions);
    expect(await records.insertBatch([row('ingested', { model: 'shared-model' })])).toBe(1);
    const before = await dimensionCount();
    await db.query(
      `INSERT INTO usage_records (source, id, time, team, project, tags, provider, model, input_tokens,
         cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, requests, cost_usd, price_version)
       VALUES ('dimension-test', 'inserted', '2026-11-20T11:00:00Z', 'search', 'ranker', '{"region":"eu","env":"prod"}',
         'openai', 'shared-model', 5, 0, 0, 1, 0, 1, 0.5, 'test')`,
    );
    expect(await dimensionCount()).toBe(before);
    const { rows } = await db.query(
      `SELECT id, team, project, tags, model, ingested_at IS NOT NULL AS ingested FROM usage_records
       WHERE model = 'shared-model' ORDER BY id`,
    );
    expect(rows).toEqual([
      {
        id: 'ingested',
        team: 'search',
        project: 'ranker',
        tags: { env: 'prod', region: 'eu' },
        model: 'shared-model',
        ingested: true,
      },
      {
        id: 'inserted',
        team: 'search',
        project: 'ranker',
        tags: { env: 'prod', region: 'eu' },
        model: 'shared-model',
        ingested: true,
      },
    ]);
  });

  it("does not keep ids learnt in a caller's transaction that rolled back", async () => {
    const repository = new UsageDimensionRepository(db);
    const lines = encodeUsageRows([row('z', { model: 'rolled-back-model' })]).encoded.dimensionLines;
    await expect(
      db.transaction(async (client) => {
        await repository.idsOf(lines, client);
        throw new Error('caller gives up');
      }),
    ).rejects.toThrow('caller gives up');
    const [id] = await repository.idsOf(lines);
    const { rows } = await db.query('SELECT model FROM usage_dimensions WHERE id = $1', [id]);
    expect(rows).toEqual([{ model: 'rolled-back-model' }]);
  });
});
