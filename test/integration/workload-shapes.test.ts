// The recommendations step's hourly shape of each API workload (busiest, mean and base hour), summed
// and ranked in the client, against the same figures computed by Postgres (max, avg over the span,
// percentile_cont) on the same rows: sparse and dense workloads, several projects an hour, hours
// with zero tokens, rows outside the range and self-hosted rows left out.

import { addDays } from '@tokenmeter/contracts';
import { DatabasePool, UsageRollupHourlyRepository } from '@tokenmeter/db';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseConfig } from '../../libs/config/src/load-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const FROM = '2026-03-01';
const TO = '2026-03-29'; // exclusive: 28 days, 672 hours
const SPAN_HOURS = 28 * 24;

/** Postgres's own computation of the shapes (the statement the client-side one replaced). */
const REFERENCE = `WITH h AS (
    SELECT team, provider, model, hour,
           sum(input_tokens + cached_input_tokens + cache_write_tokens + output_tokens)::float8 AS t
    FROM usage_rollups_hourly
    WHERE hour >= ($1::date)::timestamp AT TIME ZONE 'UTC' AND hour < ($2::date)::timestamp AT TIME ZONE 'UTC'
      AND provider <> 'self-hosted'
    GROUP BY 1, 2, 3, 4)
  SELECT team, provider, model, max(t) AS peak, sum(t) / $3::float8 AS mean,
         CASE WHEN count(*) < 0.9 * $3::float8 THEN 0 ELSE percentile_cont(0.1) WITHIN GROUP (ORDER BY t) END AS base
  FROM h GROUP BY team, provider, model`;

/** A seeded stream of whole numbers. */
function random(seed: number): (below: number) => number {
  let state = seed;
  return (below) => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state % below;
  };
}

describe('UsageRollupHourlyRepository.workloadShapes', () => {
  let database: TestDatabase;
  let db: DatabasePool;

  beforeAll(async () => {
    database = await createTestDatabase(inject('templateDatabase'));
    db = new DatabasePool(parseConfig({ ...process.env, DATABASE_URL: database.url }));
    const next = random(7);
    const rows: (string | number)[][] = [];
    // Workload w has usage in a share of the hours from 50% to 100%, so some reach the 90% that gives a base.
    const workloads = Array.from({ length: 12 }, (_, w) => [`team-${w % 3}`, w % 2 ? 'openai' : 'anthropic', `m-${w}`]);
    workloads.push(['team-0', 'self-hosted', 'llama']);
    for (const [w, [team, provider, model]] of workloads.entries()) {
      const share = 50 + Math.round((w * 50) / 11);
      for (let hour = -30; hour < SPAN_HOURS + 30; hour++) {
        if (next(100) >= share) continue;
        for (const project of ['', 'chat', 'batch'].slice(0, 1 + next(3))) {
          const zero = next(40) === 0;
          const tokens = zero ? [0, 0, 0, 0] : [next(5_000_000), next(1_000), next(100), 2 ** 33 + next(1_000_000)];
          const at = new Date(Date.parse(`${FROM}T00:00:00Z`) + hour * 3_600_000).toISOString();
          rows.push([at, team, project, provider, model, ...tokens]);
        }
      }
    }
    await db.query(
      `INSERT INTO usage_rollups_hourly (hour, team, project, provider, model, deployment, input_tokens,
         cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, requests, cost_usd, records)
       SELECT h, t, p, pr, m, '', i, c, w, o, 0, 1, 0, 1
       FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int8[], $7::int8[],
         $8::int8[], $9::int8[]) AS x(h, t, p, pr, m, i, c, w, o)`,
      Array.from({ length: 9 }, (_, k) => rows.map((r) => String(r[k]))),
    );
  });

  afterAll(async () => {
    await db?.onModuleDestroy();
    await database?.drop();
  });

  it('gives the peak, mean and base hour Postgres computes, to the last bit', async () => {
    const { rows } = await db.query<Record<string, string>>(REFERENCE, [FROM, TO, SPAN_HOURS]);
    const expected = rows
      .map((r) => ({
        team: r.team,
        provider: r.provider,
        model: r.model,
        peakHourTokens: Number(r.peak),
        meanHourTokens: Number(r.mean),
        baseHourTokens: Number(r.base),
      }))
      .sort((a, b) => a.model.localeCompare(b.model));
    const shapes = await new UsageRollupHourlyRepository(db).workloadShapes(FROM, TO);
    expect(shapes.sort((a, b) => a.model.localeCompare(b.model))).toEqual(expected);
    expect(expected).toHaveLength(12);
    // Both branches of the base: some workloads have usage in 90% of the hours, some do not.
    expect(expected.filter((s) => s.baseHourTokens > 0).length).toBeGreaterThan(0);
    expect(expected.filter((s) => s.baseHourTokens === 0).length).toBeGreaterThan(0);
    expect(addDays(FROM, 28)).toBe(TO);
  });
});
