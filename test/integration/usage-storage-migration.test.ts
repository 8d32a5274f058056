// The migration that split usage_records into usage_dimensions + usage_facts keeps every existing row:
// a database migrated up to the migration before it, with rows in the old table, reads the same through the
// usage_records view afterwards (values, nulls, tags and ingestion times), and the ledger keeps its keys.
import path from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, readMigrations } from '../../libs/db/src/migrations/index-for-tests';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const MIGRATION = 'compact_usage_dimensions';
const ALL_ROWS = `SELECT source, id, time, team, project, tags, provider, model, deployment, input_tokens::text,
    cached_input_tokens::text, cache_write_tokens::text, output_tokens::text, reasoning_tokens::text, requests,
    cost_usd::text, price_version, service_tier, price_rules, api_key_id, ingested_at
  FROM usage_records ORDER BY source, id`;

describe(`migration ${MIGRATION}`, () => {
  let database: TestDatabase;
  let sql: Client;

  beforeAll(async () => {
    database = await createTestDatabase('template0');
    sql = new Client({ connectionString: database.url });
    await sql.connect();
  });

  afterAll(async () => {
    await sql?.end();
    await database?.drop();
  });

  it('moves every row of usage_records into dimensions and facts, readable as before', async () => {
    const migrations = readMigrations(path.resolve(__dirname, '../../prisma/migrations'));
    const split = migrations.findIndex((migration) => migration.name.endsWith(`_${MIGRATION}`));
    expect(split).toBeGreaterThan(0);
    await applyMigrations(database.url, migrations.slice(0, split));
    // Rows over two months (one older than the window the migration creates partitions for), with nulls,
    // tags, another team and price provenance.
    await sql.query(
      "SELECT tokenmeter_ensure_monthly_partitions('usage_records', '2024-01-01', (now() + interval '1 month')::date)",
    );
    await sql.query(
      `INSERT INTO usage_records (source, id, time, team, project, tags, provider, model, deployment, input_tokens,
         cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, requests, cost_usd, price_version,
         service_tier, price_rules, api_key_id, ingested_at)
       SELECT 'src-' || (g % 2), 'id-' || g,
              CASE WHEN g % 5 = 0 THEN '2024-03-15T00:00:00Z'::timestamptz ELSE now() END - g * interval '1 minute',
              'team-' || (g % 3), CASE WHEN g % 2 = 0 THEN 'project' END,
              jsonb_build_object('env', CASE WHEN g % 4 = 0 THEN 'prod' ELSE 'dev' END),
              'openai', 'gpt-4o', NULL, g * 1000, g, 0, g * 10, 0, 1 + g % 3,
              CASE WHEN g % 7 = 0 THEN NULL ELSE g / 1000.0 END, CASE WHEN g % 7 = 0 THEN NULL ELSE 'entry' END,
              CASE WHEN g % 6 = 0 THEN 'batch' END, CASE WHEN g % 6 = 0 THEN 'service-tier:batch×0.5' END,
              CASE WHEN g % 3 = 0 THEN '00000000-0000-4000-8000-00000000000a'::uuid END,
              now() - g * interval '1 second'
       FROM generate_series(1, 500) g`,
    );
    await sql.query(
      'INSERT INTO usage_event_keys (key, time) SELECT md5(g::text)::uuid, now() FROM generate_series(1, 500) g',
    );
    const before = (await sql.query(ALL_ROWS)).rows;

    await applyMigrations(database.url, migrations);

    expect((await sql.query(ALL_ROWS)).rows).toEqual(before);
    const counts = await sql.query(
      `SELECT (SELECT count(*)::int FROM usage_facts) AS facts, (SELECT count(*)::int FROM usage_dimensions) AS dims,
              (SELECT count(*)::int FROM usage_event_keys) AS keys`,
    );
    expect(counts.rows[0].facts).toBe(500);
    expect(counts.rows[0].dims).toBeLessThan(100);
    expect(counts.rows[0].keys).toBe(500);
  });
});
