// The recommendations' nightly write against a real Postgres: a night of thousands of workloads is
// stored in a few statements (not one round trip per recommendation, which made the step grow with
// the scopes at 10,000 a night), and what is read back is what was written, JSON included.
import { DatabasePool, RecommendationRepository, type RecommendationRow } from '@tokenmeter/db';
import type { PoolClient } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseConfig } from '../../libs/config/src/load-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const NIGHT = '2026-11-20';

function recommendation(i: number): Omit<RecommendationRow, 'runDate'> {
  return {
    team: `team-${Math.floor(i / 10)}`,
    workload: i % 10 === 9 ? `deployment:dep-"${i}"` : `api:openai/gpt-4o-${i}`,
    kind: i % 3 === 0 ? 'STAY_ON_API' : 'SELF_HOST',
    fingerprint: i.toString(16).padStart(64, '0'),
    announced: i % 2 === 0,
    rationale: `why ${i}: "quoted", back\\slash, tab\there, new\nline\r\n, {braces}, commas, and ünïcödé`,
    inputs: { i, nested: { list: [1, 'two', null, { three: 3 }] }, text: 'a "b" \\ c {d}\t\n', assumptionsVersion: 2 },
    numbers: { breakEvenMonths: i % 4 === 0 ? null : i / 7, bands: { selfHostFrom: 1e9 + i } },
    assumptionsVersion: i % 5 === 0 ? null : 2,
  };
}

describe('RecommendationRepository.replaceNight', () => {
  let database: TestDatabase;
  let db: DatabasePool;
  let repository: RecommendationRepository;
  let statements = 0;

  beforeAll(async () => {
    database = await createTestDatabase(inject('templateDatabase'));
    db = new DatabasePool(parseConfig({ ...process.env, DATABASE_URL: database.url }));
    repository = new RecommendationRepository(db);
    // Counts what reaches Postgres through a checked-out client (the repository's transaction).
    const counted = new WeakSet<PoolClient>();
    db.pool.on('acquire', (client) => {
      if (counted.has(client)) return;
      counted.add(client);
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
        statements++;
        return query(...args);
      };
    });
  });

  afterAll(async () => {
    await db?.onModuleDestroy();
    await database?.drop();
  });

  it('stores a night of 2,500 recommendations in a few statements and reads back what it wrote', async () => {
    const rows = Array.from({ length: 2_500 }, (_, i) => recommendation(i));
    statements = 0;
    await repository.replaceNight(NIGHT, rows);
    // BEGIN, DELETE, the COPY, COMMIT: a handful, not one per recommendation.
    expect(statements).toBeGreaterThan(0);
    expect(statements).toBeLessThanOrEqual(8);

    const stored = await repository.forNight(NIGHT);
    const byKey = new Map(stored.map((r) => [`${r.team}\u0000${r.workload}`, r]));
    expect(stored).toHaveLength(rows.length);
    for (const r of rows) expect(byKey.get(`${r.team}\u0000${r.workload}`)).toEqual({ ...r, runDate: NIGHT });
  });

  it('replaces the night on a re-run, leaving other nights alone', async () => {
    await repository.replaceNight('2026-11-19', [recommendation(1)]);
    await repository.replaceNight(NIGHT, [recommendation(7), recommendation(8)]);
    expect((await repository.forNight(NIGHT)).map((r) => r.workload).sort()).toEqual([
      'api:openai/gpt-4o-7',
      'api:openai/gpt-4o-8',
    ]);
    expect(await repository.forNight('2026-11-19')).toHaveLength(1);
    expect((await repository.previousFingerprints(NIGHT)).get('team-0\u0000api:openai/gpt-4o-1')).toBe(
      recommendation(1).fingerprint,
    );
    expect(await repository.nightFingerprints(NIGHT)).toEqual(
      new Map([7, 8].map((i) => [`team-0\u0000api:openai/gpt-4o-${i}`, recommendation(i).fingerprint])),
    );
  });
});
