-- AlterTable
ALTER TABLE "deployment_utilization_daily" ADD COLUMN     "capacity_output_tokens_per_sec" DECIMAL(12,2),
ADD COLUMN     "electricity_basis" VARCHAR(24) NOT NULL DEFAULT 'full-load',
ADD COLUMN     "idle_waste_basis" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "input_tokens" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "recommendations" ADD COLUMN     "assumptions_version" INTEGER;

-- CreateTable
CREATE TABLE "organization_assumptions" (
    "version" SERIAL NOT NULL,
    "values" JSONB NOT NULL,
    "set_by" VARCHAR(128) NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organization_assumptions_pkey" PRIMARY KEY ("version")
);

