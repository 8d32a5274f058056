// The benchmarks load a year of usage straight into usage_facts, each row pointing at one of a few
// thousand usage_dimensions rows made here first. Inserting through the usage_records view instead
// runs its INSTEAD OF trigger once per row (a dimension lookup and a single-row insert): 369 s for
// the 10.2 million records of bench:read.
import type { Client } from 'pg';

/** The descriptive half of a usage record (usage_dimensions' columns that the benchmarks vary). */
export interface BenchDimension {
  source: string;
  team: string;
  tags?: Record<string, string>;
  provider: string;
  model: string;
  deployment?: string | null;
  priceVersion?: string | null;
}

/**
 * Adds the dimensions (keyed as the write path keys them, tokenmeter_usage_dimension_key) and
 * returns their ids in the order given.
 */
export async function insertDimensions(sql: Client, dimensions: readonly BenchDimension[]): Promise<number[]> {
  const { rows } = await sql.query<{ ord: string; id: number }>(
    `WITH given AS (
       SELECT ord, source, team, tags, provider, model, deployment, price_version,
              tokenmeter_usage_dimension_key(source, team, NULL, tags, provider, model, deployment, price_version,
                NULL, NULL, NULL) AS key
       FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::text[], $5::text[], $6::text[], $7::text[])
            WITH ORDINALITY AS d(source, team, tags, provider, model, deployment, price_version, ord)
     ), added AS (
       INSERT INTO usage_dimensions (key, source, team, tags, provider, model, deployment, price_version)
       SELECT key, source, team, tags, provider, model, deployment, price_version FROM given
       ON CONFLICT (key) DO NOTHING
       RETURNING id, key
     )
     SELECT g.ord, coalesce(a.id, d.id) AS id
     FROM given g LEFT JOIN added a USING (key) LEFT JOIN usage_dimensions d ON d.key = g.key
     ORDER BY g.ord`,
    [
      dimensions.map((d) => d.source),
      dimensions.map((d) => d.team),
      dimensions.map((d) => JSON.stringify(d.tags ?? {})),
      dimensions.map((d) => d.provider),
      dimensions.map((d) => d.model),
      dimensions.map((d) => d.deployment ?? null),
      dimensions.map((d) => d.priceVersion ?? null),
    ],
  );
  if (rows.length !== dimensions.length)
    throw new Error(`expected ${dimensions.length} dimensions, got ${rows.length}`);
  return rows.map((row) => row.id);
}
