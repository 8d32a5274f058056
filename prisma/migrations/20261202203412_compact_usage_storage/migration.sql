-- DropIndex
DROP INDEX "usage_records_time_idx";

-- DropIndex
DROP INDEX "usage_records_ingested_at_idx";

-- AlterTable
ALTER TABLE "usage_records" DROP CONSTRAINT "usage_records_pkey";

-- AlterTable
ALTER TABLE "usage_event_keys" DROP COLUMN "ingested_at";

-- CreateIndex
CREATE INDEX "usage_records_time_idx" ON "usage_records" USING BRIN ("time");

-- CreateIndex
CREATE INDEX "usage_records_ingested_at_idx" ON "usage_records" USING BRIN ("ingested_at");

