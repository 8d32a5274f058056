// Monthly range partitioning, declared in schema.prisma with a doc comment on the model:
//   /// @partitioned(time, monthly)
// Prisma has no notion of partitioned tables, so the migration generator adds the PARTITION BY
// clause and a block that creates the months around the day the migration is applied.

export interface PartitionedTable {
  table: string;
  column: string;
}

/** Tables (their @@map names) that schema.prisma marks as partitioned, with their partition column. */
export function partitionedTables(schema: string): PartitionedTable[] {
  const tables: PartitionedTable[] = [];
  const modelPattern = /((?:^[ \t]*\/\/\/.*\n)+)model\s+(\w+)\s*\{([\s\S]*?)^\}/gm;
  for (const match of schema.matchAll(modelPattern)) {
    const [, docs, model, body] = match;
    const annotation = /@partitioned\(\s*(\w+)\s*,\s*monthly\s*\)/.exec(docs);
    if (!annotation) continue;
    const fieldName = annotation[1];
    const mappedTable = /@@map\("([^"]+)"\)/.exec(body)?.[1] ?? model;
    const fieldLine = new RegExp(`^\\s*${fieldName}\\s+.*$`, 'm').exec(body)?.[0] ?? '';
    const column = /@map\("([^"]+)"\)/.exec(fieldLine)?.[1] ?? fieldName;
    tables.push({ table: mappedTable, column });
  }
  return tables;
}

const ENSURE_FUNCTION = `-- Partition maintenance (generated for models marked @partitioned): creates the monthly
-- partitions of a table over a range of months; libs/db's PartitionMaintainer calls it too.
CREATE OR REPLACE FUNCTION tokenmeter_ensure_monthly_partitions(parent TEXT, from_month DATE, to_month DATE)
RETURNS INTEGER LANGUAGE plpgsql AS $$
DECLARE
  month DATE := date_trunc('month', from_month)::date;
  created INTEGER := 0;
  partition_name TEXT;
BEGIN
  -- One creator at a time: concurrent CREATE TABLE IF NOT EXISTS can still collide.
  PERFORM pg_advisory_xact_lock(hashtext('tokenmeter_partitions:' || parent));
  WHILE month < to_month LOOP
    partition_name := format('%s_%s', parent, to_char(month, 'YYYY_MM'));
    IF to_regclass(format('%I', partition_name)) IS NULL THEN
      EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
        partition_name, parent, to_char(month, 'YYYY-MM-DD') || ' 00:00:00+00',
        to_char(month + INTERVAL '1 month', 'YYYY-MM-DD') || ' 00:00:00+00');
      created := created + 1;
    END IF;
    month := (month + INTERVAL '1 month')::date;
  END LOOP;
  RETURN created;
END;
$$;`;

/**
 * Rewrites Prisma's CREATE TABLE for each partitioned table into a partitioned one and creates
 * the months around the day the migration runs (14 back, for late events up to 400 days old, and 3 ahead).
 */
export function applyPartitioning(sql: string, tables: PartitionedTable[]): string {
  let result = sql;
  const created: PartitionedTable[] = [];
  for (const { table, column } of tables) {
    const createTable = new RegExp(`(CREATE TABLE "${table}" \\([\\s\\S]*?\\n\\));`);
    if (!createTable.test(result)) continue;
    result = result.replace(createTable, `$1 PARTITION BY RANGE ("${column}");`);
    created.push({ table, column });
  }
  if (created.length === 0) return result;
  const partitions = created
    .map(
      ({ table }) =>
        `SELECT tokenmeter_ensure_monthly_partitions('${table}', ` +
        `(date_trunc('month', now() AT TIME ZONE 'UTC') - INTERVAL '14 months')::date, ` +
        `(date_trunc('month', now() AT TIME ZONE 'UTC') + INTERVAL '4 months')::date);`,
    )
    .join('\n');
  return `${result.trimEnd()}\n\n${ENSURE_FUNCTION}\n\n-- CreatePartitions\n${partitions}\n`;
}
