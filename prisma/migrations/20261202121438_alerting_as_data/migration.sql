-- AlterTable
ALTER TABLE "alert_rules" ADD COLUMN     "cooldown_days" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "muted_until" TIMESTAMPTZ(3),
ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "webhook_endpoints" ADD COLUMN     "kinds" VARCHAR(32)[] DEFAULT ARRAY[]::VARCHAR(32)[],
ADD COLUMN     "max_per_hour" INTEGER NOT NULL DEFAULT 20,
ADD COLUMN     "muted_until" TIMESTAMPTZ(3),
ADD COLUMN     "name" VARCHAR(100) NOT NULL DEFAULT '',
ADD COLUMN     "type" VARCHAR(16) NOT NULL DEFAULT 'webhook',
ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "alert_config_audit" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" VARCHAR(200) NOT NULL,
    "role" VARCHAR(16) NOT NULL,
    "team" VARCHAR(64),
    "entity" VARCHAR(16) NOT NULL,
    "entity_id" VARCHAR(64) NOT NULL,
    "action" VARCHAR(16) NOT NULL,
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "alert_config_audit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_deliveries" (
    "id" BIGSERIAL NOT NULL,
    "destination_id" UUID NOT NULL,
    "job_id" VARCHAR(200) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "attempts" INTEGER NOT NULL,
    "describe" TEXT NOT NULL,
    "last_error" TEXT,
    "body" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "alert_config_audit_entity_entity_id_idx" ON "alert_config_audit"("entity", "entity_id");

-- CreateIndex
CREATE INDEX "alert_deliveries_destination_id_at_idx" ON "alert_deliveries"("destination_id", "at");

-- CreateIndex
CREATE UNIQUE INDEX "alert_deliveries_job_id_key" ON "alert_deliveries"("job_id");

