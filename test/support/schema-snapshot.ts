// A comparable description of a database's schema: tables, columns, types, defaults, indexes,
// constraints and enums, leaving out partitions (they follow their parent) and Prisma's own table.
import { Client } from 'pg';

export async function schemaSnapshot(databaseUrl: string): Promise<Record<string, string[]>> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const tables = `SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
      AND NOT c.relispartition AND c.relname <> '_prisma_migrations'`;
    const columns = await client.query(`
      SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
        || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
        || COALESCE(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '') AS line
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attrelid IN (${tables}) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY 1`);
    const indexes = await client.query(`
      SELECT regexp_replace(pg_get_indexdef(i.indexrelid), ' ON (ONLY )?', ' ON ') AS line
      FROM pg_index i WHERE i.indrelid IN (${tables}) ORDER BY 1`);
    const constraints = await client.query(`
      SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS line
      FROM pg_constraint WHERE conrelid IN (${tables}) ORDER BY 1`);
    const enums = await client.query(`
      SELECT t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS line
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname ORDER BY 1`);
    const partitioning = await client.query(`
      SELECT c.relname || ' ' || pg_get_partkeydef(c.oid) AS line
      FROM pg_class c WHERE c.oid IN (${tables}) AND c.relkind = 'p' ORDER BY 1`);
    const lines = (result: { rows: { line: string }[] }) => result.rows.map((row) => row.line);
    return {
      columns: lines(columns),
      indexes: lines(indexes),
      constraints: lines(constraints),
      enums: lines(enums),
      partitioning: lines(partitioning),
    };
  } finally {
    await client.end();
  }
}
