-- CreateTable
CREATE TABLE "usage_rollups_priced_daily" (
    "day" DATE NOT NULL,
    "team" VARCHAR(64) NOT NULL,
    "provider" VARCHAR(64) NOT NULL,
    "model" VARCHAR(200) NOT NULL,
    "service_tier" VARCHAR(16) NOT NULL DEFAULT '',
    "price_version" VARCHAR(128) NOT NULL DEFAULT '',
    "price_rules" VARCHAR(200) NOT NULL DEFAULT '',
    "input_tokens" BIGINT NOT NULL,
    "cached_input_tokens" BIGINT NOT NULL,
    "cache_write_tokens" BIGINT NOT NULL,
    "output_tokens" BIGINT NOT NULL,
    "cost_usd" DECIMAL(24,10),
    "records" INTEGER NOT NULL,

    CONSTRAINT "usage_rollups_priced_daily_pkey" PRIMARY KEY ("day","team","provider","model","service_tier","price_version","price_rules")
);


-- Rollups now count exactly the raw rows ingested before their day's watermark, and the priced daily
-- rollup starts empty: forget every day's rollup so the next night rolls them all up again (until then
-- reads take those days from raw rows).
DELETE FROM "rollup_days";
