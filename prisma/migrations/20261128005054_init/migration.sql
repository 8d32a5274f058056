-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "ApiKeyRole" AS ENUM ('ingest', 'team', 'finops');

-- CreateTable
CREATE TABLE "teams" (
    "id" UUID NOT NULL,
    "slug" VARCHAR(64) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "privacy_critical" BOOLEAN NOT NULL DEFAULT false,
    "latency_under_100ms" BOOLEAN NOT NULL DEFAULT false,
    "extensive_customization" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "teams_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" UUID NOT NULL,
    "team_id" UUID,
    "role" "ApiKeyRole" NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "prefix" VARCHAR(16) NOT NULL,
    "hash" CHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),
    "last_used_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "usage_records" (
    "source" VARCHAR(256) NOT NULL,
    "id" VARCHAR(256) NOT NULL,
    "time" TIMESTAMPTZ(3) NOT NULL,
    "team" VARCHAR(64) NOT NULL,
    "project" VARCHAR(128),
    "tags" JSONB NOT NULL DEFAULT '{}',
    "provider" VARCHAR(64) NOT NULL,
    "model" VARCHAR(200) NOT NULL,
    "deployment" VARCHAR(128),
    "input_tokens" BIGINT NOT NULL,
    "cached_input_tokens" BIGINT NOT NULL,
    "cache_write_tokens" BIGINT NOT NULL,
    "output_tokens" BIGINT NOT NULL,
    "reasoning_tokens" BIGINT NOT NULL,
    "requests" INTEGER NOT NULL,
    "cost_usd" DECIMAL(20,10),
    "price_version" VARCHAR(128),
    "ingested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "usage_records_pkey" PRIMARY KEY ("source","id","time")
) PARTITION BY RANGE ("time");

-- CreateTable
CREATE TABLE "usage_event_keys" (
    "source" VARCHAR(256) NOT NULL,
    "id" VARCHAR(256) NOT NULL,
    "time" TIMESTAMPTZ(3) NOT NULL,
    "ingested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "usage_event_keys_pkey" PRIMARY KEY ("source","id")
);

-- CreateTable
CREATE TABLE "price_entries" (
    "id" VARCHAR(128) NOT NULL,
    "provider" VARCHAR(64) NOT NULL,
    "model" VARCHAR(200) NOT NULL,
    "input_per_mtok" DECIMAL(14,6) NOT NULL,
    "cached_input_per_mtok" DECIMAL(14,6),
    "cache_write_per_mtok" DECIMAL(14,6),
    "output_per_mtok" DECIMAL(14,6) NOT NULL,
    "effective_from" TIMESTAMPTZ(3) NOT NULL,
    "source" VARCHAR(500) NOT NULL,
    "organization" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "price_entries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "teams_slug_key" ON "teams"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_hash_key" ON "api_keys"("hash");

-- CreateIndex
CREATE INDEX "api_keys_team_id_idx" ON "api_keys"("team_id");

-- CreateIndex
CREATE INDEX "usage_records_team_time_idx" ON "usage_records"("team", "time");

-- CreateIndex
CREATE INDEX "usage_records_time_idx" ON "usage_records"("time");

-- CreateIndex
CREATE UNIQUE INDEX "price_entries_provider_model_effective_from_organization_key" ON "price_entries"("provider", "model", "effective_from", "organization");

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

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
SELECT tokenmeter_ensure_monthly_partitions('usage_records', (date_trunc('month', now() AT TIME ZONE 'UTC') - INTERVAL '14 months')::date, (date_trunc('month', now() AT TIME ZONE 'UTC') + INTERVAL '4 months')::date);
