-- Issue 19: usage_records' repeated text (source, team, project, tags, provider, model, deployment, price
-- provenance, signing key) moves to a dictionary, usage_dimensions, and each event keeps its numbers and a
-- 4-byte dimension id in usage_facts; usage_records becomes a view with the table's former columns, so its
-- readers are unchanged. The ledger keeps only its key. Existing rows are moved, not lost.

-- CreateTable
CREATE TABLE "usage_dimensions" (
    "id" SERIAL NOT NULL,
    "key" UUID NOT NULL,
    "source" VARCHAR(256) NOT NULL,
    "team" VARCHAR(64) NOT NULL,
    "project" VARCHAR(128),
    "tags" JSONB NOT NULL DEFAULT '{}',
    "provider" VARCHAR(64) NOT NULL,
    "model" VARCHAR(200) NOT NULL,
    "deployment" VARCHAR(128),
    "price_version" VARCHAR(128),
    "service_tier" VARCHAR(16),
    "price_rules" VARCHAR(200),
    "api_key_id" UUID,

    CONSTRAINT "usage_dimensions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "usage_facts" (
    "time" TIMESTAMPTZ(3) NOT NULL,
    "ingested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "input_tokens" BIGINT NOT NULL,
    "cached_input_tokens" BIGINT NOT NULL,
    "cache_write_tokens" BIGINT NOT NULL,
    "output_tokens" BIGINT NOT NULL,
    "reasoning_tokens" BIGINT NOT NULL,
    "dimension_id" INTEGER NOT NULL,
    "requests" INTEGER NOT NULL,
    "id" VARCHAR(256) NOT NULL,
    "cost_usd" DECIMAL(20,10)
) PARTITION BY RANGE ("time");

-- CreateIndex
CREATE UNIQUE INDEX "usage_dimensions_key_key" ON "usage_dimensions"("key");

-- CreateIndex
CREATE INDEX "usage_dimensions_team_idx" ON "usage_dimensions"("team");

-- CreateIndex
CREATE INDEX "usage_facts_dimension_id_idx" ON "usage_facts"("dimension_id");

-- CreateIndex
CREATE INDEX "usage_facts_time_idx" ON "usage_facts" USING BRIN ("time");

-- CreateIndex
CREATE INDEX "usage_facts_ingested_at_idx" ON "usage_facts" USING BRIN ("ingested_at");

-- Partition maintenance (generated for models marked @partitioned): creates the monthly
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
$$;

-- CreatePartitions
SELECT tokenmeter_ensure_monthly_partitions('usage_facts', (date_trunc('month', now() AT TIME ZONE 'UTC') - INTERVAL '14 months')::date, (date_trunc('month', now() AT TIME ZONE 'UTC') + INTERVAL '4 months')::date);

-- The dimension key: the first 128 bits of SHA-256 over the fields as a JSON array (which tells null from
-- '' and writes tags in jsonb's canonical key order). Every writer of usage_dimensions keys rows with it.
CREATE FUNCTION tokenmeter_usage_dimension_key(
  source TEXT, team TEXT, project TEXT, tags JSONB, provider TEXT, model TEXT, deployment TEXT,
  price_version TEXT, service_tier TEXT, price_rules TEXT, api_key_id UUID
) RETURNS UUID LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT encode(substr(sha256(convert_to(jsonb_build_array(source, team, project, tags, provider, model,
    deployment, price_version, service_tier, price_rules, api_key_id)::text, 'UTF8')), 1, 16), 'hex')::uuid
$$;

-- MoveRows: every month the old table holds gets its partition, then dimensions, then facts.
SELECT tokenmeter_ensure_monthly_partitions('usage_facts', min("time")::date,
  (date_trunc('month', max("time")) + INTERVAL '1 month')::date)
FROM "usage_records" HAVING count(*) > 0;

INSERT INTO "usage_dimensions" ("key", "source", "team", "project", "tags", "provider", "model", "deployment",
  "price_version", "service_tier", "price_rules", "api_key_id")
SELECT DISTINCT ON (k) k, "source", "team", "project", "tags", "provider", "model", "deployment",
  "price_version", "service_tier", "price_rules", "api_key_id"
FROM (SELECT tokenmeter_usage_dimension_key("source", "team", "project", "tags", "provider", "model",
        "deployment", "price_version", "service_tier", "price_rules", "api_key_id") AS k, *
      FROM "usage_records") r
ORDER BY k;

INSERT INTO "usage_facts" ("time", "ingested_at", "input_tokens", "cached_input_tokens", "cache_write_tokens",
  "output_tokens", "reasoning_tokens", "dimension_id", "requests", "id", "cost_usd")
SELECT r."time", r."ingested_at", r."input_tokens", r."cached_input_tokens", r."cache_write_tokens",
  r."output_tokens", r."reasoning_tokens", d."id", r."requests", r."id", r."cost_usd"
FROM "usage_records" r
JOIN "usage_dimensions" d ON d."key" = tokenmeter_usage_dimension_key(r."source", r."team", r."project",
  r."tags", r."provider", r."model", r."deployment", r."price_version", r."service_tier", r."price_rules",
  r."api_key_id")
ORDER BY r."time";

-- DropTable
DROP TABLE "usage_records";

-- AlterTable
ALTER TABLE "usage_event_keys" DROP COLUMN "time";

-- CreateView: usage_records as it was, column for column.
CREATE VIEW "usage_records" AS
SELECT d."source", f."id", f."time", d."team", d."project", d."tags", d."provider", d."model", d."deployment",
  f."input_tokens", f."cached_input_tokens", f."cache_write_tokens", f."output_tokens", f."reasoning_tokens",
  f."requests", f."cost_usd", d."price_version", d."service_tier", d."price_rules", d."api_key_id",
  f."ingested_at"
FROM "usage_facts" f
JOIN "usage_dimensions" d ON d."id" = f."dimension_id";

ALTER VIEW "usage_records" ALTER COLUMN "tags" SET DEFAULT '{}';
ALTER VIEW "usage_records" ALTER COLUMN "ingested_at" SET DEFAULT CURRENT_TIMESTAMP;

-- A row inserted into the view: its dimension (found, or added; a concurrent writer may add it first),
-- then its fact. The ingest path does the same set-wise (UsageDimensionRepository) and COPYs facts.
CREATE FUNCTION tokenmeter_usage_records_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  dimension_key UUID := tokenmeter_usage_dimension_key(NEW."source", NEW."team", NEW."project",
    coalesce(NEW."tags", '{}'), NEW."provider", NEW."model", NEW."deployment", NEW."price_version",
    NEW."service_tier", NEW."price_rules", NEW."api_key_id");
  dimension INTEGER;
BEGIN
  SELECT "id" INTO dimension FROM "usage_dimensions" WHERE "key" = dimension_key;
  IF dimension IS NULL THEN
    INSERT INTO "usage_dimensions" ("key", "source", "team", "project", "tags", "provider", "model",
      "deployment", "price_version", "service_tier", "price_rules", "api_key_id")
    VALUES (dimension_key, NEW."source", NEW."team", NEW."project", coalesce(NEW."tags", '{}'), NEW."provider",
      NEW."model", NEW."deployment", NEW."price_version", NEW."service_tier", NEW."price_rules", NEW."api_key_id")
    ON CONFLICT ("key") DO NOTHING
    RETURNING "id" INTO dimension;
    IF dimension IS NULL THEN
      SELECT "id" INTO dimension FROM "usage_dimensions" WHERE "key" = dimension_key;
    END IF;
  END IF;
  INSERT INTO "usage_facts" ("time", "ingested_at", "input_tokens", "cached_input_tokens", "cache_write_tokens",
    "output_tokens", "reasoning_tokens", "dimension_id", "requests", "id", "cost_usd")
  VALUES (NEW."time", coalesce(NEW."ingested_at", CURRENT_TIMESTAMP), NEW."input_tokens",
    NEW."cached_input_tokens", NEW."cache_write_tokens", NEW."output_tokens", NEW."reasoning_tokens", dimension,
    NEW."requests", NEW."id", NEW."cost_usd");
  RETURN NEW;
END;
$$;

CREATE TRIGGER "usage_records_insert" INSTEAD OF INSERT ON "usage_records"
FOR EACH ROW EXECUTE FUNCTION tokenmeter_usage_records_insert();
