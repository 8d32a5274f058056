// The forecast step's read of a year of daily volumes, one row per scope (every day of the range,
// 0 without usage), against a real Postgres: it holds what the rollups hold, summed over projects and
// deployments, within the range only, in scope order, big totals exact.

import { addDays, daysFrom } from '@tokenmeter/contracts';
import { DatabasePool, UsageRollupDailyRepository } from '@tokenmeter/db';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseConfig } from '../../libs/config/src/load-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const FROM = '2026-01-01';
const TO = '2026-03-31';

interface Rollup {
  day: string;
  team: string;
  project: string;
  provider: string;
  model: string;
  deployment: string;
  tokens: [number, number, number, number];
}

/** Rollup rows of three scopes: several projects and deployments a day, gaps, days outside the range. */
function rollups(): Rollup[] {
  const rows: Rollup[] = [];
  const scopes = [
    ['ads', 'openai', 'gpt-4o'],
    ['search', 'anthropic', 'claude-sonnet-4'],
    ['search', 'self-hosted', 'llama-3.1-70b'],
  ];
  for (let d = -5; d < daysFrom(FROM, TO) + 6; d++) {
    for (const [s, [team, provider, model]] of scopes.entries()) {
      if ((d + s) % 4 === 0) continue; // days without usage
      for (const project of ['', 'chat', 'batch'].slice(0, 1 + ((d + s) % 3))) {
        rows.push({
          day: addDays(FROM, d),
          team,
          project,
          provider,
          model,
          deployment: provider === 'self-hosted' ? `pool-${d % 2}` : '',
          // Totals past 2^32: summed as bigints in SQL, read back as exact numbers.
          tokens: [1_000_000 * (d + 10) + s, 7 * d + 11, 3, 2 ** 33 + d * 13],
        });
      }
    }
  }
  return rows;
}

describe('UsageRollupDailyRepository.dailyHistories', () => {
  let database: TestDatabase;
  let db: DatabasePool;

  beforeAll(async () => {
    database = await createTestDatabase(inject('templateDatabase'));
    db = new DatabasePool(parseConfig({ ...process.env, DATABASE_URL: database.url }));
    const rows = rollups();
    await db.query(
      `INSERT INTO usage_rollups_daily (day, team, project, provider, model, deployment, input_tokens,
         cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, requests, cost_usd, records,
         unpriced_records)
       SELECT d, t, p, pr, m, dep, i, c, w, o, 0, 1, 0, 1, 0
       FROM unnest($1::date[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int8[], $8::int8[],
         $9::int8[], $10::int8[]) AS x(d, t, p, pr, m, dep, i, c, w, o)`,
      [
        rows.map((r) => r.day),
        rows.map((r) => r.team),
        rows.map((r) => r.project),
        rows.map((r) => r.provider),
        rows.map((r) => r.model),
        rows.map((r) => r.deployment),
        ...[0, 1, 2, 3].map((k) => rows.map((r) => String(r.tokens[k]))),
      ],
    );
  });

  afterAll(async () => {
    await db?.onModuleDestroy();
    await database?.drop();
  });

  it('holds each scope’s daily tokens in the range, summed over projects and deployments, 0 on idle days', async () => {
    const expected = new Map<string, Map<number, bigint>>();
    for (const r of rollups()) {
      if (r.day < FROM || r.day > TO) continue;
      const key = `${r.team}\u0000${r.provider}\u0000${r.model}`;
      const days = expected.get(key) ?? new Map<number, bigint>();
      const total = r.tokens.reduce((s, v) => s + BigInt(v), 0n);
      days.set(daysFrom(FROM, r.day), (days.get(daysFrom(FROM, r.day)) ?? 0n) + total);
      expected.set(key, days);
    }
    const histories = await new UsageRollupDailyRepository(db).dailyHistories(FROM, TO);
    expect(histories.map((h) => `${h.team}\u0000${h.provider}\u0000${h.model}`)).toEqual([...expected.keys()].sort());
    for (const h of histories) {
      const days = expected.get(`${h.team}\u0000${h.provider}\u0000${h.model}`) as Map<number, bigint>;
      const range = Array.from({ length: daysFrom(FROM, TO) + 1 }, (_, d) => Number(days.get(d) ?? 0n));
      expect(h.tokens).toEqual(range);
    }
  });
});
